/**
 * Verifying organization tokens. This entry point has no server dependencies: it runs in Node,
 * Bun, Deno and edge runtimes.
 *
 * On Node (detected at run time through `process.getBuiltinModule`, never a static import, so edge
 * bundlers see nothing to resolve) signatures are checked with `node:crypto` `KeyObject`s cached
 * per key and a hand-written compact-JWS path. Elsewhere jose (Web Crypto) checks them. Header
 * and claim validation is the same code on both paths.
 *
 * @module
 */
import { base64url, compactVerify, importJWK, type CryptoKey, type JWK } from "jose";
import {
  ORGANIZATION_AUDIENCE_PREFIX,
  ORGANIZATION_TOKEN_ALGORITHMS,
  parseScope,
  type OrganizationTokenAlgorithm,
  type OrganizationTokenClaims,
} from "./claims.ts";
import { OrganizationTokenError } from "./errors.ts";
import {
  createRemoteKeySet,
  createStaticKeySet,
  type JwksFetch,
  type KeySet,
  type VerificationKey,
} from "./jwks.ts";

/**
 * Which signature implementation a verifier uses. `"auto"` (default) picks `"node"` when
 * `node:crypto` is available and `"jose"` otherwise.
 *
 * @example
 * ```ts
 * import { createLocalVerifier, type VerifierEngine } from "@guildhall/org-token/verify";
 * const engine: VerifierEngine = "jose"; // force the Web Crypto path, e.g. to compare
 * const verifier = createLocalVerifier({ issuer, keys: [publicJwk], engine });
 * ```
 */
export type VerifierEngine = "auto" | "node" | "jose";

/**
 * Options shared by {@link createOrganizationTokenVerifier} and {@link createLocalVerifier}.
 *
 * @example
 * ```ts
 * import type { BaseVerifierOptions } from "@guildhall/org-token/verify";
 * const base: BaseVerifierOptions = { issuer: "https://auth.example.com/oidc", clockTolerance: 5 };
 * ```
 */
export interface BaseVerifierOptions {
  /** Expected `iss`, compared exactly. */
  issuer: string;
  /** Seconds of clock skew accepted on `exp`, `iat` and `nbf`. Default 5. */
  clockTolerance?: number;
  /** Clock, in milliseconds since the epoch (tests freeze it). Default `Date.now`. */
  now?: () => number;
  /** Accepted algorithms (a subset of the supported ones). Default: all supported. */
  algorithms?: readonly OrganizationTokenAlgorithm[];
  /** Signature implementation. Default `"auto"`. */
  engine?: VerifierEngine;
  /**
   * How many recently verified tokens to keep parsed, since a client presents the same token with
   * every request. An entry is used only for the identical token string and only after this call
   * has verified its signature again; the clock, organization and scope checks also run on every
   * call, and every call gets its own copy of the claims. Default 1000 (oldest evicted first);
   * 0 disables.
   */
  payloadCacheSize?: number;
}

/**
 * Options of {@link createOrganizationTokenVerifier}.
 *
 * @example
 * ```ts
 * import type { OrganizationTokenVerifierOptions } from "@guildhall/org-token/verify";
 * const options: OrganizationTokenVerifierOptions = {
 *   issuer: "https://auth.example.com/oidc",
 *   jwksUri: "https://auth.example.com/oidc/jwks",
 *   cooldownMs: 30_000,
 * };
 * ```
 */
export interface OrganizationTokenVerifierOptions extends BaseVerifierOptions {
  /** The issuer's JWKS URL. */
  jwksUri: string | URL;
  /** `fetch` used for the JWKS. Default: the global `fetch`. */
  fetch?: JwksFetch;
  /** Minimum milliseconds between two JWKS fetches caused by unknown `kid`s. Default 30 000. */
  cooldownMs?: number;
  /** Milliseconds after which the cached JWKS is refreshed on next use. Default 600 000 (10 min). */
  cacheMaxAgeMs?: number;
  /** Milliseconds before a JWKS request is aborted. Default 5 000. */
  timeoutMs?: number;
}

/**
 * Options of {@link createLocalVerifier}.
 *
 * @example
 * ```ts
 * import type { LocalVerifierOptions } from "@guildhall/org-token/verify";
 * const options: LocalVerifierOptions = { issuer: "https://auth.example.com/oidc", keys: [publicJwk] };
 * ```
 */
