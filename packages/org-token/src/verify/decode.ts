/**
 * The token's compact form and its JSON segments, and the `malformed` errors they raise.
 *
 * @module
 */
import { OrganizationTokenError } from "../errors.ts";
import { MAX_TOKEN_LENGTH, type SignatureRuntime } from "../runtime/runtime.ts";

/** An `OrganizationTokenError` with code `malformed`. */
export function malformed(message: string, cause?: unknown): OrganizationTokenError {
  return new OrganizationTokenError("malformed", message, cause === undefined ? {} : { cause });
}

/** The error for anything that is not a compact JWS. */
export function notCompact(): OrganizationTokenError {
  return malformed("The token is not a compact JWS (three base64url segments)");
}

/**
 * The index of the token's first dot, after checking it is a string of at most
 * `MAX_TOKEN_LENGTH` characters with exactly two dots and three non-empty segments. The last dot
 * is the signature's `token.lastIndexOf(".")`.
 */
export function compactFirstDot(token: unknown): number {
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) throw notCompact();
  const firstDot = token.indexOf(".");
  const lastDot = token.indexOf(".", firstDot + 1);
  if (
    firstDot <= 0 ||
    lastDot <= firstDot + 1 ||
    lastDot === token.length - 1 ||
    token.indexOf(".", lastDot + 1) !== -1
  ) {
    throw notCompact();
  }
  return firstDot;
}

/** The JSON object a base64url segment encodes; `what` names the segment in the error. */
export function parseJsonObject(
  runtime: SignatureRuntime,
  segment: string,
  what: string,
): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(runtime.decodeText(segment));
  } catch (cause) {
    throw malformed(`The token ${what} is not base64url-encoded JSON`, cause);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw malformed(`The token ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}
