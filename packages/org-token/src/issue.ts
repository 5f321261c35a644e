/**
 * Issuing organization tokens (used by the Guildhall server) and generating signing keys.
 *
 * @module
 */
import {
  SignJWT,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
  type KeyObject,
} from "jose";
import {
  ORGANIZATION_TOKEN_ALGORITHMS,
  ORGANIZATION_TOKEN_TYPE,
  organizationAudience,
  type OrganizationTokenAlgorithm,
  type OrganizationTokenClaims,
  type OrganizationTokenPayload,
} from "./claims.ts";

/**
 * Claim names `extraClaims` may not set: the token format owns them.
 *
 * @example
 * ```ts
 * import { RESERVED_CLAIMS } from "@guildhall/org-token/issue";
 * RESERVED_CLAIMS.includes("scope"); // true
 * ```
 */
export const RESERVED_CLAIMS: readonly string[] = [
  "iss",
  "sub",
  "aud",
  "organization_id",
  "scope",
  "scopes",
  "client_id",
  "iat",
  "exp",
  "nbf",
  "jti",
  "mv",
];

const MEMBERSHIP_VERSION = /^\d{1,20}$/;

/**
 * Options of {@link issueOrganizationToken}.
 *
 * @example
 * ```ts
 * import type { IssueOrganizationTokenOptions } from "@guildhall/org-token/issue";
 * const options: IssueOrganizationTokenOptions = {
 *   privateKey: signingKey.privateJwk,
 *   kid: signingKey.kid,
 *   issuer: "https://auth.example.com/oidc",
 *   subject: "user_alice",
 *   organizationId: "org_a",
 *   scopes: ["read:member", "remove:member"],
 *   clientId: "app_console",
 *   ttlSeconds: 3600,
 * };
 * ```
 */
export interface IssueOrganizationTokenOptions {
  /** Private signing key: a Node `KeyObject`, a Web Crypto `CryptoKey`, or a private JWK. */
  privateKey: KeyObject | CryptoKey | JWK;
  /** Key id put in the header; must be the `kid` of the matching public key in the JWKS. */
  kid: string;
  /** Signature algorithm. Default `"ES256"`. */
  alg?: OrganizationTokenAlgorithm;
  /** `iss`: the issuer URL. */
  issuer: string;
  /** `sub`: user id, or the client id for machine-to-machine tokens. */
  subject: string;
  /** `organization_id`; `aud` becomes `urn:guildhall:organization:<organizationId>` unless `audience` is given. */
  organizationId: string;
  /**
   * `aud` for a token meant for one API in the organization: the API's resource indicator
   * (RFC 8707), e.g. `https://api.example.com`. `scopes` are then that API's permissions.
   * Default: the organization's URN.
   */
  audience?: string;
  /** Granted permission names; joined with spaces into `scope` (may be empty). */
  scopes: readonly string[];
  /** `client_id`: the OAuth client the token is issued to. */
  clientId: string;
  /** Lifetime in whole seconds (`exp = iat + ttlSeconds`). */
  ttlSeconds: number;
  /** Issue time: a `Date` or milliseconds since the epoch. Default: now. */
  now?: Date | number;
  /** `jti`. Default: a random UUID. */
  jti?: string;
  /** Optional `mv` claim: the membership's roles version, decimal digits (the server bumps it when the holder's roles change). */
  membershipVersion?: string;
  /** More claims to sign; may not use the names in {@link RESERVED_CLAIMS}. */
  extraClaims?: Readonly<Record<string, unknown>>;
}

/**
 * What {@link issueOrganizationToken} returns: the compact JWT and the claims it carries.
 *
 * @example
 * ```ts
 * import { issueOrganizationToken, type IssuedOrganizationToken } from "@guildhall/org-token/issue";
 * const issued: IssuedOrganizationToken = await issueOrganizationToken(options);
 * response.json({ access_token: issued.token, token_type: "Bearer", expires_in: issued.claims.exp - issued.claims.iat });
 * ```
 */
export interface IssuedOrganizationToken {
  token: string;
  claims: OrganizationTokenClaims;
}

function requireText(value: unknown, name: string): string {
  if (typeof value !== "string" || value === "")
    throw new TypeError(`${name} must be a non-empty string`);
  return value;
}

