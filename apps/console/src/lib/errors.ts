import { TRPCClientError } from "@trpc/client";
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

interface Issue {
  path: string;
  message: string;
}

interface ErrorData {
  code?: string;
  httpStatus?: number;
  domainCode?: string | null;
  domainData?: { issues?: unknown } | null;
}

function dataOf(error: unknown): ErrorData | undefined {
  return error instanceof TRPCClientError ? (error.data as ErrorData | undefined) : undefined;
}

/** The stable DomainError code (`organization.not_found`, ...), when there is one. */
export function domainCode(error: unknown): string | null {
  return dataOf(error)?.domainCode ?? null;
}

export function isNotFound(error: unknown): boolean {
  return dataOf(error)?.code === "NOT_FOUND";
}

function toPath(path: unknown): string {
  if (Array.isArray(path)) return path.map(String).join(".");
  return typeof path === "string" ? path : "";
}

/** Field issues from a DomainError (`data.domainData.issues`) or a tRPC input error. */
export function fieldIssues(error: unknown): Issue[] {
  const raw = dataOf(error)?.domainData?.issues;
  const list: unknown[] = Array.isArray(raw) ? raw : inputIssues(error);
  return list.flatMap((i) => {
    if (!i || typeof i !== "object") return [];
    const { path, message } = i as { path?: unknown; message?: unknown };
    return typeof message === "string" ? [{ path: toPath(path), message }] : [];
  });
}

// tRPC's own input validation puts zod's issues, as JSON, in the message.
function inputIssues(error: unknown): unknown[] {
  if (!(error instanceof TRPCClientError) || dataOf(error)?.code !== "BAD_REQUEST") return [];
  try {
    const parsed: unknown = JSON.parse(error.message);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/** A message fit for a toast or a form banner. */
export function errorMessage(
  error: unknown,
  fallback = "Something went wrong. Try again.",
): string {
  if (error instanceof TRPCClientError) {
    const issues = fieldIssues(error);
    if (issues.length > 0) return issues.map((i) => i.message).join(" ");
    if (dataOf(error)?.code === "INTERNAL_SERVER_ERROR") return fallback;
    return error.message || fallback;
  }
  if (error instanceof Error && error.message) return error.message;
  return fallback;
}

/**
 * Puts server-side field issues on the matching form fields. Returns the message to show
 * on the form itself (for issues that match no field, or a plain DomainError), or null.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
  /** DomainError codes that belong to one field, e.g. `{ "user.email_taken": "email" }`. */
  codeFields: Partial<Record<string, Path<T>>> = {},
): string | null {
  const code = domainCode(error);
  const codeField = code ? codeFields[code] : undefined;
  if (codeField) {
    setError(codeField, { type: "server", message: errorMessage(error) });
    return null;
  }
  const issues = fieldIssues(error);
  const unmatched: string[] = [];
  for (const issue of issues) {
    const field = fields.find((f) => f === issue.path || issue.path.startsWith(`${f}.`));
    if (field) setError(field, { type: "server", message: issue.message });
    else unmatched.push(issue.message);
  }
  if (issues.length > 0) return unmatched.length > 0 ? unmatched.join(" ") : null;
  return errorMessage(error);
}
