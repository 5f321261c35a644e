import {
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  randomInt,
  timingSafeEqual,
} from "node:crypto";
import type { Db, OneTimeCodePurpose, Prisma } from "@guildhall/db";
import { DomainError } from "../errors.ts";

type Client = Db | Prisma.TransactionClient;

/** A code or a verification link is good for 10 minutes (issue 12). */
export const CODE_TTL_MS = 10 * 60_000;
/** A reset link for an hour: the user may need to find the email first. */
export const RESET_TTL_MS = 60 * 60_000;
/** Wrong guesses a code survives: 5 in a million is all a guesser gets per code. */
export const MAX_CODE_ATTEMPTS = 5;

/** One answer for wrong, expired, used up and unknown, so none can be told apart. */
export function codeInvalid(): DomainError {
  return new DomainError(
    "code.invalid",
    "This code is wrong, has expired or was already used. Check it, or ask for a new one.",
  );
}

/** Same, for links. */
export function linkInvalid(): DomainError {
  return new DomainError(
    "code.invalid",
    "This link is not valid: it has expired or was already used. Ask for a new one.",
  );
}

// Codes are HMAC'ed, not hashed: there are only a million 6-digit codes, so a plain hash
// in a copy of the table is reversed by trying them all. Under a key derived from the
// instance secret (its own HKDF purpose, so the key opens nothing else) the table alone
// says nothing. Binding purpose and address keeps a row's hash useless for any other row.
function codeKey(instanceSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", instanceSecret, "guildhall", "one-time-code", 32));
}

export function hashCode(
  code: string,
  instanceSecret: string,
  purpose: OneTimeCodePurpose,
  email: string,
): string {
  return createHmac("sha256", codeKey(instanceSecret))
    .update(`${purpose}\0${email}\0${code}`)
    .digest("base64url");
}

/** A link token carries 256 random bits, so a plain SHA-256 is enough to store it. */
export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("base64url");
}

/**
 * A uniform 6-digit code that appears in none of `avoid` (the address and link the email
 * also shows): the email's redaction check would otherwise find the secret outside the
 * parts marked secret and refuse to render.
 */
export function generateCode(avoid: readonly string[] = []): string {
  for (;;) {
    const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
    if (!avoid.some((s) => s.includes(code))) return code;
  }
}

export const generateLinkToken = () => randomBytes(32).toString("base64url");

/**
 * A decoy email-verification code for an address that has an account (a sign-up, or its
 * resend, that named it): the same row and work as a real one, a code nobody receives.
 */
export async function issueDecoyCode(
  tx: Prisma.TransactionClient,
  email: string,
  now: Date,
  instanceSecret: string,
): Promise<void> {
  await issueCode(
    tx,
    {
      userId: null,
      purpose: "email_verification",
      email,
      code: generateCode(),
      linkToken: generateLinkToken(),
      now,
      ttlMs: CODE_TTL_MS,
    },
    instanceSecret,
  );
}

export interface IssueCodeInput {
  /** Null for a decoy (a sign-up that named an existing address): nobody gets its code. */
  userId: string | null;
  purpose: OneTimeCodePurpose;
  email: string;
  code: string | null;
  linkToken: string | null;
  now: Date;
  ttlMs: number;
}

/**
 * Stores a new code (and/or link) for a user and ends the user's earlier ones of the same
 * purpose: only the latest email works, so a resend never leaves two live codes.
 */
export async function issueCode(
  tx: Prisma.TransactionClient,
  input: IssueCodeInput,
  instanceSecret: string,
): Promise<void> {
  if (input.userId) {
    await tx.oneTimeCode.updateMany({
      where: {
        userId: input.userId,
        purpose: input.purpose,
        consumedAt: null,
        expiresAt: { gt: input.now },
      },
      data: { expiresAt: input.now },
    });
  }
  await tx.oneTimeCode.create({
    data: {
      userId: input.userId,
      purpose: input.purpose,
      email: input.email,
      codeHash: input.code
        ? hashCode(input.code, instanceSecret, input.purpose, input.email)
        : null,
      linkTokenHash: input.linkToken ? hashLinkToken(input.linkToken) : null,
      createdAt: input.now,
      expiresAt: new Date(input.now.getTime() + input.ttlMs),
    },
  });
}

export interface RedeemedCode {
  id: string;
  userId: string;
  email: string;
}

/**
 * Checks a typed code against the live code `where` selects (the latest for an address or
 * a user; a real one before a decoy). Each check spends one of the code's tries first, in
 * one atomic update, so concurrent guesses cannot exceed MAX_CODE_ATTEMPTS. A right code is
 * not consumed here: `consumeCode` does it inside the transaction of what it unlocks.
 * @throws code.invalid
 */
export async function checkCode(
  db: Client,
  where: Prisma.OneTimeCodeWhereInput & { purpose: OneTimeCodePurpose },
  code: string,
  instanceSecret: string,
  now: Date,
): Promise<RedeemedCode> {
  // AND, not a spread: `where` may select by userId itself.
  const live = (owner: Prisma.OneTimeCodeWhereInput): Prisma.OneTimeCodeWhereInput => ({
    AND: [where, owner, { consumedAt: null, expiresAt: { gt: now }, codeHash: { not: null } }],
  });
  const row =
    (await db.oneTimeCode.findFirst({
      where: live({ userId: { not: null } }),
      orderBy: { createdAt: "desc" },
    })) ??
    (await db.oneTimeCode.findFirst({
      where: live({ userId: null }),
      orderBy: { createdAt: "desc" },
    }));
  if (!row?.codeHash) throw codeInvalid();
  const { count } = await db.oneTimeCode.updateMany({
    where: {
      id: row.id,
      consumedAt: null,
      expiresAt: { gt: now },
      attempts: { lt: MAX_CODE_ATTEMPTS },
    },
    data: { attempts: { increment: 1 } },
  });
  if (count !== 1) throw codeInvalid();
  const expected = Buffer.from(row.codeHash);
  const actual = Buffer.from(hashCode(code, instanceSecret, row.purpose, row.email));
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw codeInvalid();
  // A decoy has no owner: its code was never sent, but refuse it all the same.
  if (!row.userId) throw codeInvalid();
  return { id: row.id, userId: row.userId, email: row.email };
}

/**
 * Finds the live code row of an emailed link.
 * @throws code.invalid
 */
export async function checkLinkToken(
  db: Client,
  purpose: OneTimeCodePurpose,
  token: string,
  now: Date,
): Promise<RedeemedCode> {
  const row = await db.oneTimeCode.findUnique({ where: { linkTokenHash: hashLinkToken(token) } });
  if (
    !row?.userId ||
    row.purpose !== purpose ||
    row.consumedAt !== null ||
    row.expiresAt.getTime() <= now.getTime()
  )
    throw linkInvalid();
  return { id: row.id, userId: row.userId, email: row.email };
}

/**
 * Marks a code used, inside the transaction of what it unlocks. Conditional on it being
 * unused still, so of two concurrent uses exactly one gets here with count 1; the other
 * rolls back with `code.invalid`.
 * @throws code.invalid
 */
export async function consumeCode(
  tx: Prisma.TransactionClient,
  id: string,
  now: Date,
  error: () => DomainError = codeInvalid,
): Promise<void> {
  const { count } = await tx.oneTimeCode.updateMany({
    where: { id, consumedAt: null, expiresAt: { gt: now } },
    data: { consumedAt: now },
  });
  if (count !== 1) throw error();
}
