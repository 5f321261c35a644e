import { createUserInput, email, type PasswordAlgorithm } from "@guildhall/validators";
import type { z } from "zod";
import { recordAudits } from "../audit/record-audit.ts";
import { importedPasswordHash } from "../auth/imported-password.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { isUniqueViolation } from "../prisma-errors.ts";
import type { SourceRecord } from "./records.ts";
import {
  chunks,
  describeIssues,
  IMPORT_TRANSACTION,
  Refusals,
  unknownFields,
  withoutNulls,
  WRITE_BATCH_SIZE,
  type ImportReport,
} from "./report.ts";

/** The columns of a users file, as an export writes them. */
export const USER_COLUMNS = ["email", "name", "username", "primaryPhone"] as const;

/**
 * What an import also reads: a password digest made elsewhere and its algorithm (Logto's
 * `passwordDigest` + `passwordAlgorithm`, as createUser takes them). Exports never write
 * password hashes.
 */
export const USER_IMPORT_COLUMNS = [
  ...USER_COLUMNS,
  "passwordDigest",
  "passwordAlgorithm",
] as const;

// The fields createUser takes for them, validated the same way. The email is required here:
// it is what an import matches users on.
const userRow = createUserInput
  .pick({
    name: true,
    username: true,
    primaryPhone: true,
    passwordDigest: true,
    passwordAlgorithm: true,
  })
  .extend({ email });
type UserRow = Omit<z.output<typeof userRow>, "passwordDigest" | "passwordAlgorithm"> & {
  line: number;
  /** The imported digest as stored (`importedPasswordHash`), or null. */
  passwordHash: string | null;
};

/**
 * The identifiers besides the email that must be unique: a username regardless of case
 * (as users_username_unique_expr_idx), a phone number as stored.
 */
const OTHER_IDENTIFIERS = [
  { field: "username", label: "username", key: (value: string) => value.toLowerCase() },
  { field: "primaryPhone", label: "phone number", key: (value: string) => value },
] as const;

/**
 * Imports users from the records of a file (`readRecords`). Every entry is validated and
 * checked against the database first; if any is refused, nothing is written and the
 * report lists each refused entry with its line and the reason. Otherwise the new users
 * are created in one transaction (in batches, `onWrite` reporting progress), each with a
 * `user.created` audit entry. Idempotent on email: an entry whose email already belongs to
 * a user leaves that user as it is (`unchanged`), so running the same file twice changes
 * nothing. Imported users have an unverified email, and no password unless the file
 * gives a digest made elsewhere (`passwordDigest` + `passwordAlgorithm`, checked as
 * createUser checks them, replaced by Guildhall's hash at the first sign-in); the others set
 * one through "forgot password" or an invitation.
 * @example
 * const report = await importUsers(ctx, {
 *   records: readRecords(createReadStream("users.csv"), {
 *     format: "csv",
 *     columns: USER_IMPORT_COLUMNS,
 *   }),
 * });
 * if (!report.written) for (const r of report.refused) console.log(`line ${r.line}: ${r.reason}`);
 */
