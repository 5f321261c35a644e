import type { Db } from "@guildhall/db";
import { createPrismaClient } from "@guildhall/db/client";
import { createTestDatabase, type TestDatabase } from "@guildhall/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EmailLogger } from "./logger.ts";
import {
  countRecentEmailsTo,
  deliverPendingEmails,
  enqueueEmail,
  getOutboxEmail,
  listOutbox,
  retryDelayMs,
  retryFailedEmail,
  SENDING_LEASE_MS,
  type EnqueueEmailInput,
} from "./outbox.ts";
import { renderEmail } from "./render.ts";
import { startSmtpSink, testSealer, type SmtpSink } from "./testing.ts";
import { createTransport, type EmailTransport } from "./transport.ts";

const from = "Guildhall <no-reply@guildhall.test>";
let t: TestDatabase;
let db: Db;
let sink: SmtpSink;
let smtp: EmailTransport;
const sealer = testSealer();

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  sink = await startSmtpSink();
  smtp = createTransport({ smtpUrl: sink.url, from });
});
afterAll(async () => {
  smtp.close();
  await sink.close();
  await t.close();
});
beforeEach(async () => {
  // Tests share one database; deliverPendingEmails takes every due row, so start empty.
  await db.emailOutbox.deleteMany();
  sink.accept();
  sink.received.length = 0;
});

let n = 0;
function email(over: Partial<EnqueueEmailInput> = {}): EnqueueEmailInput {
  n += 1;
  return {
    kind: "organization-invitation",
    to: `invitee-${n}@example.com`,
    subject: `Invitation ${n}`,
    html: `<p>Invitation ${n}</p>`,
    text: `Invitation ${n}\nhttps://id.example.test/invitations/${n}\n`,
    ...over,
  };
}

/** A frozen clock just past the row's nextAttemptAt. */
async function dueTime(id: string): Promise<Date> {
  const row = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
  return new Date(row.nextAttemptAt.getTime() + 1);
}

const silent: EmailLogger = { info() {}, error() {} };

describe("enqueueEmail", () => {
  it("writes the row with the transaction, so it rolls back with it", async () => {
    await expect(
      db.$transaction(async (tx) => {
        await enqueueEmail(tx, email({ to: "rolled-back@example.com" }));
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await db.emailOutbox.count({ where: { to: "rolled-back@example.com" } })).toBe(0);

    const { invitationId, id } = await db.$transaction(async (tx) => {
      const invitation = await tx.organizationInvitation.create({
        data: {
          invitee: "carol@example.com",
          tokenHash: `hash-${n}`,
          expiresAt: new Date(Date.now() + 86_400_000),
        },
      });
      const queued = await enqueueEmail(
        tx,
        email({ to: " Carol@Example.com ", invitationId: invitation.id }),
      );
      return { invitationId: invitation.id, id: queued.id };
    });
    const row = await getOutboxEmail(db, id);
    expect(row).toMatchObject({
      to: "carol@example.com",
      status: "Pending",
      attempts: 0,
      invitationId,
      lastError: null,
    });
  });

  it("rejects a malformed recipient", async () => {
    await expect(enqueueEmail(db, email({ to: "not-an-address" }))).rejects.toThrow();
  });
});

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

describe("deliverPendingEmails claims", () => {
  const ok: EmailTransport = { kind: "local", send: async () => {}, close() {} };

  it("takes over a row stuck in Sending for more than 5 minutes", async () => {
    const { id } = await enqueueEmail(db, email());
    const claimedAt = await dueTime(id);
    // A run that claims the row and never finishes (its process died mid-send).
    const hung: EmailTransport = {
      kind: "local",
      send: () => new Promise<void>(() => {}),
      close() {},
    };
    void deliverPendingEmails({ db, transport: hung, now: claimedAt });
    await expect
      .poll(async () => (await db.emailOutbox.findUniqueOrThrow({ where: { id } })).status)
      .toBe("Sending");

    const within = new Date(claimedAt.getTime() + SENDING_LEASE_MS - 1);
    expect((await deliverPendingEmails({ db, transport: ok, now: within })).claimed).toBe(0);

    const after = new Date(claimedAt.getTime() + SENDING_LEASE_MS);
    expect(await deliverPendingEmails({ db, transport: ok, now: after })).toMatchObject({
      claimed: 1,
      sent: 1,
    });
    expect(await db.emailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "Sent",
      attempts: 2,
    });
  });

  it("ignores the late result of a run whose claim was taken over", async () => {
    const { id } = await enqueueEmail(db, email());
    const claimedAt = await dueTime(id);
    let finishLate: (() => void) | undefined;
    const late: EmailTransport = {
      kind: "local",
      send: () =>
        new Promise<void>(
          (_resolve, reject) => (finishLate = () => reject(new Error("late failure"))),
        ),
      close() {},
    };
    const first = deliverPendingEmails({ db, transport: late, now: claimedAt, logger: silent });
    await expect.poll(() => finishLate).toBeDefined();

    const after = new Date(claimedAt.getTime() + SENDING_LEASE_MS);
    await deliverPendingEmails({ db, transport: ok, now: after });
    finishLate?.();
    expect(await first).toMatchObject({ claimed: 1, retrying: 0, failed: 0 });
    expect(await db.emailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "Sent",
      attempts: 2,
      lastError: null,
    });
  });

  it("gives up on a row that died mid-send after its retry window", async () => {
    const { id } = await enqueueEmail(db, email());
    const now = await dueTime(id);
    await db.emailOutbox.update({
      where: { id },
      data: {
        status: "Sending",
        attempts: 30,
        nextAttemptAt: now,
        queuedAt: new Date(now.getTime() - 25 * 3_600_000),
      },
    });
    expect(await deliverPendingEmails({ db, transport: ok, now })).toEqual({
      claimed: 0,
      sent: 0,
      retrying: 0,
      failed: 1,
    });
    const row = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("Failed");
    expect(row.lastError).toMatch(/interrupted/);
  });

  it("claims at most batchSize rows, oldest due first", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await enqueueEmail(db, email())).id);
    const sent: string[] = [];
    const recording: EmailTransport = {
      kind: "local",
      send: async (e) => void sent.push(e.id ?? ""),
      close() {},
    };
    const now = new Date(Date.now() + 1000);
    expect(
      (await deliverPendingEmails({ db, transport: recording, now, batchSize: 2 })).claimed,
    ).toBe(2);
    expect(new Set(sent)).toEqual(new Set(ids.slice(0, 2)));
  });
});

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

