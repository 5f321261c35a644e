/**
 * The payload cache: a client presents the same token with every request, so the checked payload
 * of recently verified tokens is kept. It is consulted only after the signature has been verified
 * on the current call, and only for the very same token string.
 *
 * @module
 */
import type { OrganizationTokenClaims } from "../claims.ts";
import type { CheckedPayload } from "./claims.ts";

/** Checked payloads of verified tokens, oldest evicted first. */
export interface PayloadCache {
  /** The entry for `token`, looked up by its (short) signature segment. */
  get(signatureSegment: string, token: string): CheckedPayload | undefined;
  set(signatureSegment: string, checked: CheckedPayload): void;
}

/** A cache of up to `size` payloads, or `undefined` when `size` is 0. Throws `TypeError` on a bad size. */
export function createPayloadCache(size: number): PayloadCache | undefined {
  if (!Number.isInteger(size) || size < 0) {
    throw new TypeError("options.payloadCacheSize must be a non-negative integer");
  }
  if (size === 0) return undefined;
  const entries = new Map<string, CheckedPayload>();
  return {
    get(signatureSegment, token) {
      const entry = entries.get(signatureSegment);
      return entry !== undefined && entry.token === token ? entry : undefined;
    },
    set(signatureSegment, checked) {
      if (entries.size >= size) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
      entries.set(signatureSegment, checked);
    },
  };
}

/** A fresh copy of cached claims for one caller: callers may modify what they get. */
export function copyClaims(claims: OrganizationTokenClaims): OrganizationTokenClaims {
  const copy = { ...claims };
  copy.scopes = claims.scopes.slice();
  return copy;
}
