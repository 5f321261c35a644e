/**
 * Verification key sets: a static one (keys you already have) and a remote one (the issuer's
 * JWKS URL, fetched once, cached, refetched on an unknown `kid` at most once per cooldown).
 *
 * Runtime-neutral: uses only `fetch`, `AbortSignal` and jose's base64url codec.
 *
 * @module
 */
import { base64url, type JWK } from "jose";
import { type OrganizationTokenAlgorithm } from "./claims.ts";
import { JwksFetchError } from "./errors.ts";

/**
 * A public key from a JWKS, reduced to its public members, with the algorithms it may verify.
 *
 * @example
 * ```ts
 * import { parseVerificationKey } from "@guildhall/org-token/jwks";
 * const key = parseVerificationKey({ kty: "OKP", crv: "Ed25519", x: "...", kid: "k1" });
 * if (typeof key !== "string") key.algorithms; // ["EdDSA"]
 * ```
 */
export interface VerificationKey {
  readonly kid: string;
  /** Public members only (`kty`, `crv`, `x`, `y`, `n`, `e`); never private material. */
  readonly jwk: Readonly<JWK>;
  /** Algorithms this key may verify: its own `alg` if the JWK has one, else what its type allows. */
  readonly algorithms: readonly OrganizationTokenAlgorithm[];
  /** Length in bytes of a valid signature made with this key. */
  readonly signatureLength: number;
  /** Canonical JSON of `jwk`, used to keep prepared keys across refetches. */
  readonly fingerprint: string;
}

/**
 * Where the verifier looks keys up. `get` is the synchronous cache hit used on every
 * verification; `resolve` is the slow path that may fetch.
 *
 * @example
 * ```ts
 * import { createStaticKeySet, type KeySet } from "@guildhall/org-token/jwks";
 * const keySet: KeySet = createStaticKeySet([publicJwk]);
 * keySet.get(publicJwk.kid, Date.now()); // the key, no I/O
 * ```
 */
export interface KeySet {
  /** The cached key for `kid`, or `undefined` when unknown or when the cache needs a refresh. */
  get(kid: string, nowMs: number): VerificationKey | undefined;
  /** The key for `kid`, fetching the JWKS if needed and allowed; `undefined` if still unknown. */
  resolve(kid: string, nowMs: number): Promise<VerificationKey | undefined>;
}

const MIN_RSA_BYTES = 256; // 2048-bit modulus

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isB64(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && /^[A-Za-z0-9_-]+$/.test(value);
}

function decodedLength(value: string): number {
  return Math.floor((value.length * 3) / 4);
}

/**
 * Checks one JWK and reduces it to a {@link VerificationKey}. Returns a reason string when the key
 * cannot verify organization tokens (no `kid`, `use` other than `sig`, symmetric, unsupported
 * curve, RSA shorter than 2048 bits, `alg` that does not fit the key...).
 *
 * @example
 * ```ts
 * import { parseVerificationKey } from "@guildhall/org-token/jwks";
 * parseVerificationKey({ kty: "oct", k: "c2VjcmV0", kid: "k1" }); // 'unsupported kty "oct"'
 * ```
 */