describe("emails that carry a secret", () => {
  const link = "https://id.example.test/invite/SECRET-token-0123456789abcdef";
  const render = () =>
    renderEmail("organization-invitation", {
      organization: { name: "Acme" },
      expiresAt: new Date("2030-01-01T00:00:00Z"),
      link,
    });
  /** Every column of the row, as the database holds it. */
  const rawRow = async (id: string) =>
    JSON.stringify(
      await db.$queryRaw`SELECT row_to_json(o)::text AS row FROM "email_outbox" o WHERE "id" = ${id}`,
    );

  it("stores only the redacted copy readable, sends the real one, then drops the sealed body", async () => {
    const rendered = await render();
    expect(rendered.redacted?.text).toContain("https://id.example.test/invite/…");
    const { id } = await enqueueEmail(
      db,
      { kind: "organization-invitation", to: "fay@example.com", ...rendered },
      sealer,
    );
    expect(await rawRow(id)).not.toContain("SECRET-token");
    const stored = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({ redacted: true, text: rendered.redacted?.text });
    expect(stored.sealedBody).toEqual(expect.any(String));
    // The console's view has no sealed body at all.
    expect(await getOutboxEmail(db, id)).not.toHaveProperty("sealedBody");

    const now = await dueTime(id);
    expect((await deliverPendingEmails({ db, transport: smtp, sealer, now })).sent).toBe(1);
    const [received] = await sink.waitFor(1);
    expect(received?.text).toBe(rendered.text);
    expect(received?.html).toBe(rendered.html);
    expect(received?.text).toContain(link);
    const sent = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(sent).toMatchObject({ status: "Sent", sealedBody: null, redacted: true });
    expect(await rawRow(id)).not.toContain("SECRET-token");
  });

  it("refuses to queue it without a sealer", async () => {
    const rendered = await render();
    await expect(
      enqueueEmail(db, { kind: "organization-invitation", to: "gus@example.com", ...rendered }),
    ).rejects.toThrow(/instance secret/);
    expect(await db.emailOutbox.count({ where: { to: "gus@example.com" } })).toBe(0);
  });

  it("fails the attempt (and retries) when the body cannot be decrypted", async () => {
    const { id } = await enqueueEmail(
      db,
      { kind: "organization-invitation", to: "hal@example.com", ...(await render()) },
      sealer,
    );
    const now = await dueTime(id);
    const report = await deliverPendingEmails({
      db,
      transport: smtp,
      sealer: testSealer(),
      now,
      logger: silent,
    });
    expect(report).toMatchObject({ retrying: 1, sent: 0 });
    const row = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(row.lastError).toMatch(/GUILDHALL_SECRET/);
    expect(row.sealedBody).not.toBeNull();
    expect(sink.received).toHaveLength(0);
  });
});

