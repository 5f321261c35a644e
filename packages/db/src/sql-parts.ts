/**
 * A rule's writes as common table expressions, so that one statement can carry the writes of
 * several rules (an invitation, its outbox row, its audit entry): one round trip instead of
 * one per rule plus BEGIN and COMMIT, and atomic without a transaction block, since
 * PostgreSQL runs a statement all or nothing. The rule's SQL still has one home: its part,
 * which it also runs alone (`standalone`).
 *
 * PostgreSQL runs every data-modifying common table expression of a statement exactly once,
 * whether or not the rest of the statement reads it, and checks foreign keys at its end (a
 * part may refer to a row another part of the same statement inserts).
 */
export interface SqlPart<Args> {
  /** How many values the part takes. */
  readonly arity: number;
  /**
   * Its `name AS (...)` entries, comma-separated. `value(k)` is the placeholder of its k-th
   * value (from 1); `when` is a SQL condition every one of its writes requires (`true`, or
   * e.g. `EXISTS (SELECT 1 FROM created)` to write only beside another part's row).
   */
  sql(value: (k: number) => string, when: string): string;
  /** Its values, in order, for these arguments. */
  values(args: Args): unknown[];
}

/** Placeholders for a part whose values come after `offset` others in the statement. */
export const valuesAfter =
  (offset: number) =>
  (k: number): string =>
    `$${offset + k}`;

/** The statement that runs a part alone. */
export function standalone<Args>(part: SqlPart<Args>): string {
  return `WITH ${part.sql(valuesAfter(0), "true")} SELECT 1`;
}
