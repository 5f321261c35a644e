// The freshness monitor against a real SSE server (node:http, written here the way Guildhall's
// stream behaves: `retry`, frames with positions, `: live` after the backfill, heartbeats,
// Last-Event-ID and ?since=), and the verifier's `freshness` option with real tokens.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { frozenNow, ISSUER, issueTestToken, testKey } from "../test/fixtures.ts";
import type { OrganizationTokenClaims } from "./claims.ts";
import { OrganizationTokenError, type OrganizationTokenErrorCode } from "./errors.ts";
import { createMembershipFreshness, type MembershipFreshness } from "./freshness.ts";
import { createLocalVerifier } from "./verify.ts";

interface StoredEvent {
  id: number;
  event: string;
  createdAt: string;
  organizationId: string;
  data: Record<string, unknown>;
}

let server: Server;
let streamUrl = "";
const history: StoredEvent[] = [];
const clients = new Set<ServerResponse>();
const requests: {
  lastEventId?: string;
  since?: string | undefined;
  heartbeat?: string | undefined;
  auth?: string;
}[] = [];
let heartbeats = true;
let heartbeatTimer: ReturnType<typeof setInterval>;

function frame(e: StoredEvent) {
  return `id: ${e.id}\nevent: ${e.event}\ndata: ${JSON.stringify({ ...e, id: String(e.id) })}\n\n`;
}

/** Appends an event to the history and sends it to every live client. */
function publish(event: string, organizationId: string, data: Record<string, unknown>) {
  const e: StoredEvent = {
    id: history.length + 1,
    event,
    createdAt: new Date().toISOString(),
    organizationId,
    data: { organizationId, ...data },
  };
  history.push(e);
  for (const res of clients) res.write(frame(e));
  return e;
}

function roles(organizationId: string, userId: string, version: number, createdAt?: Date) {
  const e = publish("Organization.Membership.Roles.Updated", organizationId, {
    userId,
    membershipVersion: String(version),
    before: [],
    after: [],
    removed: false,
  });
  if (createdAt) e.createdAt = createdAt.toISOString();
  return e;
}

