import type { UseFormSetError } from "react-hook-form";
import { errorMessage, fieldIssues } from "@/lib/errors";
import { formFieldOf, type WebhookFormInput } from "./webhook-form";

/**
 * Puts the server's field issues on the webhook form's fields (its paths are the request's:
 * `config.url`, `config.headers.X-Key`). Returns the message for the form itself, or null.
 */
export function applyWebhookServerErrors(
  error: unknown,
  setError: UseFormSetError<WebhookFormInput>,
): string | null {
  const issues = fieldIssues(error);
  if (issues.length === 0) return errorMessage(error);
  const unmatched: string[] = [];
  for (const issue of issues) {
    const field = formFieldOf(issue.path);
    if (field === "headers") setError("headers", { type: "server", message: issue.message });
    else if (field) setError(field, { type: "server", message: issue.message });
    else unmatched.push(issue.message);
  }
  return unmatched.length > 0 ? unmatched.join(" ") : null;
}
