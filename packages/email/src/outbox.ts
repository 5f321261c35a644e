import type { DeliveryStatus, Db, Prisma } from "@guildhall/db";
import { prismaStatement, sqlTable } from "@guildhall/db/sql";
import {
  newRowId,
  preparedSql,
  sqlRunner,
  standalone,
  type SqlPart,
  type SqlRunner,
} from "@guildhall/db/sql-runner";
import { deliveryStatus } from "@guildhall/validators";
import { z } from "zod";
import type { EmailLogger } from "./logger.ts";
import type { EmailKind } from "./render.ts";
import type { EmailTransport, OutgoingEmail } from "./transport.ts";

/** A client that can read and write the outbox: `db`, or `tx` inside `db.$transaction`. */
export type OutboxClient = Prisma.TransactionClient;

/**
 * How long an email is retried before it is marked Failed: a day, so an SMTP outage over a
 * night or a weekend day loses nothing. Counted from `queuedAt` (the console's Retry starts
 * a new window).
 */
export const DEFAULT_RETRY_FOR_MS = 24 * 60 * 60_000;
export const DEFAULT_BATCH_SIZE = 10;
/** How long a claimed row stays Sending before another run may take it over. */
export const SENDING_LEASE_MS = 5 * 60_000;

const RETRY_BASE_MS = 10_000;
const RETRY_MAX_MS = 60 * 60_000;
const MAX_ERROR_LENGTH = 2000;

/** Addresses are compared case-insensitively everywhere, so the outbox stores them lowercased. */
const normalizeAddress = (to: string) => to.trim().toLowerCase();

/**
 * Seals outbox bodies at rest (AES-256-GCM under the instance secret; `outboxSealer` in
 * @guildhall/core). This package only holds the interface, so it needs no secret of its own.
 */
export interface OutboxSealer {
  seal(plaintext: string): string;
  /** Throws when the value was not sealed with this key (e.g. the instance secret changed). */
  open(sealed: string): string;
}

export interface EnqueueEmailInput {
  kind: EmailKind;
  to: string;
  subject: string;
  /** The email as it is sent. */
  html: string;
  text: string;
  /**
   * The copy with its secrets replaced (`RenderedEmail.redacted`, from the template). When
   * set, only this copy is stored readable; the email as sent is sealed.
   */
  redacted?: { html: string; text: string } | null | undefined;
  /** Links the email to its invitation (set null if the invitation is deleted). */
  invitationId?: string | null | undefined;
}

/** The email as sent, as sealed in `sealedBody`. */
const sealedBodySchema = z.object({ html: z.string(), text: z.string() });

const enqueueEmailInput = z.object({
  to: z.string().trim().pipe(z.email().max(254)),
  subject: z.string().min(1).max(998),
  html: z.string().min(1),
  text: z.string().min(1),
  redacted: z.object({ html: z.string().min(1), text: z.string().min(1) }).nullish(),
});

/**
 * Adds an email to the outbox with the caller's client. Pass the transaction client, so the
 * email commits (or rolls back) together with the invitation it belongs to; delivery happens
 * later, in `deliverPendingEmails`. Call the worker's `kick()` after the commit to send now.
 *
 * An email with a redacted copy (its template marked a secret, e.g. the invitation link)
 * needs `sealer`: the row stores the redacted copy readable and the email itself sealed, so
 * nobody who can read the database (or the console's Emails page) gets the secret.
 *
 * @example
 * const email = await renderEmail("organization-invitation", data); // before the transaction
 * await db.$transaction(async (tx) => {
 *   const invitation = await tx.organizationInvitation.create({ ... });
 *   await enqueueEmail(tx, { kind: "organization-invitation", to, ...email, invitationId: invitation.id }, sealer);
 * });
 * worker.kick();
 */
export async function enqueueEmail(
  tx: OutboxClient | SqlRunner,
  input: EnqueueEmailInput,
  sealer?: OutboxSealer,
): Promise<{ id: string }> {
  const row = outboxRow(input, sealer);
  await sqlRunner(tx).execute(ENQUEUE_SQL, outboxPart.values(row));
  return { id: row.id };
}

/** An outbox row as written: validated, its secrets sealed, its id chosen. */
export interface OutboxRow {
  id: string;
  kind: EmailKind;
  to: string;
  subject: string;
  html: string;
  text: string;
  redacted: boolean;
  sealedBody: string | null;
  at: Date;
  invitationId: string | null;
}