function isJwk(key: unknown): key is JWK {
  return (
    typeof key === "object" &&
    key !== null &&
    typeof (key as { kty?: unknown }).kty === "string" &&
    (key as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === undefined
  );
}

// Imported private JWKs, per object and algorithm, so a server issuing many tokens imports once.
const importedJwks = new WeakMap<
  object,
  Partial<Record<OrganizationTokenAlgorithm, Promise<CryptoKey>>>
>();

function signingKey(
  key: KeyObject | CryptoKey | JWK,
  alg: OrganizationTokenAlgorithm,
): KeyObject | CryptoKey | Promise<CryptoKey> {
  if (!isJwk(key)) return key;
  let byAlg = importedJwks.get(key);
  const hit = byAlg?.[alg];
  if (hit !== undefined) return hit;
  if (typeof key.d !== "string")
    throw new TypeError("privateKey is a public JWK; a private JWK is required");
  const pending = importJWK({ ...key }, alg) as Promise<CryptoKey>;
  if (byAlg === undefined) {
    byAlg = {};
    importedJwks.set(key, byAlg);
  }
  byAlg[alg] = pending;
  pending.catch(() => {
    if (byAlg[alg] === pending) delete byAlg[alg];
  });
  return pending;
}

/**
 * Signs an organization token (RFC 9068 JWT access token, header `typ: "at+jwt"`).
 *
 * Throws `TypeError` on invalid input (empty ids, a permission name containing whitespace, a
 * non-positive TTL, a reserved claim in `extraClaims`, a key that does not fit `alg`).
 *
 * On Node, private JWKs and `KeyObject`s are signed with `node:crypto` (the JWK imported once per
 * object), which costs about a third of Web Crypto per token; a `CryptoKey`, PS256, or a runtime
 * without `node:crypto` signs through jose. Both produce the same header and claims.
 *
 * @example
 * ```ts
 * import { generateSigningKey, issueOrganizationToken } from "@guildhall/org-token/issue";
 *
 * const key = await generateSigningKey(); // ES256; store key.privateJwk, publish key.publicJwk
 * const { token, claims } = await issueOrganizationToken({
 *   privateKey: key.privateJwk,
 *   kid: key.kid,
 *   issuer: "https://auth.example.com/oidc",
 *   subject: "user_alice",
 *   organizationId: "org_a",
 *   scopes: ["read:member", "remove:member"],
 *   clientId: "app_console",
 *   ttlSeconds: 3600,
 * });
 * claims.aud; // "urn:guildhall:organization:org_a"
 * claims.scope; // "read:member remove:member"
 *
 * // For one API in the organization: its indicator is the audience, its permissions the scopes.
 * const api = await issueOrganizationToken({
 *   privateKey: key.privateJwk,
 *   kid: key.kid,
 *   issuer: "https://auth.example.com/oidc",
 *   subject: "user_alice",
 *   organizationId: "org_a",
 *   audience: "https://api.example.com",
 *   scopes: ["read:invoice"],
 *   clientId: "app_console",
 *   ttlSeconds: 3600,
 * });
 * api.claims.aud; // "https://api.example.com"
 * ```
 */
export async function issueOrganizationToken(
  options: IssueOrganizationTokenOptions,
): Promise<IssuedOrganizationToken> {
  const alg = options.alg ?? "ES256";
  if (!ORGANIZATION_TOKEN_ALGORITHMS.includes(alg))
    throw new TypeError(`Unsupported alg ${JSON.stringify(alg)}`);
  const kid = requireText(options.kid, "kid");
  const issuer = requireText(options.issuer, "issuer");
  const subject = requireText(options.subject, "subject");
  const organizationId = requireText(options.organizationId, "organizationId");
  const audience =
    options.audience === undefined
      ? organizationAudience(organizationId)
      : requireText(options.audience, "audience");
  const clientId = requireText(options.clientId, "clientId");
  if (!Array.isArray(options.scopes))
    throw new TypeError("scopes must be an array of permission names");
  const scopes: string[] = [];
  for (const name of options.scopes as readonly unknown[]) {
    if (typeof name !== "string" || name === "" || /\s/.test(name)) {
      throw new TypeError(
        `Invalid permission name ${JSON.stringify(name)}: non-empty, no whitespace`,
      );
    }
    if (!scopes.includes(name)) scopes.push(name);
  }
  const { ttlSeconds } = options;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0)
    throw new TypeError("ttlSeconds must be a positive integer");
  const nowMs =
    options.now === undefined
      ? Date.now()
      : options.now instanceof Date
        ? options.now.getTime()
        : options.now;
  if (!Number.isFinite(nowMs))
    throw new TypeError("now must be a valid Date or a number of milliseconds");
  const jti =
    options.jti === undefined ? globalThis.crypto.randomUUID() : requireText(options.jti, "jti");
  const { membershipVersion } = options;
  if (
    membershipVersion !== undefined &&
    (typeof membershipVersion !== "string" || !MEMBERSHIP_VERSION.test(membershipVersion))
  ) {
    throw new TypeError("membershipVersion must be a string of decimal digits");
  }
  const extra = options.extraClaims ?? {};
  for (const name of Object.keys(extra)) {
    if (RESERVED_CLAIMS.includes(name))
      throw new TypeError(`extraClaims may not set the reserved claim "${name}"`);
  }

  const iat = Math.floor(nowMs / 1000);
  const payload: OrganizationTokenPayload = {
    iss: issuer,
    sub: subject,
    aud: audience,
    organization_id: organizationId,
    scope: scopes.join(" "),
    client_id: clientId,
    iat,
    exp: iat + ttlSeconds,
    jti,
    ...(membershipVersion === undefined ? {} : { mv: membershipVersion }),
    ...extra,
  };
  const header = { alg, kid, typ: ORGANIZATION_TOKEN_TYPE };
  const token =
    signWithNodeCrypto(options.privateKey, alg, header, payload) ??
    (await new SignJWT(payload)
      .setProtectedHeader(header)
      .sign(await signingKey(options.privateKey, alg)));
  return { token, claims: { ...payload, scopes } };
}

