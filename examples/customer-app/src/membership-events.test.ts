import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { generateSigningKey } from "@guildhall/org-token/issue";
import { createLocalVerifier } from "@guildhall/org-token/verify";
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCustomerApp, type CustomerApp, type RolesChangedMessage } from "./app.ts";
import {
  createMembershipEventStream,
  parseRolesChange,
  ROLES_UPDATED_EVENT,
  type MembershipEventStream,
} from "./membership-events.ts";
import { createCookieSealer } from "./session.ts";

const ISSUER = "https://guildhall.test/oidc";
const SESSION_SECRET = "membership-events-test-session-secret-0123";
const UPSTREAM_TOKEN = "m2m-access-token";

/**
 * Guildhall's event stream as the documented contract describes it, on a real local server:
 * `id`, `event` and `data` (the event as webhooks carry it) per frame, Bearer auth,
 * `Last-Event-ID` on reconnection.
 */
class UpstreamStream {
  readonly open = new Set<ServerResponse>();
  readonly requests: IncomingMessage["headers"][] = [];
  private seq = 0;
  server: Server = createServer((req, res) => {
    this.requests.push(req.headers);
    if (req.headers.authorization !== `Bearer ${UPSTREAM_TOKEN}`) {
      res
        .writeHead(401, { "content-type": "application/json" })
        .end('{"code":"auth.unauthorized"}');
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
    res.write("retry: 50\n\n");
    this.open.add(res);
    req.on("close", () => this.open.delete(res));
  });

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/events/stream`;
  }

  /** Sends one event to every open connection; returns its position. */
  emit(event: string, payload: Record<string, unknown>): string {
    const id = String(++this.seq);
    const data = JSON.stringify({ id, event, createdAt: new Date().toISOString(), ...payload });
    for (const res of this.open) res.write(`id: ${id}\nevent: ${event}\ndata: ${data}\n\n`);
    return id;
  }

  rolesChanged(userId: string, before: string[], after: string[], version: string): string {
    const role = (name: string) => ({ id: `role_${name}`, name });
    return this.emit(ROLES_UPDATED_EVENT, {
      organizationId: "org_acme",
      userId,
      applicationId: null,
      data: {
        organizationId: "org_acme",
        userId,
        membershipVersion: version,
        before: before.map(role),
        after: after.map(role),
        removed: false,
      },
    });
  }
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A page's `EventSource`, read with the same parser: every frame the app sends it. */
async function openPage(base: string, cookie?: string) {
  const controller = new AbortController();
  const response = await fetch(`${base}/events`, {
    headers: cookie ? { cookie } : {},
    signal: controller.signal,
  });
  const frames: EventSourceMessage[] = [];
  if (response.ok && response.body) {
    const parser = createParser({ onEvent: (frame) => frames.push(frame) });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          parser.feed(decoder.decode(value, { stream: true }));
        }
      } catch {
        // aborted by close()
      }
    })();
  }
  return {
    response,
    frames,
    messages: () => frames.map((f) => JSON.parse(f.data) as RolesChangedMessage),
    close: () => controller.abort(),
  };
}

function sessionCookie(sub: string): string {
  const sealer = createCookieSealer(SESSION_SECRET);
  const session = {
    user: { sub, organizations: ["org_acme"], organizationRoles: ["org_acme:admin"] },
    refreshToken: "unused",
    csrf: "csrf",
    organizationId: "org_acme",
  };
  return `customer_app_session=${sealer.seal("customer_app_session", session, 3600)}`;
}

let upstream: UpstreamStream;
let stream: MembershipEventStream;
let customerApp: CustomerApp;
let appServer: Server;
let appBase: string;
const pages: { close(): void }[] = [];

beforeAll(async () => {
  upstream = new UpstreamStream();
  await listen(upstream.server);
  stream = createMembershipEventStream({
    streamUrl: upstream.url,
    getAccessToken: () => Promise.resolve(UPSTREAM_TOKEN),
    onError: () => undefined,
  });
  const key = await generateSigningKey();
  customerApp = createCustomerApp({
    issuer: ISSUER,
    clientId: "app_example",
    clientSecret: "unused",
    baseUrl: "http://127.0.0.1",
    sessionSecret: SESSION_SECRET,
    verifier: createLocalVerifier({ issuer: ISSUER, keys: [key.publicJwk] }),
    membershipEvents: stream,
  });
  appServer = createServer(customerApp);
  appBase = await listen(appServer);
});

afterEach(() => {
  for (const page of pages.splice(0)) page.close();
});

afterAll(async () => {
  customerApp.shutdown();
  for (const server of [appServer, upstream.server]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function page(cookie?: string) {
  const opened = await openPage(appBase, cookie);
  pages.push(opened);
  return opened;
}

describe("GET /events: the relay of Guildhall's event stream", () => {
  it("sends each user the changes of their own roles only, over one upstream connection", async () => {
    const alice = await page(sessionCookie("user_alice"));
    const bob = await page(sessionCookie("user_bob"));
    expect(alice.response.status).toBe(200);
    expect(alice.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    await until(() => upstream.open.size === 1, "the upstream connection");
    expect(upstream.requests.at(-1)?.authorization).toBe(`Bearer ${UPSTREAM_TOKEN}`);

    upstream.rolesChanged("user_bob", ["member"], ["admin", "member"], "41");
    // Not relayed: an application's roles, another event about Alice, a malformed frame.
    upstream.emit(ROLES_UPDATED_EVENT, {
      organizationId: "org_acme",
      userId: null,
      applicationId: "app_robot",
      data: {
        organizationId: "org_acme",
        applicationId: "app_robot",
        membershipVersion: "42",
        before: [],
        after: [],
        removed: false,
      },
    });
    upstream.emit("Organization.Membership.Updated", {
      organizationId: "org_acme",
      userId: "user_alice",
      data: { id: "user_alice", organizationId: "org_acme" },
    });
    upstream.emit(ROLES_UPDATED_EVENT, { userId: "user_alice", data: { userId: "user_alice" } });
    upstream.rolesChanged("user_alice", ["admin"], ["member"], "43");

    await until(() => alice.frames.length === 1 && bob.frames.length === 1, "both relays");
    // Anything sent after Alice's change would have arrived by now: the frames are ordered.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alice.frames.map((f) => f.event)).toEqual(["roles-changed"]);
    expect(alice.messages()).toEqual([
      {
        organizationId: "org_acme",
        // Without a Management API client the app has no names: the id stands in.
        organization: "org_acme",
        before: ["admin"],
        after: ["member"],
        removed: false,
      },
    ]);
    expect(bob.messages()).toEqual([
      {
        organizationId: "org_acme",
        organization: "org_acme",
        before: ["member"],
        after: ["admin", "member"],
        removed: false,
      },
    ]);
    expect(upstream.open.size).toBe(1);
  });

  it("disconnects from Guildhall when the last page leaves, and reconnects for the next", async () => {
    const first = await page(sessionCookie("user_alice"));
    await until(() => upstream.open.size === 1 && stream.connected, "the upstream connection");
    first.close();
    await until(() => upstream.open.size === 0, "the upstream disconnection");

    const requestsBefore = upstream.requests.length;
    const again = await page(sessionCookie("user_alice"));
    await until(() => upstream.open.size === 1 && stream.connected, "a new upstream connection");
    // A new start, not a resume: pages opened now want changes from now on.
    expect(upstream.requests.slice(requestsBefore).at(-1)?.["last-event-id"]).toBeUndefined();
    upstream.rolesChanged("user_alice", ["member"], ["admin"], "50");
    await until(() => again.frames.length === 1, "the change");
  });

  it("resumes with Last-Event-ID after Guildhall drops the connection, losing nothing", async () => {
    const alice = await page(sessionCookie("user_alice"));
    await until(() => upstream.open.size === 1 && stream.connected, "the upstream connection");
    const seen = upstream.rolesChanged("user_alice", ["member"], ["admin"], "60");
    await until(() => alice.frames.length === 1, "the first change");

    const requestsBefore = upstream.requests.length;
    for (const res of upstream.open) res.destroy();
    await until(
      () => upstream.requests.length > requestsBefore && upstream.open.size === 1,
      "the reconnection",
    );
    expect(upstream.requests.at(-1)?.["last-event-id"]).toBe(seen);
    upstream.rolesChanged("user_alice", ["admin"], ["member"], "61");
    await until(() => alice.frames.length === 2, "the change after the reconnection");
  });

  it("asks for a new upstream token once when Guildhall refuses the cached one", async () => {
    let calls = 0;
    const renewals: boolean[] = [];
    const renewing = createMembershipEventStream({
      streamUrl: upstream.url,
      getAccessToken: (renew) => {
        renewals.push(renew);
        return Promise.resolve(++calls === 1 ? "expired-token" : UPSTREAM_TOKEN);
      },
      onError: () => undefined,
    });
    const stop = renewing.subscribe("user_alice", () => undefined);
    try {
      await until(() => renewing.connected, "the connection with a renewed token");
      expect(renewals).toEqual([false, true]);
    } finally {
      stop();
      renewing.close();
    }
  });

  it("needs the user's session, and answers 204 (stop retrying) when nothing is relayed", async () => {
    const anonymous = await page();
    expect(anonymous.response.status).toBe(401);

    const quiet = createCustomerApp({
      issuer: ISSUER,
      clientId: "app_example",
      clientSecret: "unused",
      baseUrl: "http://127.0.0.1",
      sessionSecret: SESSION_SECRET,
    });
    const server = createServer(quiet);
    const base = await listen(server);
    try {
      const res = await fetch(`${base}/events`, { headers: { cookie: sessionCookie("user_a") } });
      expect(res.status).toBe(204);
    } finally {
      server.close();
    }
  });
});

describe("parseRolesChange", () => {
  const change = {
    organizationId: "org_acme",
    userId: "user_alice",
    membershipVersion: "7",
    before: [{ id: "r1", name: "admin" }],
    after: [],
    removed: true,
  };

  it("reads the event as the stream sends it (webhook payload) and the bare change", () => {
    const expected = { eventId: "9", ...change };
    expect(
      parseRolesChange(JSON.stringify({ id: "9", event: ROLES_UPDATED_EVENT, data: change }), "9"),
    ).toEqual(expected);
    expect(parseRolesChange(JSON.stringify(change), "9")).toEqual(expected);
  });

  it("ignores what is not a user's roles change", () => {
    expect(parseRolesChange("not json")).toBeUndefined();
    expect(parseRolesChange(JSON.stringify({ ...change, userId: null }))).toBeUndefined();
    expect(parseRolesChange(JSON.stringify({ ...change, membershipVersion: 7 }))).toBeUndefined();
    expect(parseRolesChange(JSON.stringify({ ...change, after: [{ id: "r1" }] }))).toBeUndefined();
  });
});