/**
 * The row `enqueueEmail` writes, for a caller that writes it within its own statement
 * (`outboxPart`). Same checks: an email with a redacted copy needs `sealer`.
 */
export function outboxRow(input: EnqueueEmailInput, sealer?: OutboxSealer): OutboxRow {
  enqueueEmailInput.parse(input);
  const { redacted } = input;
  if (redacted && !sealer) {
    // Storing it readable is exactly what must not happen: refuse rather than degrade.
    throw new Error(
      "This email carries a secret: queuing it needs the instance secret (a sealer).",
    );
  }
  const stored =
    redacted && sealer
      ? {
          html: redacted.html,
          text: redacted.text,
          redacted: true,
          sealedBody: sealer.seal(JSON.stringify({ html: input.html, text: input.text })),
        }
      : { html: input.html, text: input.text, redacted: false, sealedBody: null };
  return {
    id: newRowId(),
    kind: input.kind,
    to: normalizeAddress(input.to),
    subject: input.subject,
    ...stored,
    at: new Date(),
    invitationId: input.invitationId ?? null,
  };
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
  /** Opens sealed bodies. Without it, a sealed row fails its attempt (and says why). */
  sealer?: OutboxSealer | undefined;
  /** The clock; freeze it in tests. */
  now?: Date;
  /** Rows claimed (and sent concurrently) per call. Default 10. */
  batchSize?: number;
  /**
   * How long after `queuedAt` a failing row is still retried; the first failure after that
   * marks it Failed. Default 24 hours.
   */
  retryForMs?: number;
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
  /** Marked Failed: past the retry window (including rows abandoned mid-send). */
  failed: number;
}

/** A row as the delivery worker claims it. */
type ClaimedRow = Pick<
  OutboxRow,
  "id" | "to" | "subject" | "html" | "text" | "redacted" | "sealedBody"
> & { attempts: number; queuedAt: Date };

const outbox = sqlTable("EmailOutbox");
/**
 * The outbox row as a part of a statement (see SqlPart), e.g. beside its invitation.
 * Defaults written out: a raw insert gets no help from Prisma's.
 */
export const outboxPart: SqlPart<OutboxRow> = {
  arity: 10,
  sql: (v, when) => `
  outbox_row AS (
    INSERT INTO ${outbox.ref} (${outbox.col.id}, ${outbox.col.kind}, ${outbox.col.to}, ${outbox.col.subject},
      ${outbox.col.html}, ${outbox.col.text}, ${outbox.col.redacted}, ${outbox.col.sealedBody}, ${outbox.col.status},
      ${outbox.col.attempts}, ${outbox.col.queuedAt}, ${outbox.col.nextAttemptAt}, ${outbox.col.createdAt}, ${outbox.col.invitationId})
    SELECT ${v(1)}::text, ${v(2)}::text, ${v(3)}::text, ${v(4)}::text, ${v(5)}::text, ${v(6)}::text, ${v(7)}::boolean, ${v(8)}::text,
      'Pending', 0, ${v(9)}::timestamp(3), ${v(9)}::timestamp(3), ${v(9)}::timestamp(3), ${v(10)}::text
    WHERE ${when})`,
  values: (row) => [
    row.id,
    row.kind,
    row.to,
    row.subject,
    row.html,
    row.text,
    row.redacted,
    row.sealedBody,
    row.at,
    row.invitationId,
  ],
};
// Raw, one statement: an invitation's hot path (Prisma's modeled insert costs ~1 ms more).
const ENQUEUE_SQL = preparedSql(standalone(outboxPart));
const { status, lastError, nextAttemptAt, queuedAt, attempts, createdAt, id } = outbox.col;
// Rows whose process died mid-send after their retry window closed: give up on them
// rather than send once more. (A Pending row is always tried once it is due: the last
// retry may be scheduled up to an hour past the window.)
const ABANDON_SQL = prismaStatement(`
  UPDATE ${outbox.ref}
  SET ${status} = 'Failed',
      ${lastError} = 'Delivery was interrupted on the last attempt (no result within the claim period)'
  WHERE ${status} = 'Sending' AND ${nextAttemptAt} <= $1 AND ${queuedAt} <= $2`);