export interface LocalVerifierOptions extends BaseVerifierOptions {
  /** Public JWKs (each with a `kid`), or a whole JWKS document. */
  keys: readonly JWK[] | { readonly keys: readonly JWK[] };
}

/**
 * Per-call checks of {@link OrganizationTokenVerifier.verify}.
 *
 * @example
 * ```ts
 * import type { VerifyOrganizationTokenOptions } from "@guildhall/org-token/verify";
 * const checks: VerifyOrganizationTokenOptions = { organizationId: "org_a", requiredScopes: ["remove:member"] };
 * ```
 */
export interface VerifyOrganizationTokenOptions {
  /** The organization the request is about; another one gives `wrong_organization`. */
  organizationId?: string;
  /** Permissions that must all be in `scope`; otherwise `insufficient_scope`. */
  requiredScopes?: readonly string[];
}

/**
 * A configured verifier. Create one per process and reuse it: it holds the key cache.
 *
 * @example
 * ```ts
 * import { createOrganizationTokenVerifier } from "@guildhall/org-token/verify";
 * const verifier = createOrganizationTokenVerifier({
 *   issuer: "https://auth.example.com/oidc",
 *   jwksUri: "https://auth.example.com/oidc/jwks",
 * });
 * const claims = await verifier.verify(token, { organizationId: "org_a", requiredScopes: ["read:member"] });
 * claims.sub; // user id (or client id for M2M)
 * ```
 */
export interface OrganizationTokenVerifier {
  /**
   * Verifies `token` and returns its claims, or throws {@link OrganizationTokenError} (a rejected
   * token) or `JwksFetchError` (keys unavailable).
   */
  verify(token: string, options?: VerifyOrganizationTokenOptions): Promise<OrganizationTokenClaims>;
  /** The configured issuer. */
  readonly issuer: string;
  /** The signature engine in use: `"node"` (node:crypto fast path) or `"jose"` (Web Crypto). */
  readonly engine: "node" | "jose";
}

// ---------------------------------------------------------------------------------------------
// Node detection, without a static import of node:crypto.

interface NodeKeyObject {
  readonly type: string;
}
interface NodeVerifyKey {
  key: NodeKeyObject;
  dsaEncoding?: "ieee-p1363";
  padding?: number;
  saltLength?: number;
}
interface NodeCrypto {
  createPublicKey(input: { key: JWK; format: "jwk" }): NodeKeyObject;
  verify(algorithm: string | null, data: Uint8Array, key: NodeVerifyKey, signature: Uint8Array): boolean;
  constants: { RSA_PKCS1_PSS_PADDING: number; RSA_PKCS1_PADDING: number };
}
interface NodeBytes extends Uint8Array {
  toString(encoding?: "base64url" | "utf8", start?: number, end?: number): string;
  write(input: string, offset: number, encoding: "base64url"): number;
  write(input: string, offset: number, length: number, encoding: "utf8"): number;
  subarray(start: number, end: number): NodeBytes;
}
interface NodeBufferCtor {
  from(input: string, encoding: "base64url"): NodeBytes;
  alloc(size: number): NodeBytes;
}
interface NodeRuntime {
  crypto: NodeCrypto;
  Buffer: NodeBufferCtor;
}
interface ProcessLike {
  versions?: { node?: string };
  getBuiltinModule?: (id: string) => unknown;
}

function toNodeRuntime(cryptoModule: unknown, bufferModule: unknown): NodeRuntime | undefined {
  const c = cryptoModule as Partial<NodeCrypto> | undefined;
  const b = bufferModule as { Buffer?: Partial<NodeBufferCtor> } | undefined;
  if (
    typeof c?.createPublicKey !== "function" ||
    typeof c.verify !== "function" ||
    typeof c.constants?.RSA_PKCS1_PSS_PADDING !== "number" ||
    typeof b?.Buffer?.from !== "function" ||
    typeof b.Buffer.alloc !== "function"
  ) {
    return undefined;
  }
  return { crypto: c as NodeCrypto, Buffer: b.Buffer as NodeBufferCtor };
}

function isNodeProcess(): boolean {
  return typeof (globalThis as { process?: ProcessLike }).process?.versions?.node === "string";
}

