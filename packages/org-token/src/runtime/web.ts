/**
 * The Web Crypto runtime, through jose: for edge runtimes, Workers and browsers, where
 * `node:crypto` is absent (and for `engine: "jose"`).
 *
 * @module
 */
import { base64url, compactVerify, importJWK, type CryptoKey } from "jose";
import type { OrganizationTokenAlgorithm } from "../claims.ts";
import type { VerificationKey } from "../jwks.ts";
import { isCanonicalBase64url } from "./base64url.ts";
import type { SignatureRuntime } from "./runtime.ts";

/** A Web Crypto runtime with its own imported-key cache (one per verifier). */
export function createWebRuntime(): SignatureRuntime {
  const decoder = new TextDecoder();
  const imported = new WeakMap<
    VerificationKey,
    Partial<Record<OrganizationTokenAlgorithm, Promise<CryptoKey>>>
  >();

  function prepare(key: VerificationKey, alg: OrganizationTokenAlgorithm): Promise<CryptoKey> {
    let byAlg = imported.get(key);
    const hit = byAlg?.[alg];
    if (hit !== undefined) return hit;
    const pending = importJWK({ ...key.jwk }, alg) as Promise<CryptoKey>;
    if (byAlg === undefined) {
      byAlg = {};
      imported.set(key, byAlg);
    }
    byAlg[alg] = pending;
    // A failed import is not cached: the next attempt retries.
    pending.catch(() => {
      if (byAlg[alg] === pending) delete byAlg[alg];
    });
    return pending;
  }

  return {
    name: "jose",
    decodeText: (segment) => decoder.decode(base64url.decode(segment)),
    decodeSignature(segment, length) {
      return isCanonicalBase64url(segment, length) ? base64url.decode(segment) : undefined;
    },
    async verify(key, alg, token) {
      const cryptoKey = await prepare(key, alg);
      try {
        await compactVerify(token, cryptoKey, { algorithms: [alg] });
        return true;
      } catch {
        return false;
      }
    },
  };
}