// ---------------------------------------------------------------------------------------------
// node:crypto signing: synchronous and about three times cheaper than Web Crypto per token, which
// matters on a token endpoint. Looked up through process.getBuiltinModule, so this module still
// loads (and signs with jose) where node:crypto is absent.

interface NodeKeyObject {
  readonly type: string;
  readonly asymmetricKeyType?: string;
  readonly asymmetricKeyDetails?: { namedCurve?: string };
}
interface NodeSign {
  sign(
    algorithm: string | null,
    data: Uint8Array,
    key: { key: NodeKeyObject; dsaEncoding?: "ieee-p1363" },
  ): Uint8Array;
  createPrivateKey(input: { key: JWK; format: "jwk" }): NodeKeyObject;
  KeyObject: abstract new (...args: never[]) => NodeKeyObject;
  base64url(input: string | Uint8Array): string;
}

let nodeSign: NodeSign | null | undefined; // undefined: not looked up yet; null: absent
function nodeSignRuntime(): NodeSign | null {
  if (nodeSign !== undefined) return nodeSign;
  nodeSign = null;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== "function") return nodeSign;
  const c = proc.getBuiltinModule("node:crypto") as Partial<NodeSign> | undefined;
  const b = (
    proc.getBuiltinModule("node:buffer") as
      | {
          Buffer?: {
            from(input: string | Uint8Array): { toString(encoding: "base64url"): string };
          };
        }
      | undefined
  )?.Buffer;
  if (
    typeof c?.sign !== "function" ||
    typeof c.createPrivateKey !== "function" ||
    typeof c.KeyObject !== "function" ||
    typeof b?.from !== "function"
  )
    return nodeSign;
  const { sign, createPrivateKey, KeyObject } = c;
  nodeSign = {
    sign,
    createPrivateKey,
    KeyObject,
    base64url: (input) => b.from(input).toString("base64url"),
  };
  return nodeSign;
}

// What node:crypto needs per JWS algorithm: the digest (EdDSA signs the message itself) and
// the key the algorithm requires, so a key that does not fit is refused as jose refuses it.
const NODE_ALGORITHMS: Partial<
  Record<OrganizationTokenAlgorithm, { digest: string | null; keyType: string; curve?: string }>