function serve(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://x");
  const lastEventId = req.headers["last-event-id"];
  requests.push({
    ...(typeof lastEventId === "string" ? { lastEventId } : {}),
    since: url.searchParams.get("since") ?? undefined,
    heartbeat: url.searchParams.get("heartbeat") ?? undefined,
    ...(req.headers.authorization ? { auth: req.headers.authorization } : {}),
  });
  if (req.headers.authorization !== "Bearer stream-token") {
    res.writeHead(401, { "content-type": "application/json" });
    res.end(JSON.stringify({ code: "auth.unauthorized", message: "no" }));
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.write("retry: 50\n\n");
  const after =
    typeof lastEventId === "string"
      ? Number(lastEventId)
      : (history.find((e) => e.createdAt >= (url.searchParams.get("since") ?? ""))?.id ??
          history.length + 1) - 1;
  for (const e of history) if (e.id > after) res.write(frame(e));
  res.write(": live\n\n");
  clients.add(res);
  req.on("close", () => clients.delete(res));
}

beforeAll(async () => {
  server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  streamUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/events/stream`;
  heartbeatTimer = setInterval(() => {
    if (heartbeats) for (const res of clients) res.write(": heartbeat\n\n");
  }, 100);
});

afterAll(async () => {
  clearInterval(heartbeatTimer);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const monitors: MembershipFreshness[] = [];
afterEach(() => {
  for (const m of monitors.splice(0)) m.close();
  heartbeats = true;
});

function monitor(options: Partial<Parameters<typeof createMembershipFreshness>[0]> = {}) {
  const m = createMembershipFreshness({
    streamUrl,
    getAccessToken: () => Promise.resolve("stream-token"),
    maxDelayMs: 2_000,
    onError: () => undefined,
    ...options,
  });
  monitors.push(m);
  return m;
}

const claims = (over: Partial<OrganizationTokenClaims>): OrganizationTokenClaims => ({
  iss: ISSUER,
  sub: "user_alice",
  aud: "urn:guildhall:organization:org_a",
  organization_id: "org_a",
  scope: "",
  scopes: [],
  client_id: "app",
  iat: 0,
  exp: 0,
  jti: "j",
  ...over,
});

function codeOf(fn: () => void): OrganizationTokenErrorCode | "ok" {
  try {
    fn();
    return "ok";
  } catch (error) {
    if (error instanceof OrganizationTokenError) return error.code;
    throw error;
  }
}

async function eventually(predicate: () => boolean, timeoutMs = 3_000) {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - start;
}

describe("createMembershipFreshness", () => {
  it("backfills the recent changes, then refuses tokens older than the holder's last change", async () => {
    roles("org_a", "user_alice", 10, new Date(Date.now() - 10 * 60_000));
    // Older than the backfill window: tokens from before it have expired anyway.
    roles("org_a", "user_old", 50, new Date(Date.now() - 2 * 3600_000));
    const m = monitor();
    expect(codeOf(() => m.check(claims({ mv: "10" })))).toBe("freshness_unavailable");
    await m.ready;
    const request = requests.at(-1);
    expect(request?.auth).toBe("Bearer stream-token");
    expect(request?.heartbeat).toBe("1");
    expect(Date.now() - Date.parse(request?.since ?? "")).toBeGreaterThanOrEqual(3600_000);

    expect(codeOf(() => m.check(claims({ mv: "9" })))).toBe("token_stale");
    expect(codeOf(() => m.check(claims({})))).toBe("token_stale");
    expect(codeOf(() => m.check(claims({ mv: "10" })))).toBe("ok");
    expect(codeOf(() => m.check(claims({ mv: "11" })))).toBe("ok");
    expect(codeOf(() => m.check(claims({ sub: "user_bob", mv: "1" })))).toBe("ok");
    expect(codeOf(() => m.check(claims({ organization_id: "org_b", mv: "1" })))).toBe("ok");
  });

  it("refuses a token within the bound after a live change, and accepts the refreshed one", async () => {
    const m = monitor();
    await m.ready;
    expect(codeOf(() => m.check(claims({ sub: "user_carol", mv: "20" })))).toBe("ok");
    const changedAt = Date.now();
    roles("org_a", "user_carol", 21);
    await eventually(() => codeOf(() => m.check(claims({ sub: "user_carol", mv: "20" }))) !== "ok");
    expect(Date.now() - changedAt).toBeLessThan(2_000);
    expect(codeOf(() => m.check(claims({ sub: "user_carol", mv: "20" })))).toBe("token_stale");
    expect(codeOf(() => m.check(claims({ sub: "user_carol", mv: "21" })))).toBe("ok");

    // An organization deleted: every token for it is stale.
    publish("Organization.Deleted", "org_gone", { id: "org_gone" });
    await eventually(
      () =>
        codeOf(() => m.check(claims({ organization_id: "org_gone", mv: "1" }))) === "token_stale",
    );
  });

  it("refuses tokens issued before a template change took one of their permissions, and a suspended user's", async () => {
    const m = monitor();
    await m.ready;
    const before = Math.floor(Date.now() / 1000) - 5;
    const token = (scope: string, iat: number, sub = "user_erin") =>
      claims({ sub, scope, scopes: scope.split(" "), iat, mv: "1" });
    expect(codeOf(() => m.check(token("invite:widget remove:widget", before)))).toBe("ok");
    publish("OrganizationRole.Scopes.Updated", "", {
      id: "role_admin",
      permissionIds: ["p1"],
      removedPermissions: ["remove:widget"],
    });
    await eventually(
      () => codeOf(() => m.check(token("invite:widget remove:widget", before))) === "token_stale",
    );
    // Other permissions, and tokens issued after the change, are unaffected.
    expect(codeOf(() => m.check(token("invite:widget", before)))).toBe("ok");
    const after = Math.ceil(Date.now() / 1000) + 1;
    expect(codeOf(() => m.check(token("invite:widget remove:widget", after)))).toBe("ok");
    // A deleted permission counts the same.
    publish("OrganizationScope.Deleted", "", { id: "p9", name: "export:data" });
    await eventually(() => codeOf(() => m.check(token("export:data", before))) === "token_stale");

    publish("User.SuspensionStatus.Updated", "", { id: "user_frank", isSuspended: true });
    await eventually(
      () => codeOf(() => m.check(token("invite:widget", after, "user_frank"))) === "token_stale",
    );
    publish("User.SuspensionStatus.Updated", "", { id: "user_frank", isSuspended: false });
    await eventually(
      () => codeOf(() => m.check(token("invite:widget", after, "user_frank"))) === "ok",
    );
  });

  it("answers freshness_unavailable when the stream goes silent, and recovers", async () => {
    const m = monitor();
    await m.ready;
    expect(codeOf(() => m.check(claims({ sub: "user_dan", mv: "1" })))).toBe("ok");
    heartbeats = false;
    const waited = await eventually(
      () => codeOf(() => m.check(claims({ sub: "user_dan", mv: "1" }))) === "freshness_unavailable",
    );
    expect(waited).toBeGreaterThan(1_500);
    heartbeats = true;
    await eventually(() => codeOf(() => m.check(claims({ sub: "user_dan", mv: "1" }))) === "ok");
  });

  it("reconnects with Last-Event-ID and receives what it missed", async () => {
    const m = monitor();
    await m.ready;
    const lastSeen = String(history.length);
    const before = requests.length;
    // The server drops every connection; a change happens while the monitor is away.
    for (const res of [...clients]) res.destroy();
    clients.clear();
    roles("org_a", "user_erin", 30);
    await eventually(() => requests.length > before);
    expect(requests.at(-1)?.lastEventId).toBe(lastSeen);
    expect(requests.at(-1)?.since).toBeUndefined();
    await eventually(
      () => codeOf(() => m.check(claims({ sub: "user_erin", mv: "29" }))) === "token_stale",
    );
  });

  it("keeps retrying while the stream refuses it, and is unavailable meanwhile", async () => {
    let token = "wrong";
    const m = monitor({ getAccessToken: () => Promise.resolve(token) });
    await new Promise((r) => setTimeout(r, 150));
    expect(codeOf(() => m.check(claims({ mv: "99" })))).toBe("freshness_unavailable");
    token = "stream-token";
    await m.ready;
    expect(codeOf(() => m.check(claims({ mv: "99" })))).toBe("ok");
  });

  it("is unavailable once closed", async () => {
    const m = monitor();
    const ready = m.ready;
    m.close();
    await expect(ready).rejects.toThrow(/closed/);
    expect(codeOf(() => m.check(claims({ mv: "99" })))).toBe("freshness_unavailable");
  });
});

describe("the verifier's freshness option", () => {
  it("refuses a stale token with token_stale (401) and accepts a fresh one", async () => {
    const key = await testKey("ES256");
    const freshness = monitor();
    const verifier = createLocalVerifier({
      issuer: ISSUER,
      keys: [key.publicJwk],
      now: frozenNow,
      freshness,
    });
    await freshness.ready;
    roles("org_a", "user_alice", 40);
    const old = await issueTestToken(key, { membershipVersion: "39" });
    const fresh = await issueTestToken(key, { membershipVersion: "40", jti: "jti-2" });
    await eventually(() => {
      try {
        freshness.check(claims({ mv: "39" }));
        return false;
      } catch {
        return true;
      }
    });
    const error = await verifier.verify(old).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrganizationTokenError);
    expect((error as OrganizationTokenError).code).toBe("token_stale");
    expect((error as OrganizationTokenError).status).toBe(401);
    expect((await verifier.verify(fresh)).mv).toBe("40");
  });

  it("fails closed: freshness_unavailable (503) before the monitor is ready", async () => {
    const key = await testKey("ES256");
    const verifier = createLocalVerifier({
      issuer: ISSUER,
      keys: [key.publicJwk],
      now: frozenNow,
      freshness: monitor({ getAccessToken: () => Promise.resolve("wrong") }),
    });
    const error = await verifier
      .verify(await issueTestToken(key, { membershipVersion: "1" }))
      .catch((e: unknown) => e);
    expect((error as OrganizationTokenError).code).toBe("freshness_unavailable");
    expect((error as OrganizationTokenError).status).toBe(503);
  });
});
