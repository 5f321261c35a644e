/**
 * Counts the SQL statements (round trips) an operation sends, and the rows its write
 * statements report, by wrapping node-postgres's `Client#query` in this process. Prisma's
 * PostgreSQL adapter and Better Auth's Kysely dialect both go through it. Rows written by
 * triggers are not in a statement's row count, so they are not counted here.
 */
import pg from "pg";

export interface StatementCount {
  statements: number;
  writes: number;
  rowsWritten: number;
}

let active: StatementCount | undefined;
let installed = false;

const WRITE = /^\s*(?:WITH\b[\s\S]*\b)?(INSERT|UPDATE|DELETE|MERGE)\b/i;

function install() {
  if (installed) return;
  installed = true;
  type Query = (this: pg.Client, ...args: unknown[]) => unknown;
  const proto = pg.Client.prototype as unknown as { query: Query };
  const original = proto.query;
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const result = original.apply(this, args);
    const count = active;
    if (!count) return result;
    const first = args[0];
    const text =
      typeof first === "string" ? first : ((first as { text?: string } | undefined)?.text ?? "");
    count.statements += 1;
    if (WRITE.test(text)) {
      count.writes += 1;
      if (result instanceof Promise)
        void result.then(
          (r: { rowCount?: number | null }) => (count.rowsWritten += r.rowCount ?? 0),
          () => undefined, // the caller sees the error
        );
    }
    return result;
  };
}

/** Runs `fn` alone (nothing else may query meanwhile) and counts what it sent. */
export async function countStatements(fn: () => Promise<unknown>): Promise<StatementCount> {
  install();
  const count = { statements: 0, writes: 0, rowsWritten: 0 };
  active = count;
  try {
    await fn();
  } finally {
    active = undefined;
  }
  return count;
}

export const describeCount = (c: StatementCount) =>
  `${c.statements} statements, ${c.writes} writes (${c.rowsWritten} rows)`;
