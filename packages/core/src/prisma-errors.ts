// Driver-adapter errors carry the constraint under meta.driverAdapterError.cause, not
// meta.target (see docs/toolchain.md). These helpers keep that detail in one place.

interface AdapterCause {
  kind?: string;
  constraint?: { index?: string; fields?: string[] } | string;
}

function causeOf(error: unknown): { code?: string; cause?: AdapterCause } {
  if (typeof error !== "object" || error === null) return {};
  const e = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: AdapterCause } } };
  return {
    code: typeof e.code === "string" ? e.code : undefined,
    cause: e.meta?.driverAdapterError?.cause,
  };
}

function constraintName(cause: AdapterCause | undefined): string | undefined {
  const c = cause?.constraint;
  if (!c) return undefined;
  if (typeof c === "string") return c;
  return c.index ?? c.fields?.join(",");
}

// node-postgres's own errors (statements run by `withSqlTransaction`) carry the SQLSTATE and
// the constraint's name directly.
const UNIQUE_VIOLATION = "23505";
const FOREIGN_KEY_VIOLATION = "23503";

function pgConstraint(error: unknown): string | undefined {
  const c = (error as { constraint?: unknown } | null)?.constraint;
  return typeof c === "string" ? c : undefined;
}

/** A unique violation, optionally on one named index/constraint (raw queries' P2010 too). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const { code, cause } = causeOf(error);
  if (code === UNIQUE_VIOLATION)
    return constraint === undefined || pgConstraint(error) === constraint;
  if (code !== "P2002" && cause?.kind !== "UniqueConstraintViolation") return false;
  return constraint === undefined || constraintName(cause) === constraint;
}

/** A foreign-key violation (the row referenced does not exist). */
export function isForeignKeyViolation(error: unknown): boolean {
  const { code, cause } = causeOf(error);
  return (
    code === FOREIGN_KEY_VIOLATION ||
    code === "P2003" ||
    cause?.kind === "ForeignKeyConstraintViolation"
  );
}

/** A write that matched no row (update/delete of something already gone). */
export function isRecordNotFound(error: unknown): boolean {
  return causeOf(error).code === "P2025";
}

// Prisma's codes for "the database did not answer": can't reach (P1001), timed out
// connecting (P1002), operation timed out (P1008), connection closed (P1017), no pooled
// connection in time (P2024), too many connections (P2037).
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
// What the pg driver adapter calls the same situations.
const UNAVAILABLE_ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
// SQLSTATEs: class 08 (connection exception), too_many_connections, admin/crash shutdown,
// cannot_connect_now (starting up or in recovery).
const UNAVAILABLE_SQLSTATES = /^(08\w{3}|53300|57P01|57P02|57P03)$/;
// Socket errors node-postgres passes through unchanged when it has no pooled connection.
const UNAVAILABLE_SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
]);
// node-postgres raises these as plain Errors, without a code.
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/;

/**
 * Whether an error means the database could not be reached or dropped the connection
 * (down, restarting, unreachable, out of connections), as opposed to a query that failed:
 * the one place that tells an outage (503, retry later) from a bug (500). Reads Prisma
 * errors through the pg driver adapter, node-postgres errors (the raw pool), and their
 * `cause` chains.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current !== "object" || current === null || seen.has(current)) continue;
    seen.add(current);
    const e = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      errors?: unknown;
      meta?: {
        driverAdapterError?: { cause?: { kind?: unknown; code?: unknown; originalCode?: unknown } };
      };
    };
    const code = typeof e.code === "string" ? e.code : undefined;
    if (
      code &&
      (UNAVAILABLE_PRISMA_CODES.has(code) ||
        UNAVAILABLE_SOCKET_CODES.has(code) ||
        UNAVAILABLE_SQLSTATES.test(code))
    )
      return true;
    const adapterCause = e.meta?.driverAdapterError?.cause;
    if (typeof adapterCause?.kind === "string" && UNAVAILABLE_ADAPTER_KINDS.has(adapterCause.kind))
      return true;
    for (const sqlState of [adapterCause?.code, adapterCause?.originalCode]) {
      if (typeof sqlState === "string" && UNAVAILABLE_SQLSTATES.test(sqlState)) return true;
    }
    if (typeof e.message === "string" && UNAVAILABLE_MESSAGES.test(e.message)) return true;
    pending.push(e.cause);
    if (Array.isArray(e.errors)) pending.push(...(e.errors as unknown[]));
  }
  return false;
}

/**
 * Runs a write and says the database's refusals in domain terms, the one place each
 * service's conflict mapping goes through: a unique violation (on `uniqueConstraint`, or
 * any) becomes `unique()`, a write that matched no row (deleted by someone else between a
 * check and the write) becomes `notFound()`. Anything else, domain errors included, passes
 * unchanged.
 *
 * @example
 * return translateWriteErrors(() => ctx.db.$transaction(async (tx) => ...), {
 *   unique: () => roleNameTaken(data.name),
 *   notFound: () => roleNotFound(id),
 * });
 */
export async function translateWriteErrors<T>(
  write: () => Promise<T>,
  errors: { unique?: () => Error; uniqueConstraint?: string; notFound?: () => Error },
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (errors.unique && isUniqueViolation(error, errors.uniqueConstraint)) throw errors.unique();
    if (errors.notFound && isRecordNotFound(error)) throw errors.notFound();
    throw error;
  }
}
