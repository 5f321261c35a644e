import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmailLogger } from "./logger.ts";
import { startSmtpSink, type SmtpSink } from "./testing.ts";
import { createTransport, firstLink } from "./transport.ts";

const from = "Guildhall <no-reply@guildhall.test>";

describe("SMTP transport", () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
  });

  it("delivers subject, html and text intact", async () => {
    const transport = createTransport({ smtpUrl: sink.url, from });
    expect(transport.kind).toBe("smtp");
    const long = `https://id.example.test/invitations/${"x".repeat(120)}?a=1&b=2`;
    const email = {
      id: "email_1",
      to: "bob@example.com",
      subject: "Alice invited you to join Acme – Ünïcode & <friends>",
      html: `<p>Hello &amp; <a href="${long}">welcome</a> — ünïcode</p>\n<p>second line</p>`,
      text: `Hello & welcome — ünïcode\n\n${long}\n`,
    };
    await transport.send(email);
    transport.close();
    const [received] = await sink.waitFor(1);
    expect(received?.envelope).toEqual({
      from: "no-reply@guildhall.test",
      to: ["bob@example.com"],
    });
    expect(received?.subject).toBe(email.subject);
    expect(received?.html).toBe(email.html);
    expect(received?.text).toBe(email.text);
    expect(received?.headers.from).toBe(from);
    // The outbox id is the Message-ID, so a retried send carries the same one.
    expect(received?.messageId).toBe("<email_1@guildhall.test>");
    expect(received?.headers["x-guildhall-email-id"]).toBe("email_1");
  });

  it("rejects when the server refuses the recipient", async () => {
    const transport = createTransport({ smtpUrl: sink.url, from });
    sink.refuse(450, "Mailbox busy");
    try {
      await expect(
        transport.send({ to: "bob@example.com", subject: "s", html: "<p>h</p>", text: "t" }),
      ).rejects.toThrow(/450 Mailbox busy/);
    } finally {
      sink.accept();
      transport.close();
    }
  });

  it("refuses URLs that are not smtp:// or smtps://", () => {
    expect(() => createTransport({ smtpUrl: "http://mail.example.com", from })).toThrow(
      /smtp:\/\//,
    );
    expect(() => createTransport({ smtpUrl: "not a url", from })).toThrow(/valid URL/);
  });
});

describe("local outbox transport", () => {
  it("sends nothing and logs the recipient, subject and link", async () => {
    const lines: string[] = [];
    const logger: EmailLogger = {
      info: (m) => lines.push(m),
      error: (m) => lines.push(`ERROR ${m}`),
    };
    const transport = createTransport({ from, logger });
    expect(transport.kind).toBe("local");
    await transport.send({
      to: "bob@example.com",
      subject: "Join Acme",
      html: "<p>x</p>",
      text: "Join Acme\n\nAccept invitation:\nhttps://id.example.test/invitations/abc?t=1\n",
    });
    expect(lines).toEqual([
      '[email] to=bob@example.com subject="Join Acme" link=https://id.example.test/invitations/abc?t=1',
    ]);
  });

  it("finds the first http(s) link of a text part", () => {
    expect(firstLink("see ftp://x and http://a.test/b?c=1 then https://z.test")).toBe(
      "http://a.test/b?c=1",
    );
    expect(firstLink("no link here")).toBeUndefined();
  });
});