let nodeRuntime: NodeRuntime | null | undefined; // undefined: not looked up yet; null: absent

/** node:crypto through `process.getBuiltinModule` (Node >= 20.16, Bun, Deno), or `null`. */
function nodeRuntimeSync(): NodeRuntime | null {
  if (nodeRuntime !== undefined) return nodeRuntime;
  const proc = (globalThis as { process?: ProcessLike }).process;
  const getBuiltin = proc?.getBuiltinModule;
  if (typeof proc?.versions?.node !== "string" || typeof getBuiltin !== "function") {
    // Older Node may still get there asynchronously, see nodeRuntimeAsync.
    return null;
  }
  try {
    nodeRuntime = toNodeRuntime(getBuiltin.call(proc, "node:crypto"), getBuiltin.call(proc, "node:buffer")) ?? null;
  } catch {
    nodeRuntime = null;
  }
  return nodeRuntime;
}

let nodeRuntimePromise: Promise<NodeRuntime | null> | undefined;

/** Same as nodeRuntimeSync, plus a dynamic import for Node versions without getBuiltinModule. */
function nodeRuntimeAsync(): Promise<NodeRuntime | null> {
  const sync = nodeRuntimeSync();
  if (sync !== null) return Promise.resolve(sync);
  if (!isNodeProcess()) return Promise.resolve(null);
  nodeRuntimePromise ??= (async () => {
    // Specifiers in variables, so bundlers do not try to resolve them for the edge.
    const cryptoId = "node:crypto";
    const bufferId = "node:buffer";
    try {
      const [c, b] = (await Promise.all([
        import(/* webpackIgnore: true */ /* @vite-ignore */ cryptoId),
        import(/* webpackIgnore: true */ /* @vite-ignore */ bufferId),
      ])) as unknown[];
      nodeRuntime = toNodeRuntime(c, b) ?? null;
    } catch {
      nodeRuntime = null;
    }
    return nodeRuntime;
  })();
  return nodeRuntimePromise;
}

// ---------------------------------------------------------------------------------------------
// Engines: how bytes are decoded and signatures checked.

interface NodePrepared {
  readonly hash: string | null;
  readonly key: NodeVerifyKey;
}

interface Engine {
  readonly name: "node" | "jose";
  decodeText(segment: string): string;
  /** Signature bytes if `segment` is the canonical base64url encoding of `length` bytes. */
  decodeSignature(segment: string, length: number): Uint8Array | undefined;
  verify(
    key: VerificationKey,
    alg: OrganizationTokenAlgorithm,
    token: string,
    signingInputEnd: number,
    signature: Uint8Array,
  ): boolean | Promise<boolean>;
}

const HASH: Record<OrganizationTokenAlgorithm, string | null> = {
  ES256: "sha256",
  ES384: "sha384",
  EdDSA: null,
  RS256: "sha256",
  PS256: "sha256",
};