export function parseVerificationKey(value: unknown): VerificationKey | string {
  if (!isRecord(value)) return "not a JSON object";
  const { kid, kty, use, key_ops: keyOps, alg } = value;
  if (typeof kid !== "string" || kid === "") return 'missing "kid"';
  if (use !== undefined && use !== "sig") return `"use" is ${JSON.stringify(use)}, not "sig"`;
  if (keyOps !== undefined && !(Array.isArray(keyOps) && keyOps.includes("verify"))) {
    return '"key_ops" does not include "verify"';
  }
  let jwk: JWK;
  let algorithms: OrganizationTokenAlgorithm[];
  let signatureLength: number;
  switch (kty) {
    case "EC": {
      const { crv, x, y } = value;
      if (!isB64(x) || !isB64(y)) return 'EC key without "x"/"y"';
      if (crv === "P-256") {
        algorithms = ["ES256"];
        signatureLength = 64;
      } else if (crv === "P-384") {
        algorithms = ["ES384"];
        signatureLength = 96;
      } else {
        return `unsupported EC curve ${JSON.stringify(crv)}`;
      }
      jwk = { kty, crv, x, y };
      break;
    }
    case "OKP": {
      const { crv, x } = value;
      if (crv !== "Ed25519") return `unsupported OKP curve ${JSON.stringify(crv)}`;
      if (!isB64(x)) return 'OKP key without "x"';
      algorithms = ["EdDSA"];
      signatureLength = 64;
      jwk = { kty, crv, x };
      break;
    }
    case "RSA": {
      const { n, e } = value;
      if (!isB64(n) || !isB64(e)) return 'RSA key without "n"/"e"';
      let modulus: Uint8Array;
      try {
        modulus = base64url.decode(n);
      } catch {
        return 'RSA "n" is not base64url';
      }
      let start = 0;
      while (start < modulus.length && modulus[start] === 0) start++;
      signatureLength = modulus.length - start;
      if (signatureLength < MIN_RSA_BYTES) return "RSA modulus shorter than 2048 bits";
      algorithms = ["RS256", "PS256"];
      jwk = { kty, n, e };
      break;
    }
    default:
      return `unsupported kty ${JSON.stringify(kty)}`;
  }
  if (alg !== undefined) {
    if (typeof alg !== "string" || !(algorithms as string[]).includes(alg)) {
      return `"alg" ${JSON.stringify(alg)} does not fit a ${String(kty)} key`;
    }
    algorithms = [alg as OrganizationTokenAlgorithm];
  }
  // Cheap plausibility check of the coordinate sizes, so garbage fails here, not per token.
  if (
    jwk.kty === "EC" &&
    typeof jwk.x === "string" &&
    decodedLength(jwk.x) !== signatureLength / 2
  ) {
    return "EC coordinate length does not match the curve";
  }
  return { kid, jwk, algorithms, signatureLength, fingerprint: JSON.stringify(jwk) };
}

/**
 * Reads a JWKS document (`{ keys: [...] }`). Keys that cannot verify organization tokens are
 * skipped and reported in `skipped`; the first key wins when a `kid` repeats. Pass the previous
 * map to keep the same {@link VerificationKey} objects for unchanged keys.
 *
 * @example
 * ```ts
 * import { parseJwks } from "@guildhall/org-token/jwks";
 * const { keys, skipped } = parseJwks(await (await fetch(jwksUri)).json());
 * keys.has("k1");
 * ```
 */
export function parseJwks(
  document: unknown,
  previous?: ReadonlyMap<string, VerificationKey>,
): { keys: Map<string, VerificationKey>; skipped: string[] } {
  if (!isRecord(document) || !Array.isArray(document.keys)) {
    throw new TypeError('A JWKS must be a JSON object with a "keys" array');
  }
  const keys = new Map<string, VerificationKey>();
  const skipped: string[] = [];
  document.keys.forEach((candidate: unknown, index) => {
    const parsed = parseVerificationKey(candidate);
    if (typeof parsed === "string") {
      skipped.push(`keys[${index}]: ${parsed}`);
      return;
    }
    if (keys.has(parsed.kid)) {
      skipped.push(`keys[${index}]: duplicate kid ${JSON.stringify(parsed.kid)}`);
      return;
    }
    const old = previous?.get(parsed.kid);
    keys.set(
      parsed.kid,
      old !== undefined && old.fingerprint === parsed.fingerprint ? old : parsed,
    );
  });
  return { keys, skipped };
}

/**
 * A key set over keys you already hold (the server's own keys, tests). Every key must be a usable
 * public signing key with a `kid`, otherwise this throws `TypeError` at once.
 *
 * @example
 * ```ts
 * import { createStaticKeySet } from "@guildhall/org-token/jwks";
 * const keySet = createStaticKeySet([signingKey.publicJwk]);
 * ```
 */
export function createStaticKeySet(
  keys: readonly JWK[] | { readonly keys: readonly JWK[] },
): KeySet {
  const list = Array.isArray(keys) ? keys : (keys as { readonly keys: readonly JWK[] }).keys;
  const { keys: map, skipped } = parseJwks({ keys: list });
  if (skipped.length > 0) throw new TypeError(`Unusable verification key: ${skipped.join("; ")}`);
  return {
    get: (kid) => map.get(kid),
    resolve: async (kid) => map.get(kid),
  };
}

/**
 * The part of `fetch` the remote key set uses; the global `fetch` fits, and so does a test fake.
 *
 * @example
 * ```ts
 * import type { JwksFetch } from "@guildhall/org-token/jwks";
 * let calls = 0;
 * const countingFetch: JwksFetch = async () => {
 *   calls++;
 *   return Response.json({ keys: [publicJwk] });
 * };
 * ```
 */
