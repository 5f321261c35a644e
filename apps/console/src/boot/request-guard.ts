import type { IncomingMessage, ServerResponse } from "node:http";
import { findUrlEncodingProblem } from "@guildhall/validators";

/**
 * The edge guard of the node:http server, before the OIDC provider and Next: a request target
 * that does not percent-decode to text (`%ZZ`, bytes that are not UTF-8, `%00`) is answered
 * 400 here, saying what to fix. Left to them, Next and the provider call `decodeURIComponent`
 * deep inside and answer 500. The answer is shaped for who asks: Logto's error JSON on
 * `/api/*`, OAuth's on `/oidc/*`, plain text for pages.
 *
 * @returns true when it answered (the caller stops), false to carry on.
 * @example
 * if (rejectMalformedRequest(req, res)) return;
 */
export function rejectMalformedRequest(req: IncomingMessage, res: ServerResponse): boolean {
  const target = req.url ?? "/";
  const problem = findUrlEncodingProblem(target);
  if (!problem) return false;

  const message = `The request URL is invalid: ${problem}`;
  let contentType = "text/plain; charset=utf-8";
  let body = `400 Bad Request\n\n${message}\n`;
  if (/^(?:[a-z]+:\/\/[^/]*)?\/api(?:\/|$|\?)/i.test(target)) {
    contentType = "application/json; charset=utf-8";
    body = JSON.stringify({ code: "guard.invalid_input", message });
  } else if (/^(?:[a-z]+:\/\/[^/]*)?\/oidc(?:\/|$|\?)/i.test(target)) {
    contentType = "application/json; charset=utf-8";
    body = JSON.stringify({ error: "invalid_request", error_description: message });
  }
  res.writeHead(400, {
    "content-type": contentType,
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  res.end(req.method === "HEAD" ? undefined : body);
  return true;
}
