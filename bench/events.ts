/**
 * Events (issue 15): what emitting `Organization.Membership.Roles.Updated` adds to a
 * membership write. The event is written by triggers in the write's own transaction, so the
 * comparison is the same service call with the triggers enabled and disabled, measured in
 * interleaved rounds (A, B, B, A) on the dataset, in one run.
 */
import { assignMemberRoles, removeMemberRole, systemContext } from "@guildhall/core";
import { createPrismaClient } from "@guildhall/db/client";
import pg from "pg";
import { fmt, summarize } from "./stats.ts";

const TRIGGERS = [
  "organization_member_roles_inserted",
  "organization_member_roles_deleted",
] as const;

export async function runEventEmissionBench(url: string): Promise<string[][]> {
  const db = createPrismaClient(url, { max: 4 });
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const ctx = systemContext(db);
  const run = Date.now().toString(36);
  const setTriggers = async (on: boolean) => {
    for (const name of TRIGGERS)
      await admin.query(
        `ALTER TABLE organization_member_roles ${on ? "ENABLE" : "DISABLE"} TRIGGER ${name}`,
      );
  };
  try {
    // A member of a 10,000-member organization (o1) with one role; the write adds and removes
    // a second role (two transactions, each one membership write).
    const org = "o1";
    const user = await db.user.create({ data: { email: `bench-events-${run}@example.com` } });
    const [base, extra] = await db.organizationRole.findMany({ take: 2, orderBy: { id: "asc" } });
    if (!base || !extra) throw new Error("the dataset has no roles");
    await db.organizationMember.create({
      data: { organizationId: org, userId: user.id, roles: { create: [{ roleId: base.id }] } },
    });
    const ref = { organizationId: org, userId: user.id };
    const write = async () => {
      const t0 = performance.now();
      await assignMemberRoles(ctx, { ...ref, organizationRoleIds: [extra.id] });
      const t1 = performance.now();
      await removeMemberRole(ctx, { ...ref, organizationRoleId: extra.id });
      return [t1 - t0, performance.now() - t1];
    };
    const samples = { on: [] as number[], off: [] as number[] };
    for (let i = 0; i < 20; i++) await write(); // warm-up
    for (const phase of ["on", "off", "off", "on", "on", "off", "off", "on"] as const) {
      await setTriggers(phase === "on");
      for (let i = 0; i < 150; i++) samples[phase].push(...(await write()));
    }
    await setTriggers(true);
    const on = summarize(samples.on);
    const off = summarize(samples.off);
    await db.organizationMember.delete({
      where: { organizationId_userId: { organizationId: org, userId: user.id } },
    });
    await db.user.delete({ where: { id: user.id } });
    return [
      ["membership role write, events on (trigger: version + event row)", fmt(on.p50), fmt(on.p99)],
      ["membership role write, events off (triggers disabled)", fmt(off.p50), fmt(off.p99)],
      ["added by event emission (p50 difference)", fmt(on.p50 - off.p50), "target < 1 ms"],
    ];
  } finally {
    await setTriggers(true).catch(() => undefined);
    await admin.end();
    await db.$disconnect();
  }
}

/**
 * Webhook delivery throughput to a local receiver (node:http, answers 204): 4 webhooks x
 * 2,500 events, sequenced first, then sent by the server's own worker (signing, SSRF
 * allow-list, result writes included). Deliveries/s from the worker's start to the last
 * request received.
 */
export async function runWebhookThroughputBench(url: string): Promise<string[][]> {
  const { createWebhook, sequenceEvents, startWebhookWorker } = await import("@guildhall/core");
  const { createServer } = await import("node:http");
  const db = createPrismaClient(url, { max: 8 });
  const secret = "bench-instance-secret-0123456789abcdef";
  const ctx = systemContext(db);
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received += 1;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as { port: number }).port;
  const hookIds: string[] = [];
  let eventIds: bigint[] = [];
  try {
    // Only this run's webhooks receive anything.
    await db.webhook.updateMany({ data: { enabled: false } });
    for (let i = 0; i < 4; i++) {
      const hook = await createWebhook(
        ctx,
        {
          name: `bench-${Date.now().toString(36)}-${i}`,
          events: ["User.Data.Updated"],
          config: { url: `http://127.0.0.1:${port}/hook` },
        },
        { instanceSecret: secret },
      );
      hookIds.push(hook.id);
    }
    const events = 2500;
    const rows = await db.domainEvent.createManyAndReturn({
      data: Array.from({ length: events }, (_, i) => ({
        event: "User.Data.Updated",
        userId: `u${i + 1}`,
        data: { id: `u${i + 1}` },
      })),
      select: { id: true },
    });
    eventIds = rows.map((r) => r.id);
    while ((await sequenceEvents(db, 5000)).sequenced > 0);
    const total = events * hookIds.length;
    const started = performance.now();
    const worker = startWebhookWorker({
      db,
      instanceSecret: secret,
      allowedHosts: [`127.0.0.1:${port}`],
      intervalMs: 20,
    });
    while (received < total && performance.now() - started < 120_000)
      await new Promise((r) => setTimeout(r, 5));
    const seconds = (performance.now() - started) / 1000;
    await worker.stop();
    return [
      [
        `webhook deliveries to a local receiver (4 webhooks x ${events.toLocaleString()} events)`,
        `${Math.round(received / seconds).toLocaleString()}/s`,
        `${received.toLocaleString()} of ${total.toLocaleString()} in ${seconds.toFixed(2)} s; target >= 1,000/s`,
      ],
    ];
  } finally {
    // The dataset is reused across runs: leave nothing behind (deliveries cascade).
    await db.webhook.deleteMany({ where: { id: { in: hookIds } } });
    await db.domainEvent.deleteMany({ where: { id: { in: eventIds } } });
    server.closeAllConnections();
    server.close();
    await db.$disconnect();
  }
}

