import type { Db } from "@guildhall/db";
import { createTestDatabase, type TestDatabase } from "@guildhall/db/testing";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { EmailLogger } from "./logger.ts";
import type { EnqueueEmailInput } from "./outbox.ts";
import { startSmtpSink, testSealer, type SmtpSink } from "./testing.ts";
import { createTransport, type EmailTransport } from "./transport.ts";

// What the outbox test files share. Each file calls `useOutboxTestDatabase()` once, at its
// top level: it gets its own database and SMTP sink, which `db`, `sink` and `smtp` (live
// bindings) point to while its tests run.

export const from = "Guildhall <no-reply@guildhall.test>";
export let t: TestDatabase;
export let db: Db;
export let sink: SmtpSink;
export let smtp: EmailTransport;
export const sealer = testSealer();

export function useOutboxTestDatabase() {
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
}

export let n = 0;
export function email(over: Partial<EnqueueEmailInput> = {}): EnqueueEmailInput {
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
export async function dueTime(id: string): Promise<Date> {
  const row = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
  return new Date(row.nextAttemptAt.getTime() + 1);
}

export const silent: EmailLogger = { info() {}, error() {} };
