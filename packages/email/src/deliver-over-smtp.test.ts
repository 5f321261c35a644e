import type { Db } from "@guildhall/db";
import { createPrismaClient } from "@guildhall/db/client";
import type { EmailLogger } from "./logger.ts";
import { describe, expect, it } from "vitest";
import { deliverPendingEmails, enqueueEmail } from "./outbox.ts";
import { renderEmail } from "./render.ts";
import { startSmtpSink } from "./testing.ts";
import { createTransport, type EmailTransport } from "./transport.ts";
import {
  db,
  dueTime,
  email,
  from,
  sealer,
  silent,
  sink,
  smtp,
  t,
  useOutboxTestDatabase,
} from "./outbox-test-kit.ts";

useOutboxTestDatabase();

describe("deliverPendingEmails over SMTP", () => {
  it("delivers a rendered email with subject, html and text intact", async () => {
    const rendered = await renderEmail("organization-invitation", {
      organization: { name: "Acme & Co" },
      roles: ["admin"],
      expiresAt: new Date("2030-01-01T00:00:00Z"),
      link: "https://id.example.test/invitations/abc?token=1&x=2",
    });
    // The link is secret: the email is queued sealed, and the worker opens it.
    const { id } = await enqueueEmail(
      db,
      { kind: "organization-invitation", to: "bob@example.com", ...rendered },
      sealer,
    );
    const now = await dueTime(id);

    const report = await deliverPendingEmails({ db, transport: smtp, sealer, now });
    expect(report).toEqual({ claimed: 1, sent: 1, retrying: 0, failed: 0 });

    const [received] = await sink.waitFor(1);
    expect(received?.envelope.to).toEqual(["bob@example.com"]);
    expect(received?.subject).toBe(rendered.subject);
    expect(received?.html).toBe(rendered.html);
    expect(received?.text).toBe(rendered.text);
    expect(received?.text).toContain("https://id.example.test/invitations/abc?token=1&x=2");

    const row = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "Sent", attempts: 1, sentAt: now, lastError: null });
    // Nothing left to do.
    expect(await deliverPendingEmails({ db, transport: smtp, now })).toEqual({
      claimed: 0,
      sent: 0,
      retrying: 0,
      failed: 0,
    });
  });

  it("keeps a refused email, records the error, backs off, then delivers it", async () => {
    const { id } = await enqueueEmail(db, email({ to: "later@example.com" }));
    const first = await dueTime(id);
    sink.refuse(451, "Try again later");

    const report = await deliverPendingEmails({
      db,
      transport: smtp,
      now: first,
      random: () => 0.5,
    });
    expect(report).toEqual({ claimed: 1, sent: 0, retrying: 1, failed: 0 });
    const failed = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(failed.status).toBe("Pending");
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatch(/451 Try again later/);
    expect(failed.sentAt).toBeNull();
    // random 0.5 = no jitter: the first retry waits 10 s.
    expect(failed.nextAttemptAt.getTime() - first.getTime()).toBe(10_000);

    // Not due yet: nothing is claimed, even once the server accepts again.
    sink.accept();
    const early = new Date(first.getTime() + 9_000);
    expect((await deliverPendingEmails({ db, transport: smtp, now: early })).claimed).toBe(0);

    const later = new Date(failed.nextAttemptAt.getTime() + 1);
    expect(await deliverPendingEmails({ db, transport: smtp, now: later })).toEqual({
      claimed: 1,
      sent: 1,
      retrying: 0,
      failed: 0,
    });
    await sink.waitFor(1);
    expect(sink.received[0]?.envelope.to).toEqual(["later@example.com"]);
    const sent = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(sent).toMatchObject({ status: "Sent", attempts: 2, sentAt: later });
    // The error of the earlier attempt stays on the row, for the console's history.
    expect(sent.lastError).toMatch(/451/);
  });

  it("retries when the SMTP server is down", async () => {
    const down = await startSmtpSink();
    const transport = createTransport({ smtpUrl: down.url, from });
    await down.close();
    try {
      const { id } = await enqueueEmail(db, email());
      const now = await dueTime(id);
      const report = await deliverPendingEmails({ db, transport, now });
      expect(report.retrying).toBe(1);
      const row = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
      expect(row.status).toBe("Pending");
      expect(row.attempts).toBe(1);
      expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
    } finally {
      transport.close();
    }
  });

  it("retries with backoff capped at 1 hour for 24 hours, then keeps the row as Failed", async () => {
    const { id } = await enqueueEmail(db, email());
    const { queuedAt } = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
    // An outage of more than a day (a failing transport: quicker than ~30 SMTP sessions).
    const down: EmailTransport = {
      kind: "smtp",
      send: () => Promise.reject(new Error("451 Mailbox temporarily unavailable")),
      close() {},
    };
    const lines: string[] = [];
    const logger: EmailLogger = { info: () => {}, error: (m) => lines.push(m) };

    // An injected clock: each run happens the moment the row is due again.
    const attemptsAt: Date[] = [];
    for (let i = 0; i < 100; i++) {
      const now = await dueTime(id);
      attemptsAt.push(now);
      const report = await deliverPendingEmails({ db, transport: down, now, logger });
      if (report.failed === 1) break;
      expect(report).toMatchObject({ claimed: 1, retrying: 1 });
    }
    const row = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "Failed", sentAt: null, attempts: attemptsAt.length });
    expect(row.lastError).toMatch(/451/);
    const first = attemptsAt[0]?.getTime() ?? 0;
    const last = attemptsAt.at(-1)?.getTime() ?? 0;
    // Old behaviour: 8 attempts over ~21 minutes. Now: still trying a day later.
    expect(last - queuedAt.getTime()).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(last - first).toBeLessThan(26 * 3_600_000);
    const gaps = attemptsAt.slice(1).map((at, i) => at.getTime() - (attemptsAt[i]?.getTime() ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(3_600_001);
    expect(gaps.slice(0, 3).every((gap) => gap < 60_000)).toBe(true);
    expect(lines.at(-1)).toMatch(/giving up on .* after \d+ attempts/);

    // Failed is final for the worker: a later run, even far in the future, leaves it alone.
    const farFuture = new Date(Date.now() + 30 * 86_400_000);
    expect((await deliverPendingEmails({ db, transport: smtp, now: farFuture })).claimed).toBe(0);
    expect(sink.received).toHaveLength(0);
    expect(await db.emailOutbox.count({ where: { id } })).toBe(1);
  });

  it("gives up after retryForMs when it is set shorter", async () => {
    const { id } = await enqueueEmail(db, email());
    const { queuedAt } = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
    sink.refuse(550, "No such user");
    const runs = [];
    for (const offset of [1, 30_000]) {
      runs.push(
        await deliverPendingEmails({
          db,
          transport: smtp,
          now: new Date(queuedAt.getTime() + offset),
          retryForMs: 20_000,
          random: () => 0.5,
          logger: silent,
        }),
      );
    }
    expect(runs.map((r) => [r.retrying, r.failed])).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it("sends each email exactly once when two runs race", async () => {
    const slowSink = await startSmtpSink({ dataDelayMs: 20 });
    const slow = createTransport({ smtpUrl: slowSink.url, from });
    // A second client, with its own connections: as another app process would be.
    const other = createPrismaClient(t.url, { max: 5 });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 24; i++)
        ids.push((await enqueueEmail(db, email({ subject: `race ${i}` }))).id);
      const now = new Date(Date.now() + 1000);
      const drain = async (client: Db) => {
        let sent = 0;
        for (;;) {
          const report = await deliverPendingEmails({
            db: client,
            transport: slow,
            now,
            batchSize: 3,
            logger: silent,
          });
          sent += report.sent;
          if (report.claimed === 0) return sent;
        }
      };
      const [a, b] = await Promise.all([drain(db), drain(other)]);
      expect(a + b).toBe(24);
      // Both runs took part (otherwise the race proves nothing).
      expect(Math.min(a, b)).toBeGreaterThan(0);
      await slowSink.waitFor(24);
      await new Promise((r) => setTimeout(r, 100));
      const subjects = slowSink.received.map((m) => m.subject).sort();
      expect(subjects).toEqual(Array.from({ length: 24 }, (_, i) => `race ${i}`).sort());
      const rows = await db.emailOutbox.findMany({ where: { id: { in: ids } } });
      expect(rows.every((r) => r.status === "Sent" && r.attempts === 1)).toBe(true);
    } finally {
      slow.close();
      await other.$disconnect();
      await slowSink.close();
    }
  });
});