> = {
  ES256: { digest: "sha256", keyType: "ec", curve: "prime256v1" },
  ES384: { digest: "sha384", keyType: "ec", curve: "secp384r1" },
  EdDSA: { digest: null, keyType: "ed25519" },
  RS256: { digest: "sha256", keyType: "rsa" },
};

// Private JWKs imported as KeyObjects, once per JWK object.
const nodeKeys = new WeakMap<object, NodeKeyObject>();

/** The compact JWS signed with node:crypto, or undefined where jose must sign (Web Crypto key, PS256, no Node). */
function signWithNodeCrypto(
  privateKey: KeyObject | CryptoKey | JWK,
  alg: OrganizationTokenAlgorithm,
  header: object,
  payload: object,
): string | undefined {
  const node = nodeSignRuntime();
  const spec = NODE_ALGORITHMS[alg];
  if (!node || !spec) return undefined;
  let key: NodeKeyObject | undefined;
  if (privateKey instanceof node.KeyObject) key = privateKey;
  else if (isJwk(privateKey)) {
    key = nodeKeys.get(privateKey);
    if (!key) {
      if (typeof privateKey.d !== "string")
        throw new TypeError("privateKey is a public JWK; a private JWK is required");
      key = node.createPrivateKey({ key: { ...privateKey }, format: "jwk" });
      nodeKeys.set(privateKey, key);
    }
  } else return undefined;
  if (
    key.type !== "private" ||
    key.asymmetricKeyType !== spec.keyType ||
    (spec.curve && key.asymmetricKeyDetails?.namedCurve !== spec.curve)
  ) {
    throw new TypeError(`The private key does not fit alg ${alg}`);
  }
  const input = `${node.base64url(JSON.stringify(header))}.${node.base64url(JSON.stringify(payload))}`;
  const signature = node.sign(spec.digest, new TextEncoder().encode(input), {
    key,
    dsaEncoding: "ieee-p1363",
  });
  return `${input}.${node.base64url(signature)}`;
}

/**
 * A freshly generated signing key pair, as JWKs ready to store (`privateJwk`) and publish in the
 * JWKS (`publicJwk`). Both carry `kid`, `alg` and `use: "sig"`.
 *
 * @example
 * ```ts
 * import { generateSigningKey, type GeneratedSigningKey } from "@guildhall/org-token/issue";
 * const key: GeneratedSigningKey = await generateSigningKey("ES256");
 * const jwks = { keys: [key.publicJwk] };
 * ```
 */
export interface GeneratedSigningKey {
  /** RFC 7638 SHA-256 thumbprint of the public key. */
  kid: string;
  alg: OrganizationTokenAlgorithm;
  publicJwk: JWK & { kid: string; alg: OrganizationTokenAlgorithm; use: "sig" };
  privateJwk: JWK & { kid: string; alg: OrganizationTokenAlgorithm; use: "sig" };
}

/**
 * Generates a signing key pair for `alg` (default `"ES256"`; RSA keys are 2048-bit). The `kid` is
 * the RFC 7638 thumbprint of the public key, so it is stable and needs no registry.
 *
 * @example
 * ```ts
 * import { generateSigningKey } from "@guildhall/org-token/issue";
 * const { kid, publicJwk, privateJwk } = await generateSigningKey();
 * // persist privateJwk (secret); serve { keys: [publicJwk, ...older] } at /oidc/jwks
 * ```
 */
export async function generateSigningKey(
  alg: OrganizationTokenAlgorithm = "ES256",
): Promise<GeneratedSigningKey> {
  if (!ORGANIZATION_TOKEN_ALGORITHMS.includes(alg))
    throw new TypeError(`Unsupported alg ${JSON.stringify(alg)}`);
  const pair = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === "EdDSA" ? { crv: "Ed25519" } : {}),
  });
  const publicJwk = await exportJWK(pair.publicKey);
  const privateJwk = await exportJWK(pair.privateKey);
  const kid = await calculateJwkThumbprint(publicJwk, "sha256");
  const meta = { kid, alg, use: "sig" as const };
  return { kid, alg, publicJwk: { ...publicJwk, ...meta }, privateJwk: { ...privateJwk, ...meta } };
}
