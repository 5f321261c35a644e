import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createMembershipFreshness,
  type MembershipFreshness,
} from "@guildhall/org-token/freshness";
import {
  generateSigningKey,
  issueOrganizationToken,
  type GeneratedSigningKey,
  type IssueOrganizationTokenOptions,
} from "@guildhall/org-token/issue";
import {
  createLocalVerifier,
  createOrganizationTokenVerifier,
  type OrganizationTokenVerifier,
} from "@guildhall/org-token/verify";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { MemberDirectory, RemovalOutcome } from "./management-api.ts";
import { createMembersApi } from "./members-api.ts";

const ISSUER = "https://guildhall.test/oidc";
const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);
const ACME = "org_acme";

let key: GeneratedSigningKey;
let otherKey: GeneratedSigningKey;
const servers: Server[] = [];

/** Guildhall's Management API as the route sees it: answers `next`, records each call. */
const calls: { organizationId: string; userId: string }[] = [];
let next: RemovalOutcome | Error = { kind: "removed" };
const directory: MemberDirectory = {
  removeMember(organizationId, userId) {
    calls.push({ organizationId, userId });
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  },
};

async function serve(
  verifier: OrganizationTokenVerifier,
  /** null: the app has no Management API client configured. */
  members: MemberDirectory | null = directory,
): Promise<string> {
  const app = express();
  app.use("/api", createMembersApi(verifier, members ?? undefined));
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let base: string;

beforeAll(async () => {
  key = await generateSigningKey();
  otherKey = await generateSigningKey();
  // The clock is frozen: tokens are issued and verified at NOW.
  base = await serve(
    createLocalVerifier({ issuer: ISSUER, keys: [key.publicJwk], now: () => NOW }),
  );
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

async function token(overrides: Partial<IssueOrganizationTokenOptions> = {}): Promise<string> {
  const { token } = await issueOrganizationToken({
    privateKey: key.privateJwk,
    kid: key.kid,
    issuer: ISSUER,
    subject: "user_alice",
    organizationId: ACME,
    scopes: ["invite:member", "remove:member"],
    clientId: "app_example",
    ttlSeconds: 300,
    now: NOW,
    ...overrides,
  });
  return token;
}

async function remove(
  authorization: string | undefined,
  body: unknown = { organizationId: ACME, userId: "user_bob" },
  url = base,
) {
  const res = await fetch(`${url}/api/members/remove`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(authorization === undefined ? {} : { authorization }),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return {
    status: res.status,
    challenge: res.headers.get("www-authenticate"),
    body: (await res.json()) as unknown,
  };
}

describe("POST /api/members/remove", () => {
  beforeEach(() => {
    calls.length = 0;
    next = { kind: "removed" };
  });

  it("removes the membership through the Management API, then answers 200 with the remover", async () => {
    expect(await remove(`Bearer ${await token()}`)).toEqual({
      status: 200,
      challenge: null,
      body: { ok: true, removedBy: "user_alice", organizationId: ACME, userId: "user_bob" },
    });
    expect(calls).toEqual([{ organizationId: ACME, userId: "user_bob" }]);
  });

  it("says what Guildhall answered when nothing was removed: 404, 502, or 503 unconfigured", async () => {
    const auth = `Bearer ${await token()}`;
    next = { kind: "not_found", message: "User user_bob is not a member of this organization." };
    expect(await remove(auth)).toEqual({
      status: 404,
      challenge: null,
      body: {
        error: "not_found",
        error_description: "User user_bob is not a member of this organization.",
      },
    });
    next = { kind: "failed", status: 403, message: "The application lacks Management API access." };
    expect(await remove(auth)).toMatchObject({
      status: 502,
      body: {
        error: "upstream_error",
        error_description: "Guildhall answered 403: The application lacks Management API access.",
      },
    });
    next = new Error("connect ECONNREFUSED");
    expect(await remove(auth)).toMatchObject({ status: 502, body: { error: "upstream_error" } });

    const unconfigured = await serve(
      createLocalVerifier({ issuer: ISSUER, keys: [key.publicJwk], now: () => NOW }),
      null,
    );
    calls.length = 0;
    expect(await remove(auth, undefined, unconfigured)).toMatchObject({
      status: 503,
      body: { error: "not_configured" },
    });
    expect(calls).toEqual([]);
  });

  it("never calls the Management API for a request the token does not allow", async () => {
    await remove(`Bearer ${await token({ organizationId: "org_globex" })}`);
    await remove(`Bearer ${await token({ scopes: ["invite:member"] })}`);
    await remove(undefined);
    expect(calls).toEqual([]);
  });

  it("answers 401 without a token", async () => {
    expect(await remove(undefined)).toEqual({
      status: 401,
      challenge: 'Bearer realm="customer-app"',
      body: {
        error: "unauthorized",
        error_description: "An organization access token is required",
      },
    });
    expect((await remove(`Basic ${Buffer.from("a:b").toString("base64")}`)).status).toBe(401);
  });

  it("answers 401 invalid_token for a malformed, foreign-key, wrong-issuer or expired token", async () => {
    const invalid = (description: string) => ({
      status: 401,
      challenge: `Bearer realm="customer-app", error="invalid_token", error_description="${description}"`,
      body: { error: "invalid_token", error_description: description },
    });
    expect(await remove("Bearer not-a-token")).toEqual(invalid("The access token is malformed"));
    expect(
      await remove(`Bearer ${await token({ privateKey: otherKey.privateJwk, kid: otherKey.kid })}`),
    ).toEqual(invalid("The access token was signed with an unknown key"));
    expect(await remove(`Bearer ${await token({ privateKey: otherKey.privateJwk })}`)).toEqual(
      invalid("The access token signature is invalid"),
    );
    expect(await remove(`Bearer ${await token({ issuer: "https://evil.test/oidc" })}`)).toEqual(
      invalid("The access token was issued by another issuer"),
    );
    expect(await remove(`Bearer ${await token({ now: NOW - 3600_000, ttlSeconds: 600 })}`)).toEqual(
      invalid("The access token expired"),
    );
  });

  it("answers 403 for a token of another organization", async () => {
    expect(await remove(`Bearer ${await token({ organizationId: "org_globex" })}`)).toEqual({
      status: 403,
      challenge:
        'Bearer realm="customer-app", error="insufficient_scope", error_description="The access token was issued for another organization"',
      body: {
        error: "insufficient_scope",
        error_description: "The access token was issued for another organization",
      },
    });
  });

  it("answers 403 naming remove:member when the token lacks it", async () => {
    expect(
      await remove(`Bearer ${await token({ scopes: ["invite:member", "read:content"] })}`),
    ).toEqual({
      status: 403,
      challenge:
        'Bearer realm="customer-app", error="insufficient_scope", error_description="The access token lacks a required permission", scope="remove:member"',
      body: {
        error: "insufficient_scope",
        error_description: "The access token lacks a required permission",
      },
    });
    expect((await remove(`Bearer ${await token({ scopes: [] })}`)).status).toBe(403);
  });

  it("answers 400 for a valid token but no organization or user in the body", async () => {
    const auth = `Bearer ${await token()}`;
    const invalid = {
      status: 400,
      challenge: null,
      body: {
        error: "invalid_request",
        error_description: "organizationId and userId are required",
      },
    };
    expect(await remove(auth, { userId: "user_bob" })).toEqual(invalid);
    expect(await remove(auth, { organizationId: ACME, userId: "  " })).toEqual(invalid);
    expect((await remove(auth, "{not json")).status).toBe(400);
  });

  it("answers 503, not 401, when Guildhall's JWKS cannot be fetched", async () => {
    const unreachable = await serve(
      createOrganizationTokenVerifier({
        issuer: ISSUER,
        jwksUri: "http://127.0.0.1:9/oidc/jwks",
        timeoutMs: 2000,
        now: () => NOW,
      }),
    );
    expect(await remove(`Bearer ${await token()}`, undefined, unreachable)).toMatchObject({
      status: 503,
      body: { error: "temporarily_unavailable" },
    });
  });

  it("answers JSON 404 for other API routes", async () => {
    for (const [method, path] of [
      ["GET", "/api/members/remove"],
      ["POST", "/api/nope"],
    ] as const) {
      const res = await fetch(`${base}${path}`, { method });
      expect({ status: res.status, body: (await res.json()) as unknown }).toEqual({
        status: 404,
        body: { error: "not_found", error_description: "No such API route" },
      });
    }
  });
});

/**
 * Guildhall's event stream on a real local server, as the monitor reads it: `: live` once
 * caught up, `: heartbeat` comments, and `Organization.Membership.Roles.Updated` frames.
 */
describe("membership freshness: tokens issued before a role change", () => {
  const open = new Set<ServerResponse>();
  let stream: Server;
  let heartbeat: NodeJS.Timeout;
  let freshness: MembershipFreshness;
  let fresh: string;
  let seq = 0;

  function rolesChanged(userId: string, membershipVersion: string) {
    const id = String(++seq);
    const data = JSON.stringify({
      id,
      event: "Organization.Membership.Roles.Updated",
      createdAt: new Date().toISOString(),
      organizationId: ACME,
      userId,
      data: {
        organizationId: ACME,
        userId,
        membershipVersion,
        before: [{ id: "role_admin", name: "admin" }],
        after: [{ id: "role_member", name: "member" }],
        removed: false,
      },
    });
    for (const res of open)
      res.write(`id: ${id}\nevent: Organization.Membership.Roles.Updated\ndata: ${data}\n\n`);
  }

  beforeAll(async () => {
    stream = createServer((req, res) => {
      if (req.headers.authorization !== "Bearer m2m") {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(": live\n\n");
      open.add(res);
      req.on("close", () => open.delete(res));
    });
    await new Promise<void>((resolve) => stream.listen(0, "127.0.0.1", resolve));
    heartbeat = setInterval(() => {
      for (const res of open) res.write(": heartbeat\n\n");
    }, 500);
    freshness = createMembershipFreshness({
      streamUrl: `http://127.0.0.1:${(stream.address() as AddressInfo).port}/api/events/stream`,
      getAccessToken: () => Promise.resolve("m2m"),
      maxDelayMs: 2000,
    });
    await freshness.ready;
    fresh = await serve(
      createLocalVerifier({ issuer: ISSUER, keys: [key.publicJwk], now: () => NOW, freshness }),
    );
  });
  afterAll(async () => {
    clearInterval(heartbeat);
    freshness.close();
    stream.closeAllConnections();
    await new Promise((resolve) => stream.close(resolve));
  });
  beforeEach(() => {
    calls.length = 0;
    next = { kind: "removed" };
  });

  async function me(authorization: string) {
    const res = await fetch(`${fresh}/api/organizations/${ACME}/me`, {
      headers: { authorization },
    });
    return {
      status: res.status,
      challenge: res.headers.get("www-authenticate"),
      body: (await res.json()) as unknown,
    };
  }

  it("refuses a token older than the holder's last role change with 401 token_stale; a new one passes", async () => {
    const before = `Bearer ${await token({ membershipVersion: "6" })}`;
    expect(await me(before)).toEqual({
      status: 200,
      challenge: null,
      body: {
        userId: "user_alice",
        organizationId: ACME,
        permissions: ["invite:member", "remove:member"],
      },
    });

    rolesChanged("user_alice", "7");
    const description =
      "The holder's roles in this organization changed after the token was issued; refresh it";
    const stale = {
      status: 401,
      challenge: `Bearer realm="customer-app", error="invalid_token", error_description="${description}"`,
      body: { error: "token_stale", error_description: description },
    };
    await vi.waitFor(async () => expect(await me(before)).toEqual(stale));
    expect(await remove(before, undefined, fresh)).toEqual(stale);
    expect(calls).toEqual([]);

    // What the silent refresh gets: a token issued at the new version, with the smaller scope.
    const after = `Bearer ${await token({ membershipVersion: "7", scopes: ["read:content"] })}`;
    expect(await me(after)).toMatchObject({ status: 200, body: { permissions: ["read:content"] } });
    expect(await remove(after, undefined, fresh)).toMatchObject({ status: 403 });
    // A token without a version cannot be shown to be current once a change is known.
    expect((await me(`Bearer ${await token()}`)).body).toMatchObject({ error: "token_stale" });
  });

  it("leaves other holders' tokens alone", async () => {
    rolesChanged("user_carol", "99");
    const bob = `Bearer ${await token({ subject: "user_bob", membershipVersion: "5" })}`;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await remove(bob, undefined, fresh)).toMatchObject({ status: 200 });
  });

  it("answers 503, not 401, while the monitor cannot vouch for any token", async () => {
    const closed = createMembershipFreshness({
      streamUrl: "http://127.0.0.1:9/api/events/stream",
      getAccessToken: () => Promise.resolve("m2m"),
      onError: () => undefined,
    });
    closed.close();
    const unsure = await serve(
      createLocalVerifier({
        issuer: ISSUER,
        keys: [key.publicJwk],
        now: () => NOW,
        freshness: closed,
      }),
    );
    const res = await fetch(`${unsure}/api/organizations/${ACME}/me`, {
      headers: { authorization: `Bearer ${await token({ membershipVersion: "1" })}` },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBeTruthy();
    expect(await res.json()).toMatchObject({ error: "temporarily_unavailable" });
  });
});