describe("retryFailedEmail", () => {
  it("queues a Failed email again with a new retry window, once", async () => {
    const rendered = await renderEmail("organization-invitation", {
      organization: { name: "Acme" },
      expiresAt: new Date("2030-01-01T00:00:00Z"),
      link: "https://id.example.test/invite/retry-token-0123456789",
    });
    const { id } = await enqueueEmail(
      db,
      { kind: "organization-invitation", to: "ivy@example.com", ...rendered },
      sealer,
    );
    const failedAt = new Date(Date.now() + 25 * 3_600_000);
    await db.emailOutbox.update({
      where: { id },
      data: { status: "Failed", attempts: 30, lastError: "451 down" },
    });

    expect(await retryFailedEmail(db, "missing", failedAt)).toEqual({ outcome: "not_found" });
    expect(await retryFailedEmail(db, id, failedAt, { kinds: ["console-invitation"] })).toEqual({
      outcome: "not_found",
    });
    const result = await retryFailedEmail(db, id, failedAt);
    expect(result).toMatchObject({
      outcome: "queued",
      email: { id, status: "Pending", queuedAt: failedAt, nextAttemptAt: failedAt, attempts: 30 },
    });
    expect(await retryFailedEmail(db, id, failedAt)).toEqual({
      outcome: "not_failed",
      status: "Pending",
    });

    const now = new Date(failedAt.getTime() + 1);
    expect((await deliverPendingEmails({ db, transport: smtp, sealer, now })).sent).toBe(1);
    const [received] = await sink.waitFor(1);
    expect(received?.text).toContain("https://id.example.test/invite/retry-token-0123456789");
  });

  it("refuses a row whose body was removed", async () => {
    const { id } = await enqueueEmail(db, email());
    await db.emailOutbox.update({
      where: { id },
      data: { status: "Failed", redacted: true, sealedBody: null },
    });
    expect(await retryFailedEmail(db, id, new Date())).toEqual({ outcome: "body_unavailable" });
  });
});

describe("retryDelayMs", () => {
  it("doubles from 10 s, caps at 1 h and spreads by ±25%", () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 8].map((f) => retryDelayMs(f, mid))).toEqual([
      10_000, 20_000, 40_000, 80_000, 1_280_000,
    ]);
    expect(retryDelayMs(20, mid)).toBe(3_600_000);
    expect(retryDelayMs(1, () => 0)).toBe(7_500);
    expect(retryDelayMs(1, () => 0.999999)).toBe(12_500);
    expect(retryDelayMs(20, () => 0.999999)).toBe(3_600_000);
  });
});

describe("console queries", () => {
  it("lists newest first with search, status filter and pagination, without bodies", async () => {
    const a = await enqueueEmail(
      db,
      email({ to: "alpha@example.com", subject: "Welcome to Acme" }),
    );
    await new Promise((r) => setTimeout(r, 5));
    const b = await enqueueEmail(db, email({ to: "beta@example.com", subject: "Join Initech" }));
    await new Promise((r) => setTimeout(r, 5));
    const c = await enqueueEmail(db, email({ to: "gamma@example.com", subject: "Join Acme" }));
    await db.emailOutbox.update({ where: { id: b.id }, data: { status: "Failed" } });

    const all = await listOutbox(db, { page: 1, pageSize: 2 });
    expect(all.total).toBe(3);
    expect(all.items.map((i) => i.id)).toEqual([c.id, b.id]);
    expect(all.items[0]).not.toHaveProperty("html");
    expect((await listOutbox(db, { page: 2, pageSize: 2 })).items.map((i) => i.id)).toEqual([a.id]);

    const acme = await listOutbox(db, { q: "ACME" });
    expect(acme.items.map((i) => i.id)).toEqual([c.id, a.id]);
    expect((await listOutbox(db, { q: "beta@" })).items.map((i) => i.id)).toEqual([b.id]);
    expect((await listOutbox(db, { q: a.id })).items.map((i) => i.id)).toEqual([a.id]);
    expect((await listOutbox(db, { status: "Failed" })).items.map((i) => i.id)).toEqual([b.id]);
    expect((await listOutbox(db, { status: "Sent" })).total).toBe(0);
    // A scope limits the kinds (collaborators do not see console invitations).
    await db.emailOutbox.update({ where: { id: a.id }, data: { kind: "console-invitation" } });
    const scoped = await listOutbox(db, {}, { kinds: ["organization-invitation"] });
    expect(scoped.items.map((i) => i.id)).toEqual([c.id, b.id]);
    expect(await getOutboxEmail(db, a.id, { kinds: ["organization-invitation"] })).toBeNull();
    await expect(listOutbox(db, { pageSize: 1000 })).rejects.toThrow();
  });

  it("gets one email with its bodies", async () => {
    const { id } = await enqueueEmail(db, email({ html: "<p>full body</p>" }));
    expect(await getOutboxEmail(db, id)).toMatchObject({
      id,
      html: "<p>full body</p>",
      status: "Pending",
    });
    expect(await getOutboxEmail(db, "missing")).toBeNull();
  });

  it("counts recent emails to one address, case-insensitively", async () => {
    const since = new Date(Date.now() - 1000);
    await enqueueEmail(db, email({ to: "Repeat@Example.com" }));
    await enqueueEmail(db, email({ to: "repeat@example.com" }));
    await enqueueEmail(db, email({ to: "other@example.com" }));
    expect(await countRecentEmailsTo(db, "REPEAT@example.com", since)).toBe(2);
    expect(await countRecentEmailsTo(db, "repeat@example.com", new Date(Date.now() + 60_000))).toBe(
      0,
    );
  });
});