export type JwksFetch = (
  url: string,
  init: { headers: Record<string, string>; signal?: AbortSignal },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/**
 * Options of {@link createRemoteKeySet}.
 *
 * @example
 * ```ts
 * import type { RemoteKeySetOptions } from "@guildhall/org-token/jwks";
 * const options: RemoteKeySetOptions = { jwksUri: "https://auth.example.com/oidc/jwks", cooldownMs: 30_000 };
 * ```
 */
export interface RemoteKeySetOptions {
  /** The issuer's JWKS URL (`jwks_uri` in its discovery document). */
  jwksUri: string | URL;
  /** `fetch` to use; defaults to the global one. */
  fetch?: JwksFetch;
  /** Minimum time between two fetches caused by an unknown `kid` (or a refresh). Default 30 000. */
  cooldownMs?: number;
  /** After this long the cached JWKS is refreshed on next use, so removed keys stop verifying. Default 600 000. */
  cacheMaxAgeMs?: number;
  /** Abort a JWKS request after this long. Default 5 000. */
  timeoutMs?: number;
  /** Clock in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

/**
 * A key set backed by the issuer's JWKS URL.
 *
 * - Fetched lazily on first use, then served from memory (`get` does no I/O).
 * - A `kid` not in the cache triggers one refetch, unless the last fetch started less than
 *   `cooldownMs` ago: a rotated key is picked up without a restart, and a flood of random `kid`s
 *   costs at most one request per cooldown.
 * - Concurrent lookups share one in-flight request.
 * - After `cacheMaxAgeMs` the set is refreshed on next use; if that refresh fails, the cached keys
 *   stay in use (and the refresh is retried after the cooldown).
 * - When no usable keys are cached and the request fails, `resolve` rejects with
 *   {@link JwksFetchError}.
 *
 * @example
 * ```ts
 * import { createRemoteKeySet } from "@guildhall/org-token/jwks";
 * const keySet = createRemoteKeySet({ jwksUri: "https://auth.example.com/oidc/jwks" });
 * const key = await keySet.resolve("kid-from-token-header", Date.now());
 * ```
 */
export function createRemoteKeySet(options: RemoteKeySetOptions): KeySet {
  const url = String(options.jwksUri);
  const maybeFetch: JwksFetch | undefined = options.fetch ?? globalThis.fetch;
  if (typeof maybeFetch !== "function")
    throw new TypeError("No fetch available: pass options.fetch");
  const fetchImpl: JwksFetch = maybeFetch;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const cacheMaxAgeMs = options.cacheMaxAgeMs ?? 600_000;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const now = options.now ?? Date.now;

  let keys: Map<string, VerificationKey> | undefined;
  let loadedAt = 0;
  let lastAttemptAt = -Infinity;
  let inflight: Promise<void> | undefined;

  async function load(): Promise<void> {
    let document: unknown;
    try {
      const signal =
        typeof AbortSignal.timeout === "function" ? AbortSignal.timeout(timeoutMs) : undefined;
      const response = await fetchImpl(url, {
        headers: { accept: "application/jwk-set+json, application/json" },
        ...(signal === undefined ? {} : { signal }),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      document = await response.json();
    } catch (cause) {
      throw new JwksFetchError(url, `Could not fetch the JWKS from ${url}: ${errorText(cause)}`, {
        cause,
      });
    }
    try {
      keys = parseJwks(document, keys).keys;
    } catch (cause) {
      throw new JwksFetchError(url, `The JWKS at ${url} is invalid: ${errorText(cause)}`, {
        cause,
      });
    }
    loadedAt = now();
  }

  function startFetch(): Promise<void> {
    lastAttemptAt = now();
    const run = load().finally(() => {
      inflight = undefined;
    });
    inflight = run;
    return run;
  }

  return {
    get(kid, nowMs) {
      return keys !== undefined && nowMs - loadedAt < cacheMaxAgeMs ? keys.get(kid) : undefined;
    },
    async resolve(kid, nowMs) {
      if (inflight === undefined && keys !== undefined) {
        const known = keys.get(kid);
        if (known !== undefined && nowMs - loadedAt < cacheMaxAgeMs) return known;
        // Unknown kid, or stale cache: fetch only if the cooldown allows it.
        if (nowMs - lastAttemptAt < cooldownMs) return known;
      }
      try {
        await (inflight ?? startFetch());
      } catch (error) {
        // A failed refresh keeps the keys we had; only a key we cannot find at all is an error.
        const cached = keys?.get(kid);
        if (cached !== undefined) return cached;
        throw error;
      }
      return keys?.get(kid);
    },
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