/**
 * SSE fan-out: 1,000 clients connected to the event stream (the server's own handler and event
 * pump, over node:http), then membership changes in o1; for each event, the delay from the
 * commit of the change to its arrival at every client. Clients are fetch streams in the bench
 * process, so their parsing shares the two cores with the server.
 */
export async function runFanOutBench(url: string): Promise<string[][]> {
  const { createManagementApiApplication, startEventPump, addMembers, removeMember } =
    await import("@guildhall/core");
  const { createEventStream } = await import("@guildhall/api/rest");
  const { createServer } = await import("node:http");
  const db = createPrismaClient(url, { max: 8 });
  const ctx = systemContext(db);
  const clients = 1000;
  const changes = 20;
  const { application } = await createManagementApiApplication(ctx, {
    name: `bench-stream-${Date.now().toString(36)}`,
    baseUrl: "http://127.0.0.1:3000",
  });
  const pump = startEventPump({ db, intervalMs: 20 });
  const stream = createEventStream({
    db,
    pump,
    // The bench measures delivery, not token checks: every client is this application.
    authenticate: () => Promise.resolve({ clientId: application.id }),
    maxStreams: clients + 10,
    maxStreamsPerApplication: clients + 10,
  });
  const server = createServer((req, res) => {
    if (!stream.handle(req, res)) res.writeHead(404).end();
  });
  server.maxConnections = clients + 100;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as { port: number }).port;
  const streamUrl = `http://127.0.0.1:${port}/api/events/stream?heartbeat=60`;

  // Arrival time of each (event position) at each client.
  const arrivals = new Map<string, number[]>();
  const aborts: AbortController[] = [];
  const user = await db.user.create({ data: { email: `bench-fanout-${Date.now()}@example.com` } });
  try {
    let live = 0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        const abort = new AbortController();
        aborts.push(abort);
        const response = await fetch(streamUrl, { signal: abort.signal });
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        const decoder = new TextDecoder();
        let buffer = "";
        let counted = false;
        void (async () => {
          for (;;) {
            const { done, value } = await reader
              .read()
              .catch(() => ({ done: true, value: undefined }));
            if (done) return;
            buffer += decoder.decode(value, { stream: true });
            let end: number;
            while ((end = buffer.indexOf("\n\n")) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              if (block.startsWith(": live") && !counted) {
                counted = true;
                live += 1;
              }
              const id = /^id: (\d+)$/m.exec(block)?.[1];
              if (id) {
                const list = arrivals.get(id) ?? [];
                list.push(performance.now());
                arrivals.set(id, list);
              }
            }
          }
        })();
      }),
    );
    while (live < clients) await new Promise((r) => setTimeout(r, 20));

    // Each change: add the user to o1, then remove it (two transactions, several events).
    const committed = new Map<string, number>();
    for (let i = 0; i < changes; i++) {
      await addMembers(ctx, { organizationId: "o1", userIds: [user.id] });
      const at = performance.now();
      await removeMember(ctx, { organizationId: "o1", userId: user.id });
      const at2 = performance.now();
      committed.set(`add-${i}`, at);
      committed.set(`remove-${i}`, at2);
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 2000));
    // Events in position order pair with the commits in order (each change writes 1-2 events;
    // the delay is measured from the commit that wrote them to each client's arrival).
    const delays: number[] = [];
    const positions = [...arrivals.keys()].sort((a, b) => Number(a) - Number(b));
    const commits = [...committed.values()].sort((a, b) => a - b);
    let c = 0;
    for (const position of positions) {
      const times = arrivals.get(position) ?? [];
      const first = Math.min(...times);
      while (c + 1 < commits.length && (commits[c + 1] ?? Infinity) <= first) c += 1;
      const commit = commits[c] ?? first;
      for (const t of times) delays.push(t - commit);
    }
    const complete = positions.filter((p) => (arrivals.get(p)?.length ?? 0) === clients).length;
    const s = summarize(delays);
    return [
      [
        `event stream fan-out to ${clients.toLocaleString()} connected clients (${positions.length} events)`,
        fmt(s.p50),
        `${fmt(s.p99)}; ${complete} of ${positions.length} events reached every client; target p99 < 1 s`,
      ],
    ];
  } finally {
    for (const a of aborts) a.abort();
    stream.close();
    await pump.stop();
    server.closeAllConnections();
    server.close();
    await db.user.delete({ where: { id: user.id } }).catch(() => undefined);
    await db.application.delete({ where: { id: application.id } }).catch(() => undefined);
    await db.$disconnect();
  }
}
