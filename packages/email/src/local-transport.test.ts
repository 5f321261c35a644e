import { describe, expect, it } from "vitest";
import { deliverPendingEmails, enqueueEmail } from "./outbox.ts";
import { renderEmail } from "./render.ts";
import { createTransport } from "./transport.ts";
import {
  db,
  dueTime,
  email,
  from,
  sealer,
  sink,
  useOutboxTestDatabase,
} from "./outbox-test-kit.ts";

useOutboxTestDatabase();

describe("local outbox transport", () => {
  it("marks rows Sent and logs the link of an email without secrets", async () => {
    const lines: string[] = [];
    const local = createTransport({ from, logger: { info: (m) => lines.push(m), error() {} } });
    const { id } = await enqueueEmail(
      db,
      email({ to: "eve@example.com", subject: "Hello", text: "See https://docs.example.test/a" }),
    );
    expect(
      (await deliverPendingEmails({ db, transport: local, now: await dueTime(id) })).sent,
    ).toBe(1);
    expect(lines).toEqual([
      `[email] to=eve@example.com subject="Hello" link=https://docs.example.test/a`,
    ]);
  });

  it("logs a secret link only with logSecrets (development)", async () => {
    const rendered = await renderEmail("console-invitation", {
      instanceName: "Acme Identity",
      role: "collaborator",
      expiresAt: new Date("2030-01-01T00:00:00Z"),
      link: "https://id.example.test/console/join/tok-1234567890",
    });
    const subject = "Join the Acme Identity console as a collaborator";
    for (const logSecrets of [false, true]) {
      const lines: string[] = [];
      const local = createTransport({
        from,
        logSecrets,
        logger: { info: (m) => lines.push(m), error: (m) => lines.push(m) },
      });
      const { id } = await enqueueEmail(
        db,
        { kind: "console-invitation", to: "dana@example.com", ...rendered },
        sealer,
      );
      const now = await dueTime(id);
      expect(await deliverPendingEmails({ db, transport: local, sealer, now })).toMatchObject({
        claimed: 1,
        sent: 1,
      });
      expect(await db.emailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: "Sent",
        sentAt: now,
        sealedBody: null,
      });
      expect(lines).toEqual([
        logSecrets
          ? `[email] to=dana@example.com subject="${subject}" link=https://id.example.test/console/join/tok-1234567890`
          : `[email] to=dana@example.com subject="${subject}" link=https://id.example.test/console/join/… (link hidden: set SMTP_URL to send emails, or copy the link in the console right after inviting or resending)`,
      ]);
    }
    expect(sink.received).toHaveLength(0);
  });
});
