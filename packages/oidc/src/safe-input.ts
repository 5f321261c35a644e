import { findJsonProblem, isSafeText, UNSAFE_TEXT_MESSAGE } from "@guildhall/validators";
import { errors } from "oidc-provider";

/**
 * The provider's form bodies are not seen by the edge guard (it checks the request target
 * only), so a NUL (`%00`) in `client_id`, `code`, `refresh_token`, `token`, `state`, ... reaches
 * here as text. PostgreSQL refuses NUL in `text` and `\u0000` or unpaired-surrogate escapes in
 * `jsonb`: the query fails and the provider answers 500. These checks, run before every query
 * that carries client-controlled text, use the shared rule of `@guildhall/validators`.
 * (Bytes that are not UTF-8 decode to U+FFFD in the provider's body parser, which is safe text.)
 */

/**
 * Whether a value can be looked up in PostgreSQL. Lookups answer "not found" for anything
 * else, as they would for any other unknown id: no row can hold such text, and the provider
 * then gives the endpoint's own error (`invalid_client`, `invalid_grant`, `active: false`...).
 */
export function isSafeLookup(value: unknown): value is string {
  return typeof value === "string" && isSafeText(value);
}

/** The request parameter a payload path comes from: `params.state` -> `state`, `redirectUri` -> `redirect_uri`. */
function parameterOf(path: (string | number)[]): string {
  const [first, second] = path;
  const name =
    first === "params" && typeof second === "string" ? second : String(first ?? "request");
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * Refuses a model the provider is about to store (an interaction carrying the authorization
 * request's `state`, `nonce`, `login_hint`, `claims`..., a session carrying a logout's
 * `state`) when PostgreSQL could not store it, with `invalid_request` naming the parameter.
 * @throws errors.InvalidRequest
 */
export function assertStorablePayload(payload: unknown): void {
  const problem = findJsonProblem(payload);
  if (problem)
    throw new errors.InvalidRequest(
      `parameter '${parameterOf(problem.path)}' is invalid: ${problem.message}`,
    );
}

/**
 * Refuses a request parameter that is compared with stored text (`organization_id`).
 * @throws errors.InvalidRequest naming the parameter
 */
export function assertSafeParameter(name: string, value: string): void {
  if (!isSafeText(value))
    throw new errors.InvalidRequest(`parameter '${name}' is invalid: ${UNSAFE_TEXT_MESSAGE}`);
}