const claimedColumns = [
  "id",
  "to",
  "subject",
  "html",
  "text",
  "redacted",
  "sealedBody",
  "attempts",
  "queuedAt",
] as const satisfies readonly (keyof ClaimedRow)[];
const CLAIM_SQL = prismaStatement(`
  UPDATE ${outbox.ref}
  SET ${status} = 'Sending', ${attempts} = ${attempts} + 1, ${nextAttemptAt} = $1
  WHERE ${id} IN (
    SELECT ${id} FROM ${outbox.ref}
    WHERE ${status} IN ('Pending', 'Sending') AND ${nextAttemptAt} <= $2
    ORDER BY ${nextAttemptAt}, ${createdAt}
    LIMIT $3
    FOR UPDATE SKIP LOCKED
  )
  RETURNING ${claimedColumns.map((c) => outbox.col[c]).join(", ")}`);

/** The email a claimed row sends: its sealed body opened, or its stored body. */
function outgoing(row: ClaimedRow, sealer: OutboxSealer | undefined): OutgoingEmail {
  const base = { id: row.id, to: row.to, subject: row.subject };
  if (!row.redacted) return { ...base, html: row.html, text: row.text };
  if (row.sealedBody === null) {
    throw new Error(
      "The body of this email is no longer stored (it was removed because it held a live link).",
    );
  }
  if (!sealer)
    throw new Error("This email is encrypted and this process has no instance secret to open it.");
  let body: z.infer<typeof sealedBodySchema>;
  try {
    body = sealedBodySchema.parse(JSON.parse(sealer.open(row.sealedBody)));
  } catch {
    // A failed attempt like any other: another process with the right secret may succeed.
    throw new Error("Could not decrypt the email: was GUILDHALL_SECRET changed?");
  }
  return { ...base, ...body, redacted: { html: row.html, text: row.text } };
}

/**
 * Sends one batch of due emails: Pending rows whose nextAttemptAt has come, and Sending rows
 * whose claim expired (a process died mid-send). Rows are claimed in one statement with
 * `FOR UPDATE SKIP LOCKED`, so concurrent calls, in this process or others, never claim the
 * same row. Each claim counts as an attempt and holds the row for 5 minutes.
 *
 * Sent: status Sent, sentAt, and the sealed body dropped (the redacted copy stays). Failed:
 * back to Pending with lastError and nextAttemptAt pushed back (`retryDelayMs`, capped at
 * 1 hour), or Failed once `retryForMs` (24 h) have passed since `queuedAt`; a Failed row keeps
 * its sealed body, so the console's Retry (`retryFailedEmail`) can send it. Rows are never
 * deleted. Delivery is at least once: a process that dies after the SMTP server took the
 * message but before marking it Sent leaves it to be sent again (same Message-ID).
 *
 * @example
 * const report = await deliverPendingEmails({ db, transport });
 * // { claimed: 2, sent: 2, retrying: 0, failed: 0 }
 */
export async function deliverPendingEmails(
  options: DeliverPendingEmailsOptions,
): Promise<DeliveryReport> {
  const { db, transport, logger, sealer } = options;
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const retryForMs = options.retryForMs ?? DEFAULT_RETRY_FOR_MS;
  const random = options.random ?? Math.random;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError("batchSize must be a positive integer");
  if (!Number.isInteger(retryForMs) || retryForMs < 0)
    throw new RangeError("retryForMs must be a non-negative integer");
  const windowStart = new Date(now.getTime() - retryForMs);

  // Abandoned claims first (ABANDON_SQL), then claim a batch.
  const abandoned = await db.$executeRaw(ABANDON_SQL, now, windowStart);

  const leaseUntil = new Date(now.getTime() + SENDING_LEASE_MS);
  const claimed = await db.$queryRaw<ClaimedRow[]>(CLAIM_SQL, leaseUntil, now, batchSize);

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
        await transport.send(outgoing(row, sealer));
      } catch (error) {
        const lastError = describeError(error);
        if (row.queuedAt.getTime() <= windowStart.getTime()) {
          logger?.error(
            `[email] giving up on ${row.id} to=${row.to} after ${row.attempts} attempts since ${row.queuedAt.toISOString()}: ${lastError}`,
          );
          if (await settle(row, { status: "Failed", lastError })) report.failed += 1;
        } else {
          const nextAttemptAt = new Date(now.getTime() + retryDelayMs(row.attempts, random));
          logger?.error(
            `[email] attempt ${row.attempts} for ${row.id} to=${row.to} failed: ${lastError}; next at ${nextAttemptAt.toISOString()}`,
          );
          if (await settle(row, { status: "Pending", lastError, nextAttemptAt }))
            report.retrying += 1;
        }
        return;
      }
      // Sent: the secret has reached its recipient, so the only copy left is the redacted one.
      if (await settle(row, { status: "Sent", sentAt: now, sealedBody: null })) report.sent += 1;
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
  queuedAt: true,
  nextAttemptAt: true,
  lastError: true,
  sentAt: true,
  createdAt: true,
  invitationId: true,
  redacted: true,
} satisfies Prisma.EmailOutboxSelect;
export type OutboxListItem = Prisma.EmailOutboxGetPayload<{ select: typeof outboxListSelect }>;

