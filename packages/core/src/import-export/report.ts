import type { z } from "zod";
import type { Refusal } from "./records.ts";

/** At most this many refusals are listed; `refusedCount` counts them all. */
export const MAX_LISTED_REFUSALS = 1000;

/** Rows are written in batches of this size (one statement each), all in one transaction. */
export const WRITE_BATCH_SIZE = 500;

/**
 * An import writes everything in one transaction, so nothing is half-imported; a large
 * file needs far longer than Prisma's 5 s default.
 */
export const IMPORT_TRANSACTION = { maxWait: 30_000, timeout: 60 * 60_000 } as const;

/** What an import did, or why it did nothing. */
export interface ImportReport {
  /** True when the file was imported; false when an entry was refused (then nothing was written). */
  written: boolean;
  /** Entries read: CSV rows after the header, or JSON array entries. */
  total: number;
  /** Entries created (none when `written` is false). */
  created: number;
  /** Entries that matched what the database already holds: left as they are. */
  unchanged: number;
  /** Refused entries by line, at most `MAX_LISTED_REFUSALS` of them. */
  refused: Refusal[];
  refusedCount: number;
}

/** Collects refusals, keeping the first `MAX_LISTED_REFUSALS` in line order. */
export class Refusals {
  private readonly list: Refusal[] = [];
  count = 0;

  add(line: number, reason: string): void {
    this.count += 1;
    if (this.list.length < MAX_LISTED_REFUSALS) this.list.push({ line, reason });
  }

  sorted(): Refusal[] {
    return [...this.list].sort((a, b) => a.line - b.line);
  }
}

/** A zod failure as one line: `members[1].email: Enter a valid email address`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path
        .map((part, i) =>
          typeof part === "number" ? `[${part}]` : `${i ? "." : ""}${String(part)}`,
        )
        .join("");
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

/** Keys of `fields` that are not in `allowed`, as a refusal reason, or null. */
export function unknownFields(
  fields: Record<string, unknown>,
  allowed: readonly string[],
  where = "",
): string | null {
  const unknown = Object.keys(fields).filter((key) => !allowed.includes(key));
  if (unknown.length === 0) return null;
  return `${where}unknown field ${unknown.map((k) => `"${k}"`).join(", ")} (fields: ${allowed.join(", ")})`;
}

/** `values` in slices of `size`: for `IN (...)` lookups and batched writes. */
export function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/** Fields given as `null` count as not given (an export writes absent values that way). */
export function withoutNulls(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null));
}
