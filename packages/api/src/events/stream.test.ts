// The event stream end to end: a real node:http server serving the handler, the real event
// pump on a real database, changes made through core services, and a real HTTP client that
// reads Server-Sent Events from fetch.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  addMembers,
  addOrganizationApplications,
  assignMemberRoles,
  createManagementApiAccessCheck,
  createOrganization,
  ensureManagementApi,
  latestEventSeq,
  readEventsAfter,
  removeMember,
  replaceMemberRoles,
  sequenceEvents,
  setManagementApiAccess,
  startEventPump,
  updateOrganization,
  type EventPump,
  type ServiceContext,
} from "@guildhall/core";
import { createTestDatabase, type TestDatabase } from "@guildhall/db/testing";
import { generateSigningKey } from "@guildhall/org-token/issue";
import { SignJWT, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBearerAuthenticator } from "../rest/auth.ts";
import { createEventStream, createEventStreamAuthenticator, type EventStream } from "./stream.ts";

let t: TestDatabase;
let server: Server;
let pump: EventPump;
let stream: EventStream;
let limited: EventStream;
let baseUrl = "";
let ctx: ServiceContext;
const opaque = new Map<string, string>();
const tokens = { managementApi: "", plain: "", spa: "" };
const ids = { orgA: "", orgB: "", roleA: "", roleB: "" };

beforeAll(async () => {
  t = await createTestDatabase();
  ctx = { db: t.db, actor: { type: "system" } };
  const { privateJwk, publicJwk } = await generateSigningKey("ES256");
  const keys: JWK[] = [{ ...publicJwk, kid: "k1" }];
  const paths: Record<string, EventStream> = {};
  server = createServer((req, res) => {
    const handler = paths[new URL(req.url ?? "/", "http://x").searchParams.get("via") ?? "main"];
    if (!handler?.handle(req, res)) {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await ensureManagementApi(t.db, { baseUrl });

  pump = startEventPump({ db: t.db, intervalMs: 20, expireInvitationsEveryMs: 0 });
  const authenticate = createEventStreamAuthenticator({
    managementApi: createBearerAuthenticator({
      issuer: `${baseUrl}/oidc`,
      audience: `${baseUrl}/api`,
      getPublicKeys: () => keys,
      isClientAllowed: createManagementApiAccessCheck(t.db),
    }),
    // As the provider answers for its opaque client_credentials tokens.
    findClientCredentials: (token) => Promise.resolve(opaque.get(token)),
  });
  stream = createEventStream({ db: t.db, pump, authenticate, heartbeatMs: 60_000 });
  limited = createEventStream({ db: t.db, pump, authenticate, maxStreamsPerApplication: 1 });
  paths["main"] = stream;
  paths["limited"] = limited;

  const app = async (type: "MachineToMachine" | "SPA") =>
    (await t.db.application.create({ data: { name: `app-${Math.random()}`, type } })).id;
  const managementApp = await app("MachineToMachine");
  await setManagementApiAccess(
    { db: t.db, actor: { type: "console", userId: "admin", role: "admin" } },
    { applicationId: managementApp, enabled: true },
  );
  tokens.managementApi = await new SignJWT({ scope: "all", client_id: managementApp })
    .setProtectedHeader({ alg: "ES256", kid: "k1", typ: "at+jwt" })
    .setIssuer(`${baseUrl}/oidc`)
    .setAudience(`${baseUrl}/api`)
    .setSubject(managementApp)
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(privateJwk);

  ids.orgA = (await createOrganization(ctx, { name: "Org A" })).id;
  ids.orgB = (await createOrganization(ctx, { name: "Org B" })).id;
  const plainApp = await app("MachineToMachine");
  await addOrganizationApplications(ctx, { organizationId: ids.orgA, applicationIds: [plainApp] });
  tokens.plain = "opaque-plain-token";
  opaque.set(tokens.plain, plainApp);
  tokens.spa = "opaque-spa-token";
  opaque.set(tokens.spa, await app("SPA"));
  ids.roleA = (await t.db.organizationRole.create({ data: { name: "role-a" } })).id;
  ids.roleB = (await t.db.organizationRole.create({ data: { name: "role-b" } })).id;
  await settle();
}, 60_000);

afterAll(async () => {
  stream.close();
  limited.close();
  await pump.stop();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

/** Every committed event positioned and published by the pump. */
async function settle() {
  // The pump may hold the sequencer's lock: wait until nothing is left unpositioned.
  for (let i = 0; i < 250 && (await t.db.domainEvent.count({ where: { seq: null } })) > 0; i++) {
    await sequenceEvents(t.db);
    await new Promise((r) => setTimeout(r, 10));
  }
  const latest = await latestEventSeq(t.db);
  for (let i = 0; i < 250 && pump.lastPublishedSeq() < latest; i++)
    await new Promise((r) => setTimeout(r, 20));
}

interface Frame {
  id?: string;
  event?: string;
  data?: string;
}

/** A minimal SSE reader over fetch: frames and comments as they arrive. */
async function open(
  token: string | null,
  { lastEventId, query = "" }: { lastEventId?: string; query?: string } = {},
) {
  const controller = new AbortController();
  const headers: Record<string, string> = { accept: "text/event-stream" };
  if (token !== null) headers["authorization"] = `Bearer ${token}`;
  if (lastEventId !== undefined) headers["last-event-id"] = lastEventId;
  const response = await fetch(`${baseUrl}/api/events/stream${query}`, {
    headers,
    signal: controller.signal,
  });
  const frames: Frame[] = [];
  const comments: string[] = [];
  let ended = false;
  if (response.ok && response.body) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const frame: Frame = {};
            for (const line of block.split("\n")) {
              if (line.startsWith(":")) comments.push(line.slice(1).trim());
              else if (line.startsWith("id: ")) frame.id = line.slice(4);
              else if (line.startsWith("event: ")) frame.event = line.slice(7);
              else if (line.startsWith("data: ")) frame.data = line.slice(6);
            }
            if (frame.event) frames.push(frame);
          }
        }
      } catch {
        // aborted
      } finally {
        ended = true;
      }
    })();
  }
  const waitFor = async (predicate: () => boolean, what: string) => {
    for (let i = 0; i < 300 && !predicate(); i++) await new Promise((r) => setTimeout(r, 20));
    if (!predicate()) throw new Error(`timed out waiting for ${what}`);
  };
  return {
    response,
    frames,
    comments,
    ended: () => ended,
    events: () => frames.filter((f) => f.event !== "reset"),
    live: () => waitFor(() => comments.includes("live"), "the live marker"),
    waitFor,
    close: () => controller.abort(),
  };
}

