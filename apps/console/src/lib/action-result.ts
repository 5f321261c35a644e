import { databaseUnavailable, isDatabaseUnavailable, isDomainError } from "@guildhall/core";

export interface ActionIssue {
  path: string;
  message: string;
}

/** What a server action answers: its value, or why it failed in words a form can show. */
export type ActionResult<T> =
  | { ok: true; value: T }
  | { ok: false; code: string | null; message: string; issues: ActionIssue[] };

export type ActionFailure = Extract<ActionResult<never>, { ok: false }>;

function issuesOf(raw: unknown): ActionIssue[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((i: unknown) => {
    const { path, message } = (i ?? {}) as { path?: unknown; message?: unknown };
    if (typeof message !== "string") return [];
    const joined = Array.isArray(path)
      ? path.map(String).join(".")
      : typeof path === "string"
        ? path
        : "";
    return [{ path: joined, message }];
  });
}

/**
 * A thrown error as a failure the browser may see: a DomainError keeps its code, message
 * (rate limits say "Try again in N s.") and field issues; a database outage says so.
 * Anything else is rethrown, so Next logs it and the browser learns nothing of it.
 */
export function toActionFailure(error: unknown): ActionFailure {
  const domain = isDatabaseUnavailable(error) ? databaseUnavailable(error) : error;
  if (isDomainError(domain))
    return {
      ok: false,
      code: domain.code,
      message: domain.message,
      issues: issuesOf(domain.data?.issues),
    };
  throw error;
}

/** Runs a server action's work, turning expected failures into an ActionResult. */
export async function runAction<T>(work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return toActionFailure(error);
  }
}
