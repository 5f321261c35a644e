import type { DeliveryStatus, Db, EmailOutbox, Prisma } from "@guildhall/db";
import { z } from "zod";
import type { EmailLogger } from "./logger.ts";
import type { EmailKind } from "./render.ts";
import type { EmailTransport } from "./transport.ts";

/** A client that can read and write the outbox: `db`, or `tx` inside `db.$transaction`. */
export type OutboxClient = Prisma.TransactionClient;

export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_BATCH_SIZE = 10;
/** How long a claimed row stays Sending before another run may take it over. */
export const SENDING_LEASE_MS = 5 * 60_000;

const RETRY_BASE_MS = 10_000;
const RETRY_MAX_MS = 60 * 60_000;
const MAX_ERROR_LENGTH = 2000;

/** Addresses are compared case-insensitively everywhere, so the outbox stores them lowercased. */
const normalizeAddress = (to: string) => to.trim().toLowerCase();

export interface EnqueueEmailInput {
  kind: EmailKind;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Links the email to its invitation (set null if the invitation is deleted). */
  invitationId?: string | null | undefined;
}

const enqueueEmailInput = z.object({
  to: z.string().trim().pipe(z.email().max(254)),
  subject: z.string().min(1).max(998),
  html: z.string().min(1),
  text: z.string().min(1),
});

/**
 * Adds an email to the outbox with the caller's client. Pass the transaction client, so the
 * email commits (or rolls back) together with the invitation it belongs to; delivery happens
 * later, in `deliverPendingEmails`. Call the worker's `kick()` after the commit to send now.
 *
 * @example
 * const email = await renderEmail("organization-invitation", data); // before the transaction
 * await db.$transaction(async (tx) => {
 *   const invitation = await tx.organizationInvitation.create({ ... });
 *   await enqueueEmail(tx, { kind: "organization-invitation", to, ...email, invitationId: invitation.id });
 * });
 * worker.kick();
 */
export async function enqueueEmail(
  tx: OutboxClient,
  input: EnqueueEmailInput,
): Promise<{ id: string }> {
  enqueueEmailInput.parse(input);
  return tx.emailOutbox.create({
    data: {
      kind: input.kind,
      to: normalizeAddress(input.to),
      subject: input.subject,
      html: input.html,
      text: input.text,
      invitationId: input.invitationId ?? null,
    },
    select: { id: true },
  });
}

/**
 * Delay before retry number `failures` (1 after the first failed attempt): 10 s, 20 s,
 * 40 s, ... doubling up to 1 hour, each spread by ±25% so a burst of failures does not
 * retry in lockstep.
 */
export function retryDelayMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(RETRY_BASE_MS * 2 ** Math.max(0, failures - 1), RETRY_MAX_MS);
  return Math.min(Math.round(base * (0.75 + 0.5 * random())), RETRY_MAX_MS);
}

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message || "Unknown error").slice(0, MAX_ERROR_LENGTH);
}

export interface DeliverPendingEmailsOptions {
  db: Db;
  transport: EmailTransport;
  /** The clock; freeze it in tests. */
  now?: Date;
  /** Rows claimed (and sent concurrently) per call. Default 10. */
  batchSize?: number;
  /** Attempts before a row is marked Failed for good. Default 8. */
  maxAttempts?: number;
  /** Gets a line per failed attempt. Silent when omitted (the row records the error anyway). */
  logger?: EmailLogger;
  /** Jitter source, for deterministic tests. */
  random?: () => number;
}

export interface DeliveryReport {
  /** Rows this call claimed and tried to send. */
  claimed: number;
  sent: number;
  /** Failed this time, back to Pending with a later nextAttemptAt. */
  retrying: number;
  /** Marked Failed for good: out of attempts (including rows abandoned mid-send). */
  failed: number;
}

interface ClaimedRow {
  id: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  attempts: number;
}

/**
 * Sends one batch of due emails: Pending rows whose nextAttemptAt has come, and Sending rows
 * whose claim expired (a process died mid-send). Rows are claimed in one statement with
 * `FOR UPDATE SKIP LOCKED`, so concurrent calls, in this process or others, never claim the
 * same row. Each claim counts as an attempt and holds the row for 5 minutes.
 *
 * Sent: status Sent, sentAt. Failed: back to Pending with lastError and nextAttemptAt pushed
 * back (`retryDelayMs`), or Failed for good once `maxAttempts` attempts were made. Rows are
 * never deleted. Delivery is at least once: a process that dies after the SMTP server took
 * the message but before marking it Sent leaves it to be sent again (same Message-ID).
 *
 * @example
 * const report = await deliverPendingEmails({ db, transport });
 * // { claimed: 2, sent: 2, retrying: 0, failed: 0 }
 */