describe("GET /api/events/stream", () => {
  it("answers 401 with Logto's error JSON without a valid token, 403 for a non-M2M application", async () => {
    const none = await open(null);
    expect(none.response.status).toBe(401);
    expect(await none.response.json()).toEqual({
      code: "auth.authorization_header_missing",
      message: expect.any(String) as string,
    });
    const unknown = await open("opaque-unknown");
    expect(unknown.response.status).toBe(401);
    expect(await unknown.response.json()).toMatchObject({ code: "auth.unauthorized" });
    const spa = await open(tokens.spa);
    expect(spa.response.status).toBe(403);
    expect(await spa.response.json()).toMatchObject({ code: "auth.forbidden" });
    const bad = await open(tokens.managementApi, { lastEventId: "nope" });
    expect(bad.response.status).toBe(400);
    expect(await bad.response.json()).toMatchObject({ code: "guard.invalid_input" });
  });

  it("frames each event with its position, name and payload, and retry", async () => {
    const client = await open(tokens.managementApi);
    expect(client.response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    await client.live();
    await updateOrganization(ctx, { id: ids.orgB, name: "Org B renamed" });
    await client.waitFor(() => client.events().length > 0, "the event");
    const [frame] = client.events();
    expect(frame?.event).toBe("Organization.Data.Updated");
    expect(JSON.parse(frame?.data ?? "{}")).toMatchObject({
      id: frame?.id,
      event: "Organization.Data.Updated",
      organizationId: ids.orgB,
      data: { id: ids.orgB, organizationId: ids.orgB },
    });
    client.close();
  });

  it("resumes with Last-Event-ID: exactly the missed events, in order, then live ones, no duplicate", async () => {
    const user = (await t.db.user.create({ data: { email: `u${Date.now()}@example.com` } })).id;
    await addMembers(ctx, { organizationId: ids.orgA, userIds: [user] });
    await settle();

    const first = await open(tokens.managementApi);
    await first.live();
    await assignMemberRoles(ctx, {
      organizationId: ids.orgA,
      userId: user,
      organizationRoleIds: [ids.roleA],
      organizationRoleNames: [],
    });
    await first.waitFor(() => first.events().length === 1, "the first role change");
    const last = first.events()[0]?.id ?? "";
    first.close();

    // While disconnected: a demotion and a removal, through the core services.
    await replaceMemberRoles(ctx, {
      organizationId: ids.orgA,
      userId: user,
      organizationRoleIds: [ids.roleB],
      organizationRoleNames: [],
    });
    await removeMember(ctx, { organizationId: ids.orgA, userId: user });
    await settle();
    const missed = await readEventsAfter(t.db, { afterSeq: BigInt(last), limit: 100 });
    expect(missed.map((e) => e.event)).toEqual([
      "Organization.Membership.Roles.Updated",
      "Organization.Membership.Roles.Updated",
      "Organization.Membership.Updated",
    ]);

    // Reconnect while changes keep coming: the switch from catch-up to live must neither
    // drop nor repeat one.
    const again = await open(tokens.managementApi, { lastEventId: last });
    const during = Array.from({ length: 5 }, (_, i) =>
      updateOrganization(ctx, { id: ids.orgA, name: `Org A ${i}` }),
    );
    await Promise.all(during);
    await again.live();
    await settle();
    const expected = await readEventsAfter(t.db, { afterSeq: BigInt(last), limit: 100 });
    await again.waitFor(() => again.events().length >= expected.length, "every event");
    await new Promise((r) => setTimeout(r, 200));
    expect(again.events().map((f) => f.id)).toEqual(expected.map((e) => e.id));
    expect(
      again
        .events()
        .slice(0, 3)
        .map((f) => f.event),
    ).toEqual(missed.map((e) => e.event));
    const demotion = JSON.parse(again.events()[0]?.data ?? "{}") as {
      data: Record<string, unknown>;
    };
    expect(demotion.data).toMatchObject({
      userId: user,
      before: [{ id: ids.roleA, name: "role-a" }],
      after: [{ id: ids.roleB, name: "role-b" }],
      removed: false,
    });
    again.close();

    // `?lastEventId=` works as the header does.
    const viaQuery = await open(tokens.managementApi, { query: `?lastEventId=${last}` });
    await viaQuery.live();
    expect(viaQuery.events().map((f) => f.id)).toEqual(expected.map((e) => e.id));
    viaQuery.close();
  });

  it("shows an application without the Management API only its organizations' events", async () => {
    await updateOrganization(ctx, { id: ids.orgA, name: "Org A again" });
    await updateOrganization(ctx, { id: ids.orgB, name: "Org B again" });
    await settle();
    const client = await open(tokens.plain, { lastEventId: "0" });
    await client.live();
    const seen = client
      .events()
      .map((f) => JSON.parse(f.data ?? "{}") as { organizationId?: string });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((e) => e.organizationId === ids.orgA)).toBe(true);
    // Live, too.
    const before = client.events().length;
    await updateOrganization(ctx, { id: ids.orgB, name: "Org B live" });
    await updateOrganization(ctx, { id: ids.orgA, name: "Org A live" });
    await settle();
    const latest = String(await latestEventSeq(t.db));
    await client.waitFor(() => client.events().some((f) => f.id === latest), "org A's live event");
    const live = client.events().slice(before);
    expect(live.map((f) => f.id)).toEqual([latest]);
    client.close();
  });

  it("starts at a time with ?since=, and says reset for a position it cannot resume", async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    await updateOrganization(ctx, { id: ids.orgB, name: "since" });
    await settle();
    const latest = String(await latestEventSeq(t.db));
    const fromTime = await open(tokens.managementApi, { query: `?since=${since}` });
    await fromTime.live();
    expect(fromTime.events().map((f) => f.id)).toContain(latest);
    fromTime.close();

    const unknown = await open(tokens.managementApi, { lastEventId: "999999999" });
    await unknown.live();
    expect(unknown.frames[0]).toMatchObject({ event: "reset" });
    unknown.close();
  });

  it("sends heartbeats at the interval the client asks for", async () => {
    const client = await open(tokens.managementApi, { query: "?heartbeat=1" });
    await client.live();
    await client.waitFor(() => client.comments.includes("heartbeat"), "a heartbeat");
    client.close();
  });

  it("limits concurrent streams per application", async () => {
    const first = await open(tokens.plain, { query: "?via=limited" });
    await first.live();
    const second = await open(tokens.plain, { query: "?via=limited" });
    expect(second.response.status).toBe(429);
    expect(await second.response.json()).toMatchObject({ code: "request.rate_limited" });
    first.close();
    await first.waitFor(() => limited.connections() === 0, "the stream to close");
    const third = await open(tokens.plain, { query: "?via=limited" });
    expect(third.response.status).toBe(200);
    third.close();
  });
});
