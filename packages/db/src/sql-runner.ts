import pg from "pg";
import { createHash } from "node:crypto";
import { isEmbeddedPool, poolOf, type Db } from "./client.ts";
import type { Prisma } from "./generated/prisma/client.ts";

/**
 * Runs SQL statements the same way over a Prisma client (or interactive transaction) and
 * over a node-postgres connection, so a rule written as SQL (an audit entry, an outbox row)
 * has one home whichever of the two its caller holds.
 *
 * Values: `$1..$n` placeholders; dates are sent as UTC ISO strings and `timestamp` columns
 * read back as UTC, as Prisma does; JSON goes as a string cast to `jsonb`.
 */
export interface SqlRunner {
  /** The rows a statement returned (a `RETURNING` clause, a `SELECT`). */
  rows<T>(statement: SqlStatement, values?: readonly unknown[]): Promise<T[]>;
  /** How many rows a write affected. */
  execute(statement: SqlStatement, values?: readonly unknown[]): Promise<number>;
}

/** A constant statement that node-postgres connections prepare once (see `preparedSql`). */
export interface PreparedSql {
  readonly text: string;
  readonly name: string;
}

export type SqlStatement = string | PreparedSql;

/**
 * A constant statement each pooled connection parses and plans once, then reuses (a named
 * prepared statement): the big statements of the hot writes cost about half as much. Only
 * for constant text: every distinct text is kept by every connection. On the embedded
 * database, whose connections share one session, it runs unnamed.
 */
export function preparedSql(text: string): PreparedSql {
  return { text, name: `gh_${createHash("sha256").update(text).digest("hex").slice(0, 24)}` };
}

const textOf = (statement: SqlStatement) =>
  typeof statement === "string" ? statement : statement.text;

type PrismaLike = Db | Prisma.TransactionClient;

const TIMESTAMP_OID = 1114;
// node-postgres reads `timestamp without time zone` as local time; Prisma stores UTC.
const utcTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === TIMESTAMP_OID && format !== "binary")
      return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
    return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
  },
};

// node-postgres turns a Date into local time with an offset, which a `timestamp` cast drops.
const sendable = (values: readonly unknown[]) =>
  values.map((value) => (value instanceof Date ? value.toISOString() : value));

function runnerOfConnection(connection: pg.ClientBase | pg.Pool, prepare: boolean): SqlRunner {
  const query = (statement: SqlStatement, values: readonly unknown[]) =>
    connection.query({
      text: textOf(statement),
      ...(prepare && typeof statement !== "string" ? { name: statement.name } : {}),
      values: sendable(values),
      types: utcTypes,
    });
  return {
    rows: async <T>(statement: SqlStatement, values: readonly unknown[] = []) =>
      (await query(statement, values)).rows as T[],
    execute: async (statement, values = []) => (await query(statement, values)).rowCount ?? 0,
  };
}

function isSqlRunner(client: PrismaLike | SqlRunner): client is SqlRunner {
  return typeof (client as Partial<SqlRunner>).rows === "function";
}

/**
 * The runner for a client: straight on the pool of one made by `createPrismaClient`, through
 * raw statements (no query compilation) for a Prisma transaction; a runner is itself.
 */
export function sqlRunner(client: PrismaLike | SqlRunner): SqlRunner {
  if (isSqlRunner(client)) return client;
  const pool = poolOf(client);
  if (pool) return runnerOfConnection(pool, !isEmbeddedPool(pool));
  return {
    rows: <T>(statement: SqlStatement, values: readonly unknown[] = []) =>
      client.$queryRawUnsafe<T[]>(textOf(statement), ...values),
    execute: (statement, values = []) => client.$executeRawUnsafe(textOf(statement), ...values),
  };
}

/**
 * Runs `work` in one transaction on a connection of the client's pool, statement by
 * statement through node-postgres: for the few hot writes where Prisma's interactive
 * transaction and per-statement overhead are most of the cost (an invitation: about 1 ms
 * per statement more). `work` must use only the runner it is given: on the embedded
 * database the pool has one connection, which this transaction holds.
 * Commits when `work` resolves, rolls back when it throws (and rethrows). Inside a Prisma
 * transaction already (a service called by another one's), `work` joins it.
 */
export async function withSqlTransaction<T>(
  db: PrismaLike,
  work: (sql: SqlRunner) => Promise<T>,
): Promise<T> {
  const pool = poolOf(db);
  if (!pool) {
    return "$transaction" in db
      ? db.$transaction((tx) => work(sqlRunner(tx)))
      : work(sqlRunner(db));
  }
  const connection = await pool.connect();
  let broken: Error | undefined;
  try {
    await connection.query("BEGIN");
    const result = await work(runnerOfConnection(connection, !isEmbeddedPool(pool)));
    await connection.query("COMMIT");
    return result;
  } catch (error) {
    await connection.query("ROLLBACK").catch((rollbackError: unknown) => {
      // A connection that cannot roll back is not handed out again.
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    connection.release(broken);
  }
}

const GENERIC_PLAN_ARRAY_LENGTH = 10;

/**
 * An array parameter padded with NULLs (which `= ANY` and joins match to nothing) to the 10
 * elements PostgreSQL's generic plan assumes. A prepared statement is planned once,
 * generically, only when a plan for the actual values would not be cheaper; an array of 2
 * always plans cheaper, so every execution was planned anew (measured: ~0.3 ms of
 * PostgreSQL per call). Only for arrays whose NULLs cannot change the answer.
 */
export function paddedForGenericPlan<T>(values: readonly T[]): (T | null)[] {
  return values.length >= GENERIC_PLAN_ARRAY_LENGTH
    ? [...values]
    : [...values, ...new Array<null>(GENERIC_PLAN_ARRAY_LENGTH - values.length).fill(null)];
}

export { newRowId } from "./row-id.ts";
export { standalone, valuesAfter, type SqlPart } from "./sql-parts.ts";
