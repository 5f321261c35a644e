// Contract-test harness: a fresh database per test file, the Management API behind a real
// node:http server on port 0, a real ES256 key, and tokens signed with jose. Every response
// is checked against the OpenAPI document (status documented, error code listed) and success
// bodies against the route's zod response schema.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { RateLimiter } from "@guildhall/core";
import { createTestDatabase, type TestDatabase } from "@guildhall/db/testing";
import { restError } from "@guildhall/validators/rest";
import { generateSigningKey } from "@guildhall/org-token/issue";
import { SignJWT, type CryptoKey, type JWK } from "jose";
import { afterAll, beforeAll, expect } from "vitest";
import { z } from "zod";
import { createBearerAuthenticator, type Authenticator } from "../auth.ts";
import { createMemberAuthenticators, type AccessTokenRecord } from "../member-auth.ts";
import { createManagementApi, type ManagementApi } from "../handler.ts";
import { createNodeListener } from "../node.ts";
import { createMatcher } from "../router.ts";

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as is (no JSON encoding), e.g. to test malformed JSON. */
  rawBody?: string | Uint8Array;
  /** `null`: no Authorization header. Default: a valid token. */
  token?: string | null;
  headers?: Record<string, string>;
  /** Skip the document check (for requests outside every route). */
  unchecked?: boolean;
}

export interface TokenOptions {
  scope?: string;
  audience?: string;
  issuer?: string;
  clientId?: string | null;
  /** `sub`, e.g. a user's id for a user's access token. Default: the client id. */
  subject?: string;
  key?: CryptoKey | JWK;
  kid?: string;
  expiresIn?: string | number;
  alg?: string;
}

/** An organization token as the OIDC provider issues it (`grant_type=refresh_token` + `organization_id`). */
export interface OrganizationTokenOptions {
  userId: string;
  organizationId: string;
  scopes?: readonly string[];
  /** Default `urn:guildhall:organization:<organizationId>`. */
  audience?: string;
  /** Default "customer-app"; set it to `userId` for a machine-to-machine token. */
  clientId?: string;
  expiresIn?: string | number;
}

export interface Harness {
  baseUrl: string;
  api: ManagementApi;
  /** The bearer authenticator the API uses (the event stream's tests reuse it). */
  authenticate: Authenticator;
  db: TestDatabase["db"];
  token(options?: TokenOptions): Promise<string>;
  organizationToken(options: OrganizationTokenOptions): Promise<string>;
  /** Users' opaque access tokens the API accepts (the OIDC provider's, in production). */
  accessTokens: Map<string, AccessTokenRecord>;
  call<T = unknown>(method: string, path: string, options?: CallOptions): Promise<ApiResponse<T>>;
  /** Shorthands that also assert the status. */
  ok<T = unknown>(method: string, path: string, status: number, body?: unknown): Promise<T>;
}

const KID = "test-key-1";