export async function deliverPendingEmails(
  options: DeliverPendingEmailsOptions,
): Promise<DeliveryReport> {
  const { db, transport, logger } = options;
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const random = options.random ?? Math.random;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError("batchSize must be a positive integer");
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new RangeError("maxAttempts must be a positive integer");

  // Rows that are due but have no attempts left: a process died while sending their last
  // attempt (or maxAttempts was lowered). Give up on them rather than send once more.
  const abandoned = await db.$executeRaw`
    UPDATE "email_outbox"
    SET "status" = 'Failed',
        "lastError" = CASE WHEN "status" = 'Sending'
          THEN 'Delivery was interrupted on the last attempt (no result within the claim period)'
          ELSE "lastError" END
    WHERE "status" IN ('Pending', 'Sending') AND "nextAttemptAt" <= ${now} AND "attempts" >= ${maxAttempts}`;

  const leaseUntil = new Date(now.getTime() + SENDING_LEASE_MS);
  const claimed = await db.$queryRaw<ClaimedRow[]>`
    UPDATE "email_outbox"
    SET "status" = 'Sending', "attempts" = "attempts" + 1, "nextAttemptAt" = ${leaseUntil}
    WHERE "id" IN (
      SELECT "id" FROM "email_outbox"
      WHERE "status" IN ('Pending', 'Sending') AND "nextAttemptAt" <= ${now} AND "attempts" < ${maxAttempts}
      ORDER BY "nextAttemptAt", "createdAt"
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "id", "to", "subject", "html", "text", "attempts"`;

  const report: DeliveryReport = {
    claimed: claimed.length,
    sent: 0,
    retrying: 0,
    failed: abandoned,
  };

  // `attempts` doubles as a fencing token: if this run overran its claim and another run
  // took the row over, the other run's attempt number differs and these writes do nothing.
  const settle = async (row: ClaimedRow, data: Prisma.EmailOutboxUpdateManyMutationInput) => {
    const { count } = await db.emailOutbox.updateMany({
      where: { id: row.id, status: "Sending", attempts: row.attempts },
      data,
    });
    if (count === 0)
      logger?.error(
        `[email] lost the claim on ${row.id} (attempt ${row.attempts}); left to the newer attempt`,
      );
    return count > 0;
  };

  const results = await Promise.allSettled(
    claimed.map(async (row) => {
      try {
        await transport.send({
          id: row.id,
          to: row.to,
          subject: row.subject,
          html: row.html,
          text: row.text,
        });
      } catch (error) {
        const lastError = describeError(error);
        if (row.attempts >= maxAttempts) {
          logger?.error(
            `[email] giving up on ${row.id} to=${row.to} after ${row.attempts} attempts: ${lastError}`,
          );
          if (await settle(row, { status: "Failed", lastError })) report.failed += 1;
        } else {
          const nextAttemptAt = new Date(now.getTime() + retryDelayMs(row.attempts, random));
          logger?.error(
            `[email] attempt ${row.attempts}/${maxAttempts} for ${row.id} to=${row.to} failed: ${lastError}; next at ${nextAttemptAt.toISOString()}`,
          );
          if (await settle(row, { status: "Pending", lastError, nextAttemptAt }))
            report.retrying += 1;
        }
        return;
      }
      if (await settle(row, { status: "Sent", sentAt: now })) report.sent += 1;
    }),
  );
  // A send error is recorded on its row; what lands here is a database error.
  const dbError = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (dbError) throw dbError.reason;
  return report;
}

/**
 * How many emails went to `to` since `since` (any kind, any status): the input of the
 * "resend invitation" rate limit.
 */
export async function countRecentEmailsTo(
  db: OutboxClient,
  to: string,
  since: Date,
): Promise<number> {
  return db.emailOutbox.count({ where: { to: normalizeAddress(to), createdAt: { gte: since } } });
}

/** The columns of an outbox row in lists: everything but the (large) bodies. */
export const outboxListSelect = {
  id: true,
  kind: true,
  to: true,
  subject: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  lastError: true,
  sentAt: true,
  createdAt: true,
  invitationId: true,
} satisfies Prisma.EmailOutboxSelect;
export type OutboxListItem = Prisma.EmailOutboxGetPayload<{ select: typeof outboxListSelect }>;

export const deliveryStatuses = [
  "Pending",
  "Sending",
  "Sent",
  "Failed",
] as const satisfies readonly DeliveryStatus[];

/** Input of `listOutbox`: 1-based page, search over recipient, subject and ids. */
export const listOutboxInput = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  q: z.string().trim().max(200).optional(),
  status: z.enum(deliveryStatuses).optional(),
});
export type ListOutboxInput = z.input<typeof listOutboxInput>;

export interface OutboxPage {
  items: OutboxListItem[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * The console's Emails page: newest first, optionally filtered by status and searched
 * (`q`) in recipient and subject, or matched exactly against the email or invitation id.
 *
 * @example
 * const { items, total } = await listOutbox(db, { page: 1, pageSize: 20, status: "Failed" });
 */
export async function listOutbox(
  db: OutboxClient,
  input: ListOutboxInput = {},
): Promise<OutboxPage> {
  const { page, pageSize, q, status } = listOutboxInput.parse(input);
  const where: Prisma.EmailOutboxWhereInput = {
    ...(status ? { status } : {}),
    ...(q
      ? {
          OR: [
            { to: { contains: q, mode: "insensitive" } },
            { subject: { contains: q, mode: "insensitive" } },
            { id: q },
            { invitationId: q },
          ],
        }
      : {}),
  };
  const [items, total] = await Promise.all([
    db.emailOutbox.findMany({
      where,
      select: outboxListSelect,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    db.emailOutbox.count({ where }),
  ]);
  return { items, total, page, pageSize };
}

/** One outbox row with its HTML and text, or null. */
export async function getOutboxEmail(db: OutboxClient, id: string): Promise<EmailOutbox | null> {
  return db.emailOutbox.findUnique({ where: { id } });
}
