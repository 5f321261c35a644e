import { describe, expect, it } from "vitest";
import { renderEmail } from "../render.ts";

const base = { instanceName: "Guildhall" };
const token = "Zx9-secret_token_0123456789abcdefghijklmnopq";

describe("account emails", () => {
  it("email verification: the code and the link are sent, and redacted in the stored copy", async () => {
    const email = await renderEmail("email-verification", {
      ...base,
      email: "ada@example.com",
      code: "493817",
      link: `https://id.example.test/verify-email?token=${token}`,
      expiresInMinutes: 10,
    });
    expect(email.subject).toBe("Verify your email for Guildhall");
    expect(email.text).toContain("493817");
    expect(email.text).toContain(token);
    expect(email.text).toContain("expire in 10 minutes");
    const stored = `${email.redacted?.html}${email.redacted?.text}`;
    expect(stored).not.toContain("493817");
    expect(stored).not.toContain(token);
    expect(email.redacted?.text).toContain("https://id.example.test/…");
  });

  it("password reset: the link is secret", async () => {
    const email = await renderEmail("password-reset", {
      ...base,
      email: "ada@example.com",
      link: `https://id.example.test/reset-password?token=${token}`,
      expiresInMinutes: 60,
    });
    expect(email.text).toContain(token);
    expect(email.text).toContain("expires in 1 hour");
    expect(`${email.redacted?.html}${email.redacted?.text}`).not.toContain(token);
  });

  it("account exists: plain links to sign-in and forgot password, nothing secret", async () => {
    const email = await renderEmail("account-exists", {
      ...base,
      email: "ada@example.com",
      signInLink: "https://id.example.test/sign-in",
      resetLink: "https://id.example.test/forgot-password",
    });
    expect(email.redacted).toBeNull();
    expect(email.text).toContain("No new account was created");
    expect(email.html).toContain("https://id.example.test/forgot-password");
  });

  it("email change: the code goes to the new address, redacted when stored", async () => {
    const email = await renderEmail("email-change", {
      ...base,
      newEmail: "new@example.com",
      code: "050607",
      expiresInMinutes: 10,
    });
    expect(email.text).toContain("050607");
    expect(email.text).toContain("new@example.com");
    expect(`${email.redacted?.html}${email.redacted?.text}`).not.toContain("050607");
  });

  it("refuses a code that is not 6 digits", async () => {
    await expect(
      renderEmail("email-change", {
        ...base,
        newEmail: "n@example.com",
        code: "12345",
        expiresInMinutes: 10,
      }),
    ).rejects.toThrow();
  });
});