/** Starts everything for one test file. Call at the top level of the file. */
export function useManagementApi(
  options: {
    rateLimit?: (db: TestDatabase["db"]) => RateLimiter;
    onError?: (error: unknown) => void;
    /**
     * The per-request client check. Default: every client is allowed, because tokens here
     * are minted for made-up client ids; `revocation.test.ts` passes core's real check.
     */
    isClientAllowed?: (db: TestDatabase["db"]) => (clientId: string) => Promise<boolean>;
  } = {},
) {
  let t: TestDatabase | undefined;
  let server: Server | undefined;
  let state: Harness | undefined;

  beforeAll(async () => {
    t = await createTestDatabase();
    // A key like the server's own: the same generator signs organization tokens' keys.
    const { privateJwk: privateKey, publicJwk } = await generateSigningKey("ES256");
    const keys: JWK[] = [{ ...publicJwk, kid: KID }];

    // The API needs the server's URL (audience, Link headers), the server needs the API.
    const late: { listener?: ReturnType<typeof createNodeListener> } = {};
    server = createServer((req, res) => late.listener?.(req, res));
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    const issuer = `${baseUrl}/oidc`;
    const audience = `${baseUrl}/api`;
    const db = t.db;

    const authenticate = createBearerAuthenticator({
      issuer,
      audience,
      getPublicKeys: () => keys,
      isClientAllowed: options.isClientAllowed?.(db) ?? (() => Promise.resolve(true)),
    });
    const accessTokens = new Map<string, AccessTokenRecord>();
    const api = createManagementApi({
      db,
      baseUrl,
      authenticate,
      authenticateMember: createMemberAuthenticators({
        issuer,
        getPublicKeys: () => keys,
        findAccessToken: (t) => Promise.resolve(accessTokens.get(t)),
      }),
      rateLimit: options.rateLimit?.(db),
      // Invitation emails are sealed in the outbox with it.
      instanceSecret: "test-instance-secret-0123456789",
      onError: options.onError ?? ((error) => console.error(error)),
    });
    late.listener = createNodeListener(api);
    const document = api.document();
    const match = createMatcher(api.routes);

    async function token(o: TokenOptions = {}) {
      const claims: Record<string, unknown> = { scope: o.scope ?? "all" };
      const clientId = o.clientId === undefined ? "m2m-test-client" : o.clientId;
      if (clientId) claims.client_id = clientId;
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: o.alg ?? "ES256", kid: o.kid ?? KID, typ: "at+jwt" })
        .setIssuer(o.issuer ?? issuer)
        .setAudience(o.audience ?? audience)
        .setIssuedAt()
        .setJti(crypto.randomUUID())
        .setExpirationTime(o.expiresIn ?? "5m");
      const subject = o.subject ?? clientId;
      if (subject) jwt.setSubject(subject);
      return jwt.sign(o.key ?? privateKey);
    }
    const defaultToken = await token();

    function organizationToken(o: OrganizationTokenOptions) {
      return new SignJWT({
        organization_id: o.organizationId,
        scope: (o.scopes ?? []).join(" "),
        client_id: o.clientId ?? "customer-app",
      })
        .setProtectedHeader({ alg: "ES256", kid: KID, typ: "at+jwt" })
        .setIssuer(issuer)
        .setAudience(o.audience ?? `urn:guildhall:organization:${o.organizationId}`)
        .setSubject(o.userId)
        .setIssuedAt()
        .setJti(crypto.randomUUID())
        .setExpirationTime(o.expiresIn ?? "5m")
        .sign(privateKey);
    }

    async function call<T>(
      method: string,
      path: string,
      o: CallOptions = {},
    ): Promise<ApiResponse<T>> {
      const headers: Record<string, string> = { ...o.headers };
      const authToken = o.token === undefined ? defaultToken : o.token;
      if (authToken !== null) headers["authorization"] ??= `Bearer ${authToken}`;
      let body: string | Uint8Array | undefined = o.rawBody;
      if (o.body !== undefined) {
        body = JSON.stringify(o.body);
        headers["content-type"] ??= "application/json";
      }
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body as BodyInit | undefined,
      });
      const text = await response.text();
      const json = text ? (JSON.parse(text) as T) : (undefined as T);
      const result = { status: response.status, headers: response.headers, body: json, text };
      if (!o.unchecked) checkAgainstDocument(method, path, result);
      return result;
    }

    function checkAgainstDocument(method: string, path: string, response: ApiResponse<unknown>) {
      const pathname = new URL(path, baseUrl).pathname.replace(/\/+$/, "");
      const found = match(method, pathname);
      if (found.kind !== "found") return;
      const { route } = found;
      const operation = document.paths[route.path]?.[method.toLowerCase()];
      expect(operation, `${method} ${route.path} is in the document`).toBeDefined();
      const documented = operation?.responses[String(response.status)];
      expect(
        documented,
        `${method} ${route.path} documents status ${response.status} (${response.text.slice(0, 200)})`,
      ).toBeDefined();
      expect(
        response.status,
        `no 500 for ${method} ${path}: ${response.text.slice(0, 300)}`,
      ).toBeLessThan(500);
      if (response.status >= 400) {
        const error = restError.strict().parse(response.body);
        expect(
          documented?.["x-error-codes"],
          `${method} ${route.path} ${response.status} lists ${error.code}`,
        ).toContain(error.code);
        return;
      }
      if (route.kind === "empty") {
        expect(response.text).toBe("");
        return;
      }
      if (route.response && route.operationId !== "GetOpenApiDocument") {
        const schema = route.kind === "list" ? z.array(route.response) : route.response;
        // Parsing strips unknown keys: equal means nothing undocumented was sent.
        expect(
          schema.parse(response.body),
          `${method} ${route.path} body matches its schema`,
        ).toEqual(response.body);
      }
    }

    async function ok<T>(method: string, path: string, status: number, body?: unknown): Promise<T> {
      const response = await call<T>(method, path, body === undefined ? {} : { body });
      expect(response.status, `${method} ${path}: ${response.text.slice(0, 300)}`).toBe(status);
      return response.body;
    }

    state = { baseUrl, api, authenticate, db, token, organizationToken, accessTokens, call, ok };
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await t?.close();
  });

  const get = (): Harness => {
    if (!state) throw new Error("harness not ready");
    return state;
  };
  return {
    get baseUrl() {
      return get().baseUrl;
    },
    get api() {
      return get().api;
    },
    get authenticate() {
      return get().authenticate;
    },
    get db() {
      return get().db;
    },
    token: (o?: TokenOptions) => get().token(o),
    organizationToken: (o: OrganizationTokenOptions) => get().organizationToken(o),
    get accessTokens() {
      return get().accessTokens;
    },
    call: <T = unknown>(method: string, path: string, o?: CallOptions) =>
      get().call<T>(method, path, o),
    ok: <T = unknown>(method: string, path: string, status: number, body?: unknown) =>
      get().ok<T>(method, path, status, body),
  };
}

let counter = 0;
/** A name unique within the run. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 6)}`;
}

/** RFC 8288 Link header as `{ rel: url }`. */
export function parseLinks(header: string | null): Record<string, string> {
  const links: Record<string, string> = {};
  for (const part of (header ?? "").split(/,\s*(?=<)/)) {
    const m = /^<([^>]+)>;\s*rel="([^"]+)"$/.exec(part.trim());
    if (m?.[1] && m[2]) links[m[2]] = m[1];
  }
  return links;
}