export async function importUsers(
  ctx: ServiceContext,
  {
    records,
    onWrite,
  }: {
    records: AsyncIterable<SourceRecord>;
    /** Called after each batch is written: users created so far, and how many will be. */
    onWrite?: (written: number, toWrite: number) => void;
  },
): Promise<ImportReport> {
  assertCanManageTenant(ctx);
  const refusals = new Refusals();
  const rows: UserRow[] = [];
  const lineOfEmail = new Map<string, number>();
  const linesOfOthers = OTHER_IDENTIFIERS.map(() => new Map<string, number>());
  let total = 0;

  for await (const record of records) {
    total += 1;
    if ("refused" in record) {
      refusals.add(record.line, record.refused);
      continue;
    }
    const { line } = record;
    const fields = withoutNulls(record.fields);
    const unknown = unknownFields(fields, USER_IMPORT_COLUMNS);
    if (unknown) {
      refusals.add(line, unknown);
      continue;
    }
    const parsed = userRow.safeParse(fields);
    if (!parsed.success) {
      refusals.add(line, describeIssues(parsed.error));
      continue;
    }
    const { passwordDigest, passwordAlgorithm, ...identity } = parsed.data;
    const password = importedDigest(passwordDigest, passwordAlgorithm);
    if ("problem" in password) {
      refusals.add(line, password.problem);
      continue;
    }
    const row = { ...identity, passwordHash: password.hash, line };
    const repeated = repeatedIdentifier(row, lineOfEmail, linesOfOthers);
    if (repeated) {
      refusals.add(line, repeated);
      continue;
    }
    rows.push(row);
  }

  const existing = new Set<string>();
  for (const slice of chunks([...lineOfEmail.keys()], 1000)) {
    const found = await ctx.db.user.findMany({
      where: { email: { in: slice } },
      select: { email: true },
    });
    for (const { email } of found) if (email !== null) existing.add(email);
  }
  const fresh = rows.filter((row) => !existing.has(row.email));
  const unchanged = rows.length - fresh.length;
  await refuseIdentifiersTaken(ctx, fresh, refusals);

  if (refusals.count > 0) {
    return {
      written: false,
      total,
      created: 0,
      unchanged,
      refused: refusals.sorted(),
      refusedCount: refusals.count,
    };
  }

  try {
    await ctx.db.$transaction(async (tx) => {
      let written = 0;
      for (const batch of chunks(fresh, WRITE_BATCH_SIZE)) {
        const created = await tx.user.createManyAndReturn({
          data: batch.map((row) => ({
            email: row.email,
            name: row.name ?? null,
            username: row.username ?? null,
            primaryPhone: row.primaryPhone ?? null,
            passwordHash: row.passwordHash,
          })),
          select: { id: true, email: true, username: true, passwordHash: true },
        });
        await recordAudits(
          tx,
          ctx,
          created.map((user) => ({
            action: "user.created",
            targetType: "user",
            targetId: user.id,
            data: {
              email: user.email,
              username: user.username,
              hasPassword: user.passwordHash !== null,
              via: "import",
            },
          })),
        );
        written += created.length;
        onWrite?.(written, fresh.length);
      }
    }, IMPORT_TRANSACTION);
  } catch (error) {
    // Someone created one of these users since the check above; the transaction rolled back.
    if (isUniqueViolation(error, "users_email_key"))
      throw new DomainError(
        "user.email_taken",
        "A user with one of the imported emails was created during the import, so nothing was imported. Run the import again: that user will be left as it is.",
      );
    if (isUniqueViolation(error))
      throw new DomainError(
        "user.username_taken",
        "A user with one of the imported usernames or phone numbers was created during the import, so nothing was imported. Run the import again to see which.",
      );
    throw error;
  }
  return { written: true, total, created: fresh.length, unchanged, refused: [], refusedCount: 0 };
}

/** Why a row repeats an identifier of an earlier row of the file, or null (then it is noted). */
function repeatedIdentifier(
  row: UserRow,
  lineOfEmail: Map<string, number>,
  linesOfOthers: Map<string, number>[],
): string | null {
  const earlier = lineOfEmail.get(row.email);
  if (earlier !== undefined) return `email "${row.email}" is also on line ${earlier}`;
  const keys = OTHER_IDENTIFIERS.map(({ field, key }) => {
    const value = row[field];
    return value ? key(value) : null;
  });
  for (const [i, { field, label }] of OTHER_IDENTIFIERS.entries()) {
    const key = keys[i];
    const other = key ? linesOfOthers[i]?.get(key) : undefined;
    if (other !== undefined) return `${label} "${row[field] ?? ""}" is also on line ${other}`;
  }
  lineOfEmail.set(row.email, row.line);
  keys.forEach((key, i) => {
    if (key) linesOfOthers[i]?.set(key, row.line);
  });
  return null;
}

/** Refuses new rows whose username or phone number another user already holds. */
async function refuseIdentifiersTaken(
  ctx: ServiceContext,
  rows: readonly UserRow[],
  refusals: Refusals,
): Promise<void> {
  for (const { field, label, key } of OTHER_IDENTIFIERS) {
    const given = rows.filter((row) => row[field]);
    const taken = new Set<string>();
    for (const slice of chunks(given, 1000)) {
      const values = slice.map((row) => row[field] ?? "");
      const found = await ctx.db.user.findMany({
        where:
          field === "username"
            ? { username: { in: values, mode: "insensitive" } }
            : { primaryPhone: { in: values } },
        select: { [field]: true },
      });
      for (const user of found as Partial<Record<typeof field, string | null>>[]) {
        const value = user[field];
        if (value) taken.add(key(value));
      }
    }
    for (const row of given) {
      const value = row[field] ?? "";
      if (taken.has(key(value)))
        refusals.add(row.line, `another user already has the ${label} "${value}"`);
    }
  }
}

/**
 * The stored form of an imported digest (null without one), or why it is refused: a digest
 * and its algorithm go together, as createUser requires.
 */
function importedDigest(
  digest: string | undefined,
  algorithm: PasswordAlgorithm | undefined,
): { hash: string | null } | { problem: string } {
  if (digest === undefined && algorithm === undefined) return { hash: null };
  if (digest === undefined) return { problem: "passwordAlgorithm goes with a passwordDigest" };
  if (algorithm === undefined)
    return { problem: "passwordAlgorithm is required with passwordDigest" };
  return importedPasswordHash(algorithm, digest);
}
