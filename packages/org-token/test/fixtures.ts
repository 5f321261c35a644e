// Shared helpers for the package's tests (not part of the published surface).
import { constants, createPrivateKey, sign, type JsonWebKey } from "node:crypto";
import { base64url, type JWK } from "jose";
import {
  generateSigningKey,
  issueOrganizationToken,
  type GeneratedSigningKey,
  type IssueOrganizationTokenOptions,
} from "../src/issue.ts";
import { type OrganizationTokenAlgorithm } from "../src/claims.ts";
import { type JwksFetch } from "../src/jwks.ts";

export const ISSUER = "https://auth.example.com/oidc";
export const JWKS_URI = "https://auth.example.com/oidc/jwks";
/** A frozen clock: 2026-01-01T12:00:00Z. */
export const NOW_MS = Date.UTC(2026, 0, 1, 12, 0, 0);
export const NOW_S = NOW_MS / 1000;
export const frozenNow = (): number => NOW_MS;

const keys = new Map<string, Promise<GeneratedSigningKey>>();

/** One key per algorithm and label, generated once per test file. */
export function testKey(
  alg: OrganizationTokenAlgorithm = "ES256",
  label = "default",
): Promise<GeneratedSigningKey> {
  const id = `${alg}:${label}`;
  let key = keys.get(id);
  if (key === undefined) {
    key = generateSigningKey(alg);
    keys.set(id, key);
  }
  return key;
}

/** Issues a normal token for org_a (Alice, admin permissions) at the frozen clock. */
export async function issueTestToken(
  key: GeneratedSigningKey,
  overrides: Partial<IssueOrganizationTokenOptions> = {},
): Promise<string> {
  const { token } = await issueOrganizationToken({
    privateKey: key.privateJwk,
    kid: key.kid,
    alg: key.alg,
    issuer: ISSUER,
    subject: "user_alice",
    organizationId: "org_a",
    scopes: ["read:member", "remove:member"],
    clientId: "app_console",
    ttlSeconds: 3600,
    now: NOW_MS,
    jti: "jti-1",
    ...overrides,
  });
  return token;
}

/** The payload issueTestToken would sign, for hand-made variants. */
export function standardPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: ISSUER,
    sub: "user_alice",
    aud: "urn:guildhall:organization:org_a",
    organization_id: "org_a",
    scope: "read:member remove:member",
    client_id: "app_console",
    iat: NOW_S,
    exp: NOW_S + 3600,
    jti: "jti-1",
    ...overrides,
  };
}

/**
 * Signs any header + payload with a test key (to forge tokens the issuer would never make). Uses
 * node:crypto directly so that nothing refuses odd headers (`crit`, no `typ`, ...).
 */
export async function signRaw(
  key: GeneratedSigningKey,
  header: Record<string, unknown>,
  payload: Record<string, unknown> | string,
): Promise<string> {
  const input = `${b64({ alg: key.alg, ...header })}.${b64(payload)}`;
  const privateKey = createPrivateKey({ key: key.privateJwk as JsonWebKey, format: "jwk" });
  const data = Buffer.from(input);
  let signature: Buffer;
  switch (key.alg) {
    case "ES256":
    case "ES384":
      signature = sign(key.alg === "ES256" ? "sha256" : "sha384", data, {
        key: privateKey,
        dsaEncoding: "ieee-p1363",
      });
      break;
    case "RS256":
      signature = sign("sha256", data, privateKey);
      break;
    case "PS256":
      signature = sign("sha256", data, {
        key: privateKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: 32,
      });
      break;
    case "EdDSA":
      signature = sign(null, data, privateKey);
      break;
  }
  return `${input}.${signature.toString("base64url")}`;
}

/** base64url of a JSON value or string, for unsigned or broken tokens. */
export function b64(value: unknown): string {
  return base64url.encode(typeof value === "string" ? value : JSON.stringify(value));
}

/** A fake JWKS endpoint: counts calls, can change keys, fail, or be slow. */
export function fakeJwks(initial: readonly JWK[]): {
  fetch: JwksFetch;
  readonly calls: number;
  setKeys(keys: readonly JWK[]): void;
  setFailure(status: number | "network" | undefined): void;
  setDelay(ms: number): void;
} {
  let current = [...initial];
  let calls = 0;
  let failure: number | "network" | undefined;
  let delay = 0;
  const fetch: JwksFetch = async () => {
    calls++;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (failure === "network") throw new TypeError("fetch failed");
    if (failure !== undefined) return { ok: false, status: failure, json: async () => ({}) };
    const body = { keys: current };
    return { ok: true, status: 200, json: async () => JSON.parse(JSON.stringify(body)) as unknown };
  };
  return {
    fetch,
    get calls() {
      return calls;
    },
    setKeys(keys) {
      current = [...keys];
    },
    setFailure(value) {
      failure = value;
    },
    setDelay(ms) {
      delay = ms;
    },
  };
}
