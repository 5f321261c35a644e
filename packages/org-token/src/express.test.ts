import { createServer, type IncomingMessage, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fakeJwks,
  frozenNow,
  ISSUER,
  issueTestToken,
  JWKS_URI,
  testKey,
} from "../test/fixtures.ts";
import { bearerChallenge, readBearerToken } from "./challenge.ts";
import { OrganizationTokenError } from "./errors.ts";
import {
  organizationTokenOf,
  requireOrganizationToken,
  type NodeLikeResponse,
  type OrganizationTokenRequest,
} from "./express.ts";
import { createLocalVerifier, createOrganizationTokenVerifier } from "./verify.ts";

type Req = IncomingMessage & OrganizationTokenRequest & { orgId?: string };

describe("requireOrganizationToken on a node:http server", () => {
  let server: Server;
  let base: string;
  const errors: unknown[] = [];

  beforeAll(async () => {
    const key = await testKey();
    const verifier = createLocalVerifier({ issuer: ISSUER, keys: [key.publicJwk], now: frozenNow });
    const unreachable = createOrganizationTokenVerifier({
      issuer: ISSUER,
      jwksUri: JWKS_URI,
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    // Routes: /orgs/<orgId>/members needs read:member, /orgs/<orgId>/members/remove needs remove:member.
    const members = requireOrganizationToken<Req>(verifier, {
      organizationId: (req) => req.orgId,
      requiredScopes: ["read:member"],
    });
    const remove = requireOrganizationToken<Req>(verifier, {
      organizationId: (req) => req.orgId,
      requiredScopes: ["remove:member", "transfer:ownership"],
      realm: "guildhall",
    });
    const broken = requireOrganizationToken<Req>(unreachable);
    server = createServer((incoming, res) => {
      const req = incoming as Req;
      const match = /^\/orgs\/([^/]+)\/members(\/remove)?$/.exec(req.url ?? "");
      req.orgId = match?.[1];
      const mw = req.url === "/broken" ? broken : match?.[2] ? remove : members;
      mw(req, res, (error?: unknown) => {
        if (error !== undefined) {
          errors.push(error);
          res.statusCode = 503;
          res.end("jwks down");
          return;
        }
        const claims = organizationTokenOf(req);
        res.setHeader("Content-Type", "application/json");
        res.end(JSON.stringify({ sub: claims.sub, scopes: claims.scopes }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
  });

  const get = (path: string, authorization?: string) =>
    fetch(base + path, authorization === undefined ? {} : { headers: { authorization } });

  it("lets a valid token through and attaches the claims", async () => {
    const token = await issueTestToken(await testKey());
    const res = await get("/orgs/org_a/members", `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      sub: "user_alice",
      scopes: ["read:member", "remove:member"],
    });
  });

  it("answers 401 with a bare Bearer challenge when no token is sent", async () => {
    for (const authorization of [undefined, "Basic dXNlcjpwYXNz"]) {
      const res = await get("/orgs/org_a/members", authorization);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe("Bearer");
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await res.json()).toMatchObject({ error: "unauthorized" });
    }
  });

  it("answers 401 invalid_token for a bad token", async () => {
    const key = await testKey();
    const cases = {
      "not a JWT": "Bearer abc",
      "empty Bearer": "Bearer",
      expired: `Bearer ${await issueTestToken(key, { now: Date.UTC(2020, 0, 1) })}`,
      "unknown key": `Bearer ${await issueTestToken(await testKey("ES256", "unpublished"))}`,
    };
    for (const [name, authorization] of Object.entries(cases)) {
      const res = await get("/orgs/org_a/members", authorization);
      expect(res.status, name).toBe(401);
      expect(res.headers.get("www-authenticate"), name).toMatch(
        /^Bearer error="invalid_token", error_description="[^"]+"$/,
      );
      expect(await res.json(), name).toMatchObject({ error: "invalid_token" });
    }
    const expired = await get("/orgs/org_a/members", cases.expired);
    expect(expired.headers.get("www-authenticate")).toBe(
      'Bearer error="invalid_token", error_description="The access token expired"',
    );
  });

  it("answers 403 insufficient_scope with the required scope listed", async () => {
    const token = await issueTestToken(await testKey());
    const res = await get("/orgs/org_a/members/remove", `Bearer ${token}`);
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toBe(
      'Bearer realm="guildhall", error="insufficient_scope", error_description="The access token lacks a required permission", scope="remove:member transfer:ownership"',
    );
    expect(await res.json()).toEqual({
      error: "insufficient_scope",
      error_description: "The access token lacks a required permission",
    });
  });

  it("answers 403 for a token of another organization", async () => {
    const token = await issueTestToken(await testKey());
    const res = await get("/orgs/org_b/members", `Bearer ${token}`);
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toBe(
      'Bearer error="insufficient_scope", error_description="The access token was issued for another organization"',
    );
  });

  it("passes JWKS failures to next(error) instead of blaming the token", async () => {
    const token = await issueTestToken(await testKey());
    const res = await get("/broken", `Bearer ${token}`);
    expect(res.status).toBe(503);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).name).toBe("JwksFetchError");
  });
});

describe("requireOrganizationToken with plain objects", () => {
  function fakeRes() {
    const headers: Record<string, string> = {};
    const res: NodeLikeResponse & { body?: string; headers: Record<string, string> } = {
      statusCode: 200,
      headers,
      setHeader(name, value) {
        headers[name.toLowerCase()] = value;
      },
      end(body) {
        res.body = body;
      },
    };
    return res;
  }

  it("works with a fixed organizationId and sets req.organizationToken", async () => {
    const key = await testKey();
    const verifier = createLocalVerifier({ issuer: ISSUER, keys: [key.publicJwk], now: frozenNow });
    const mw = requireOrganizationToken(verifier, { organizationId: "org_a" });
    const req: OrganizationTokenRequest = {
      headers: { authorization: `Bearer ${await issueTestToken(key)}` },
    };
    const res = fakeRes();
    const errors: unknown[] = [];
    await new Promise<void>((resolve) =>
      mw(req, res, (error) => {
        if (error !== undefined) errors.push(error);
        resolve();
      }),
    );
    expect(errors).toEqual([]);
    expect(req.organizationToken?.organization_id).toBe("org_a");
  });

  it("shares one JWKS fetch across requests", async () => {
    const key = await testKey();
    const jwks = fakeJwks([key.publicJwk]);
    const verifier = createOrganizationTokenVerifier({
      issuer: ISSUER,
      jwksUri: JWKS_URI,
      fetch: jwks.fetch,
      now: frozenNow,
    });
    const mw = requireOrganizationToken(verifier);
    const token = await issueTestToken(key);
    await Promise.all(
      Array.from({ length: 5 }, () => {
        const req: OrganizationTokenRequest = { headers: { authorization: `Bearer ${token}` } };
        return new Promise<void>((resolve) => mw(req, fakeRes(), () => resolve()));
      }),
    );
    expect(jwks.calls).toBe(1);
  });

  it("organizationTokenOf throws when the middleware did not run", () => {
    expect(() => organizationTokenOf({})).toThrow(/requireOrganizationToken/);
  });
});

describe("readBearerToken", () => {
  it.each([
    [undefined, undefined],
    [null, undefined],
    ["", undefined],
    ["Basic abc", undefined],
    ["Bearerabc", undefined],
    ["Bearer abc.def.ghi", "abc.def.ghi"],
    ["bearer   abc.def.ghi  ", "abc.def.ghi"],
    ["BEARER abc", "abc"],
    ["Bearer", ""],
    ["Bearer a b", ""],
    ['Bearer "abc"', ""],
    [["Bearer abc"], "abc"],
    [["Bearer abc", "Bearer def"], ""],
    [[], undefined],
  ] as const)("%j -> %j", (input, expected) => {
    expect(readBearerToken(input)).toBe(expected);
  });
});

describe("bearerChallenge", () => {
  it("keeps header values to the RFC 6750 character set", () => {
    const challenge = bearerChallenge(
      new OrganizationTokenError("insufficient_scope", "x", { missingScopes: ['a"b', "c\\d"] }),
      {
        realm: 'my "realm"\n',
      },
    );
    expect(challenge.headers["WWW-Authenticate"]).toBe(
      'Bearer realm="my realm", error="insufficient_scope", error_description="The access token lacks a required permission", scope="ab cd"',
    );
  });
});