function createNodeEngine(runtime: NodeRuntime): Engine {
  const { crypto, Buffer } = runtime;
  const inputScratch = Buffer.alloc(MAX_TOKEN_LENGTH);
  const signatureScratch = Buffer.alloc(1024);
  const textScratch = Buffer.alloc(MAX_TOKEN_LENGTH);
  const prepared = new WeakMap<VerificationKey, Partial<Record<OrganizationTokenAlgorithm, NodePrepared>>>();

  function prepare(key: VerificationKey, alg: OrganizationTokenAlgorithm): NodePrepared {
    let byAlg = prepared.get(key);
    const hit = byAlg?.[alg];
    if (hit !== undefined) return hit;
    const keyObject = crypto.createPublicKey({ key: key.jwk, format: "jwk" });
    let verifyKey: NodeVerifyKey;
    switch (alg) {
      case "ES256":
      case "ES384":
        verifyKey = { key: keyObject, dsaEncoding: "ieee-p1363" };
        break;
      case "PS256":
        verifyKey = { key: keyObject, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
        break;
      case "RS256":
        verifyKey = { key: keyObject, padding: crypto.constants.RSA_PKCS1_PADDING };
        break;
      case "EdDSA":
        verifyKey = { key: keyObject };
        break;
    }
    const entry: NodePrepared = { hash: HASH[alg], key: verifyKey };
    if (byAlg === undefined) {
      byAlg = {};
      prepared.set(key, byAlg);
    }
    byAlg[alg] = entry;
    return entry;
  }

  return {
    name: "node",
    decodeText(segment) {
      if (segment.length > MAX_TOKEN_LENGTH) return Buffer.from(segment, "base64url").toString("utf8");
      return textScratch.toString("utf8", 0, textScratch.write(segment, 0, "base64url"));
    },
    decodeSignature(segment, length) {
      if (!isCanonicalBase64url(segment, length)) return undefined;
      if (length > signatureScratch.length) return Buffer.from(segment, "base64url");
      // Reused buffer: verify() consumes it synchronously right after.
      return signatureScratch.subarray(0, signatureScratch.write(segment, 0, "base64url"));
    },
    verify(key, alg, token, signingInputEnd, signature) {
      const { hash, key: verifyKey } = prepare(key, alg);
      // UTF-8, not latin1: a non-ASCII character must change the bytes (and break the signature),
      // never map onto an ASCII byte. All-ASCII input writes exactly signingInputEnd bytes.
      if (inputScratch.write(token, 0, signingInputEnd, "utf8") !== signingInputEnd) return false;
      return crypto.verify(hash, inputScratch.subarray(0, signingInputEnd), verifyKey, signature);
    },
  };
}

function createJoseEngine(): Engine {
  const decoder = new TextDecoder();
  const imported = new WeakMap<VerificationKey, Partial<Record<OrganizationTokenAlgorithm, Promise<CryptoKey>>>>();

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
      if (byAlg?.[alg] === pending) delete byAlg[alg];
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

// ---------------------------------------------------------------------------------------------
// Validation shared by both engines.

const MAX_TOKEN_LENGTH = 16_384;
const HEADER_CACHE_LIMIT = 64;

/** 6-bit value of each base64url character, -1 for anything else. */
const BASE64URL_VALUES = (() => {
  const table = new Int8Array(128).fill(-1);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** True if `segment` is non-empty, only base64url characters (no padding), of a possible length. */
function isBase64url(segment: string): boolean {
  return segment.length % 4 !== 1 && BASE64URL.test(segment);
}

/**
 * True if `segment` is the one canonical unpadded base64url encoding of `byteLength` bytes: right
 * length, right alphabet, unused trailing bits zero. Decoders are lenient about all three, which
 * would let one signature have several spellings.
 */
function isCanonicalBase64url(segment: string, byteLength: number): boolean {
  const rest = byteLength % 3;
  if (segment.length !== ((byteLength - rest) / 3) * 4 + (rest === 0 ? 0 : rest + 1)) return false;
  if (!isBase64url(segment)) return false;
  if (rest === 0) return true;
  const last = BASE64URL_VALUES[segment.charCodeAt(segment.length - 1)] ?? -1;
  return (last & (rest === 1 ? 0x0f : 0x03)) === 0;
}

interface ParsedHeader {
  readonly alg: OrganizationTokenAlgorithm;
  readonly kid: string;
}

function malformed(message: string, cause?: unknown): OrganizationTokenError {
  return new OrganizationTokenError("malformed", message, cause === undefined ? {} : { cause });
}

function notCompact(): OrganizationTokenError {
  return malformed("The token is not a compact JWS (three base64url segments)");
}

function parseJsonObject(engine: Engine, segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(engine.decodeText(segment));
  } catch (cause) {
    throw malformed(`The token ${what} is not base64url-encoded JSON`, cause);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw malformed(`The token ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function parseHeader(
  engine: Engine,
  segment: string,
  allowed: ReadonlySet<string>,
): ParsedHeader {
  const header = parseJsonObject(engine, segment, "header");
  const { alg, kid, typ, crit } = header;
  if (typeof alg !== "string" || !allowed.has(alg)) {
    throw malformed(`Unsupported token algorithm ${JSON.stringify(alg)}`);
  }
  if (typeof typ !== "string") throw malformed('The token header has no "typ"; expected "at+jwt"');
  const type = typ.toLowerCase();
  if (type !== "at+jwt" && type !== "application/at+jwt") {
    throw malformed(`The token "typ" is ${JSON.stringify(typ)}; expected "at+jwt"`);
  }
  if (typeof kid !== "string" || kid === "") throw malformed('The token header has no "kid"');
  if (crit !== undefined) throw malformed('The token header has a "crit" parameter, which is not supported');
  return { alg: alg as OrganizationTokenAlgorithm, kid };
}

function isText(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function missingClaim(name: string, type: "string" | "number"): OrganizationTokenError {
  return malformed(`The token claim "${name}" is missing or not a ${type === "string" ? "non-empty string" : "number"}`);
}

/** A payload whose form, issuer and audience are checked; what remains depends on the call. */
interface CheckedPayload {
  /** The token it came from. */
  readonly token: string;
  /** The payload with `scopes` added. */
  readonly claims: OrganizationTokenClaims;
  readonly organizationId: string;
  readonly iat: number;
  readonly exp: number;
  readonly nbf: number | undefined;
}

/** Checks that depend only on the payload (and the configured issuer): done once per payload. */
function checkPayload(payload: Record<string, unknown>, issuer: string, token: string): CheckedPayload {
  const { iss, sub, aud, organization_id: organizationId, scope, client_id: clientId, jti, iat, exp, nbf } = payload;
  if (!isText(iss)) throw missingClaim("iss", "string");
  if (!isText(sub)) throw missingClaim("sub", "string");
  if (!isText(organizationId)) throw missingClaim("organization_id", "string");
  if (typeof scope !== "string") throw missingClaim("scope", "string");
  if (!isText(clientId)) throw missingClaim("client_id", "string");
  if (!isText(jti)) throw missingClaim("jti", "string");
  if (!isFiniteNumber(iat)) throw missingClaim("iat", "number");
  if (!isFiniteNumber(exp)) throw missingClaim("exp", "number");
  if (nbf !== undefined && !isFiniteNumber(nbf)) throw malformed('The token claim "nbf" is not a number');
  const membershipVersion = payload.membership_version;
  if (membershipVersion !== undefined && !isFiniteNumber(membershipVersion)) {
    throw malformed('The token claim "membership_version" is not a number');
  }
  if (aud === undefined) throw malformed('The token has no "aud" claim');

  if (iss !== issuer) {
    throw new OrganizationTokenError("wrong_issuer", `The token issuer ${JSON.stringify(iss)} is not ${JSON.stringify(issuer)}`);
  }
  if (aud !== ORGANIZATION_AUDIENCE_PREFIX + organizationId) {
    throw new OrganizationTokenError(
      "wrong_audience",
      `The token audience ${JSON.stringify(aud)} is not "${ORGANIZATION_AUDIENCE_PREFIX}<organization_id>"`,
    );
  }
  const claims = payload as OrganizationTokenClaims;
  claims.scopes = parseScope(scope);
  return { token, claims, organizationId, iat, exp, nbf };
}

/** Checks that depend on the clock and on the caller's requirements: done on every call. */
function checkContext(
  checked: CheckedPayload,
  toleranceSeconds: number,
  nowMs: number,
  options: VerifyOrganizationTokenOptions | undefined,
): void {
  const { exp, iat, nbf, organizationId } = checked;
  const { scopes } = checked.claims;
  const nowSeconds = nowMs / 1000;
  if (exp <= nowSeconds - toleranceSeconds) {
    throw new OrganizationTokenError("expired", `The token expired at ${new Date(exp * 1000).toISOString()}`);
  }
  if (iat > nowSeconds + toleranceSeconds) {
    throw new OrganizationTokenError("not_yet_valid", `The token was issued in the future (${new Date(iat * 1000).toISOString()})`);
  }
  if (nbf !== undefined && nbf > nowSeconds + toleranceSeconds) {
    throw new OrganizationTokenError("not_yet_valid", `The token is not valid before ${new Date(nbf * 1000).toISOString()}`);
  }
  if (options === undefined) return;
  if (options.organizationId !== undefined && organizationId !== options.organizationId) {
    throw new OrganizationTokenError(
      "wrong_organization",
      `The token is for organization ${JSON.stringify(organizationId)}, not ${JSON.stringify(options.organizationId)}`,
    );
  }
  const required = options.requiredScopes;
  if (required !== undefined && required.length > 0) {
    const missing = required.filter((name) => !scopes.includes(name));
    if (missing.length > 0) {
      throw new OrganizationTokenError("insufficient_scope", `The token lacks the permission(s): ${missing.join(" ")}`, {
        missingScopes: missing,
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------

function createVerifier(options: BaseVerifierOptions, keySet: KeySet): OrganizationTokenVerifier {
  const { issuer } = options;
  if (typeof issuer !== "string" || issuer === "") throw new TypeError("options.issuer is required");
  const tolerance = options.clockTolerance ?? 5;
  if (typeof tolerance !== "number" || !(tolerance >= 0)) throw new TypeError("options.clockTolerance must be >= 0 seconds");
  const now = options.now ?? Date.now;
  const algorithms = options.algorithms ?? ORGANIZATION_TOKEN_ALGORITHMS;
  for (const alg of algorithms) {
    if (!ORGANIZATION_TOKEN_ALGORITHMS.includes(alg)) throw new TypeError(`Unsupported algorithm ${JSON.stringify(alg)}`);
  }
  const allowed: ReadonlySet<string> = new Set(algorithms);
  const requested = options.engine ?? "auto";

  let engine: Engine | undefined;
  if (requested === "jose") {
    engine = createJoseEngine();
  } else {
    const runtime = nodeRuntimeSync();
    if (runtime !== null) engine = createNodeEngine(runtime);
    else if (requested === "node") throw new TypeError('engine "node" requested but node:crypto is not available');
  }
  // No synchronous node:crypto: try the asynchronous route once, on first use.
  let enginePromise: Promise<Engine> | undefined;
  function getEngine(): Engine | Promise<Engine> {
    if (engine !== undefined) return engine;
    enginePromise ??= nodeRuntimeAsync().then((runtime) => {
      engine = runtime === null ? createJoseEngine() : createNodeEngine(runtime);
      return engine;
    });
    return enginePromise;
  }

  const payloadCacheSize = options.payloadCacheSize ?? 1000;
  if (!Number.isInteger(payloadCacheSize) || payloadCacheSize < 0) {
    throw new TypeError("options.payloadCacheSize must be a non-negative integer");
  }
  const payloadCache = payloadCacheSize > 0 ? new Map<string, CheckedPayload>() : undefined;

  // Parsed headers by their encoded form: tokens from one key share one header.
  const headerCache = new Map<string, ParsedHeader>();
  let lastHeaderSegment = "";
  let lastHeader: ParsedHeader | undefined;

  async function verify(token: string, checks?: VerifyOrganizationTokenOptions): Promise<OrganizationTokenClaims> {
    const nowMs = now();
    const eng = engine ?? (await getEngine());
    if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) throw notCompact();
    const firstDot = token.indexOf(".");
    const lastDot = token.indexOf(".", firstDot + 1);
    if (firstDot <= 0 || lastDot <= firstDot + 1 || lastDot === token.length - 1 || token.indexOf(".", lastDot + 1) !== -1) {
      throw notCompact();
    }
    // Header: tokens from one key share it, so compare with the last one before parsing.
    const headerSegment = token.slice(0, firstDot);
    let header: ParsedHeader | undefined;
    if (headerSegment === lastHeaderSegment && lastHeader !== undefined) {
      header = lastHeader;
    } else {
      header = headerCache.get(headerSegment);
      if (header === undefined) {
        if (!isBase64url(headerSegment)) throw notCompact();
        header = parseHeader(eng, headerSegment, allowed);
        if (headerCache.size >= HEADER_CACHE_LIMIT) headerCache.clear();
        headerCache.set(headerSegment, header);
      }
      lastHeaderSegment = headerSegment;
      lastHeader = header;
    }
    const { alg, kid } = header;

    const key = keySet.get(kid, nowMs) ?? (await keySet.resolve(kid, nowMs));
    if (key === undefined) {
      throw new OrganizationTokenError("unknown_key", `No key with kid ${JSON.stringify(kid)} in the issuer's key set`);
    }
    if (!key.algorithms.includes(alg)) {
      throw new OrganizationTokenError(
        "bad_signature",
        `The token algorithm ${alg} does not match key ${JSON.stringify(kid)} (${key.algorithms.join(", ")})`,
      );
    }
    const signatureSegment = token.slice(lastDot + 1);
    const signature = eng.decodeSignature(signatureSegment, key.signatureLength);
    if (signature === undefined) {
      throw new OrganizationTokenError("bad_signature", "The token signature has the wrong encoding or length");
    }
    let valid: boolean;
    try {
      const result = eng.verify(key, alg, token, lastDot, signature);
      valid = typeof result === "boolean" ? result : await result;
    } catch (cause) {
      throw new OrganizationTokenError("bad_signature", "The token signature could not be checked with its key", { cause });
    }
    if (!valid) throw new OrganizationTokenError("bad_signature", "The token signature is invalid");

    // No alphabet check on the payload: the signature covers these exact characters.
    if (payloadCache === undefined) {
      const checked = checkPayload(parseJsonObject(eng, token.slice(firstDot + 1, lastDot), "payload"), issuer, token);
      checkContext(checked, tolerance, nowMs, checks);
      return checked.claims;
    }
    // The cache holds tokens whose signature verified (this call re-verified it). It is looked up
    // by the short signature segment and used only for the very same token string.
    let checked = payloadCache.get(signatureSegment);
    if (checked === undefined || checked.token !== token) {
      checked = checkPayload(parseJsonObject(eng, token.slice(firstDot + 1, lastDot), "payload"), issuer, token);
      if (payloadCache.size >= payloadCacheSize) {
        const oldest = payloadCache.keys().next();
        if (oldest.done !== true) payloadCache.delete(oldest.value);
      }
      payloadCache.set(signatureSegment, checked);
    }
    checkContext(checked, tolerance, nowMs, checks);
    // A fresh object per call: callers may modify what they get.
    const claims = { ...checked.claims };
    claims.scopes = checked.claims.scopes.slice();
    return claims;
  }

  return {
    verify,
    issuer,
    get engine() {
      // Before the first verification on Node without getBuiltinModule: the expected engine.
      return engine?.name ?? (isNodeProcess() ? "node" : "jose");
    },
  };
}

/**
 * Creates a verifier for tokens from a Guildhall issuer, with keys from its JWKS URL.
 *
 * The JWKS is fetched on first use and cached; a token whose `kid` is not cached triggers one
 * refetch (at most one per `cooldownMs`, default 30 s), so key rotation needs no restart;
 * concurrent verifications share one in-flight request.
 *
 * @example
 * ```ts
 * import { createOrganizationTokenVerifier, OrganizationTokenError } from "@guildhall/org-token/verify";
 *
 * const verifier = createOrganizationTokenVerifier({
 *   issuer: "https://auth.example.com/oidc",
 *   jwksUri: "https://auth.example.com/oidc/jwks",
 * });
 *
 * try {
 *   const claims = await verifier.verify(token, { organizationId: "org_a", requiredScopes: ["remove:member"] });
 *   console.log(claims.sub, claims.scopes);
 * } catch (error) {
 *   if (error instanceof OrganizationTokenError) console.log(error.code); // "expired", "insufficient_scope", ...
 *   else throw error;
 * }
 * ```
 */
export function createOrganizationTokenVerifier(options: OrganizationTokenVerifierOptions): OrganizationTokenVerifier {
  const keySet = createRemoteKeySet({
    jwksUri: options.jwksUri,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.cooldownMs === undefined ? {} : { cooldownMs: options.cooldownMs }),
    ...(options.cacheMaxAgeMs === undefined ? {} : { cacheMaxAgeMs: options.cacheMaxAgeMs }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return createVerifier(options, keySet);
}

/**
 * Creates a verifier over a fixed list of public keys: for the issuing server itself (it knows its
 * keys) and for tests. Throws `TypeError` at once if a key is unusable.
 *
 * @example
 * ```ts
 * import { generateSigningKey, issueOrganizationToken } from "@guildhall/org-token/issue";
 * import { createLocalVerifier } from "@guildhall/org-token/verify";
 *
 * const key = await generateSigningKey();
 * const verifier = createLocalVerifier({ issuer: "https://auth.example.com/oidc", keys: [key.publicJwk] });
 * const { token } = await issueOrganizationToken({
 *   privateKey: key.privateJwk, kid: key.kid, issuer: "https://auth.example.com/oidc",
 *   subject: "user_alice", organizationId: "org_a", scopes: ["read:member"], clientId: "app", ttlSeconds: 300,
 * });
 * (await verifier.verify(token)).organization_id; // "org_a"
 * ```
 */
export function createLocalVerifier(options: LocalVerifierOptions): OrganizationTokenVerifier {
  return createVerifier(options, createStaticKeySet(options.keys));
}