/** One row for the console: the list columns and the readable (redacted) bodies, never the sealed one. */
export const outboxEmailSelect = {
  ...outboxListSelect,
  html: true,
  text: true,
} satisfies Prisma.EmailOutboxSelect;
export type OutboxEmailView = Prisma.EmailOutboxGetPayload<{ select: typeof outboxEmailSelect }>;

// The one status schema is validators' `deliveryStatus` (the console and tRPC use it too);
// this fails to compile if it names a status the database does not have.
deliveryStatus.options satisfies readonly DeliveryStatus[];

/** Input of `listOutbox`: 1-based page, search over recipient, subject and ids. */
export const listOutboxInput = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  q: z.string().trim().max(200).optional(),
  status: deliveryStatus.optional(),
});
export type ListOutboxInput = z.input<typeof listOutboxInput>;

export interface OutboxPage {
  items: OutboxListItem[];
  total: number;
  page: number;
  pageSize: number;
}

/** Which rows a caller may see: `kinds` limits them to those kinds (all when omitted). */
export interface OutboxScope {
  kinds?: readonly EmailKind[] | undefined;
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
  scope: OutboxScope = {},
): Promise<OutboxPage> {
  const { page, pageSize, q, status } = listOutboxInput.parse(input);
  const where: Prisma.EmailOutboxWhereInput = {
    ...(scope.kinds ? { kind: { in: [...scope.kinds] } } : {}),
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

/** One outbox row with its readable (redacted when it carries a secret) HTML and text, or null. */
export async function getOutboxEmail(
  db: OutboxClient,
  id: string,
  scope: OutboxScope = {},
): Promise<OutboxEmailView | null> {
  return db.emailOutbox.findFirst({
    where: { id, ...(scope.kinds ? { kind: { in: [...scope.kinds] } } : {}) },
    select: outboxEmailSelect,
  });
}

export type RetryFailedEmailResult =
  | { outcome: "queued"; email: OutboxListItem }
  | { outcome: "not_found" }
  | { outcome: "not_failed"; status: DeliveryStatus }
  | { outcome: "body_unavailable" };

/**
 * Queues a Failed email again, at once, with a new retry window (`queuedAt = now`); the
 * attempt count and the last error stay (history, and `attempts` fences late results).
 * Only Failed rows move, in one conditional update, so a double click queues it once.
 * Call the worker's `kick()` after the commit.
 *
 * @example
 * const result = await retryFailedEmail(tx, id, new Date());
 * if (result.outcome === "queued") worker.kick();
 */
export async function retryFailedEmail(
  db: OutboxClient,
  id: string,
  now: Date,
  scope: OutboxScope = {},
): Promise<RetryFailedEmailResult> {
  const where = { id, ...(scope.kinds ? { kind: { in: [...scope.kinds] } } : {}) };
  const row = await db.emailOutbox.findFirst({
    where,
    select: { status: true, redacted: true, sealedBody: true },
  });
  if (!row) return { outcome: "not_found" };
  if (row.status !== "Failed") return { outcome: "not_failed", status: row.status };
  // A redacted row without its sealed body has nothing left to send (rows from before the
  // outbox was encrypted): sending the redacted copy would deliver a dead link.
  if (row.redacted && row.sealedBody === null) return { outcome: "body_unavailable" };
  const moved = await db.emailOutbox.updateMany({
    where: { ...where, status: "Failed" },
    data: { status: "Pending", nextAttemptAt: now, queuedAt: now },
  });
  if (moved.count === 0) {
    const again = await db.emailOutbox.findFirst({ where, select: { status: true } });
    return again ? { outcome: "not_failed", status: again.status } : { outcome: "not_found" };
  }
  const email = await db.emailOutbox.findUniqueOrThrow({ where: { id }, select: outboxListSelect });
  return { outcome: "queued", email };
}
