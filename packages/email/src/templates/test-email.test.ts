import { describe, expect, it } from "vitest";
import { describeEmailTransport } from "../env.ts";
import { renderEmail } from "../render.ts";

describe("test email", () => {
  it("names the server and who asked, escapes them, and carries no secret", async () => {
    const email = await renderEmail("test-email", {
      instanceName: "Guildhall",
      requestedBy: "<b>ada</b>@example.com",
      server: "smtp.example.com:587",
      consoleUrl: "https://id.example.test",
    });
    expect(email.subject).toBe("Test email from Guildhall");
    expect(email.text).toContain("smtp.example.com:587");
    expect(email.text).toContain("https://id.example.test");
    expect(email.html).not.toContain("<b>ada</b>");
    expect(email.html).toContain("&lt;b&gt;ada&lt;/b&gt;");
    expect(email.redacted).toBeNull();
  });
});

describe("describeEmailTransport", () => {
  it("shows host and port of SMTP_URL, never its user name or password", () => {
    const from = "Acme <no-reply@acme.test>";
    expect(
      describeEmailTransport({ smtpUrl: "smtp://user:s3cret@smtp.acme.test:2525", from }),
    ).toEqual({ kind: "smtp", host: "smtp.acme.test", port: 2525, secure: false, from });
    expect(describeEmailTransport({ smtpUrl: "smtps://mail.acme.test", from })).toEqual({
      kind: "smtp",
      host: "mail.acme.test",
      port: 465,
      secure: true,
      from,
    });
    expect(describeEmailTransport({ smtpUrl: "smtp://mail.acme.test", from })).toMatchObject({
      port: 587,
      secure: false,
    });
    expect(describeEmailTransport({ smtpUrl: undefined, from })).toEqual({ kind: "local", from });
    expect(
      JSON.stringify(describeEmailTransport({ smtpUrl: "smtp://u:pw@h:1", from })),
    ).not.toMatch(/pw|"u"/);
  });
});
