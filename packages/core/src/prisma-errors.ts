// Driver-adapter errors carry the constraint under meta.driverAdapterError.cause, not
// meta.target (see TOOLCHAIN.md). These helpers keep that detail in one place.

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

/** A unique violation, optionally on one named index/constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const { code, cause } = causeOf(error);
  if (code !== "P2002") return false;
  return constraint === undefined || constraintName(cause) === constraint;
}

/** A foreign-key violation (the row referenced does not exist). */
export function isForeignKeyViolation(error: unknown): boolean {
  const { code, cause } = causeOf(error);
  return code === "P2003" || cause?.kind === "ForeignKeyConstraintViolation";
}

/** A write that matched no row (update/delete of something already gone). */
export function isRecordNotFound(error: unknown): boolean {
  return causeOf(error).code === "P2025";
}
