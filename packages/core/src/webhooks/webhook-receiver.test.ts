// End to end with a real HTTP receiver: the worker delivers membership changes made while the
// receiver was down, in order, each once after dedupe, signed in both schemes; and a burst
// to a local receiver, each delivery once (its speed is measured by `pnpm bench events`).
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { afterAll, describe, expect, it } from "vitest";
import { sequenceEvents } from "../events/index.ts";
import { addMembers } from "../members/index.ts";
import { fixtures } from "../members/test-fixtures.ts";
import { TEST_INSTANCE_SECRET, unique, useTestDatabase } from "../test-utils.ts";
import { createWebhook, startWebhookWorker, updateWebhook, type WebhookWorker } from "./index.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const secret = { instanceSecret: TEST_INSTANCE_SECRET };

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

function receiver(onRequest: (r: Received) => void) {
  let server: Server | undefined;
  return {
    async start(port = 0): Promise<number> {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          onRequest({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
          res.writeHead(204).end();
        });
      });
      const s = server;
      await new Promise<void>((resolve) => s.listen(port, "127.0.0.1", () => resolve()));
      return (s.address() as AddressInfo).port;
    },
    async stop() {
      const s = server;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}

async function until(check: () => boolean, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
}

const workers: WebhookWorker[] = [];
afterAll(async () => {
  for (const w of workers) await w.stop();
});

describe("webhooks to a real receiver", () => {
  it("delivers 50 membership changes made while the receiver was down: in order, none twice, both signatures valid", async () => {
    const received: Received[] = [];
    const r = receiver((req) => received.push(req));
    const port = await r.start();
    await r.stop();

    await t.db().webhook.updateMany({ data: { enabled: false } });
    const hook = await createWebhook(
      t.ctx(),
      {
        name: unique("crm"),
        events: ["Organization.Membership.Updated"],
        config: { url: `http://127.0.0.1:${port}/events`, headers: { "x-tenant": "acme" } },
      },
      secret,
    );
    const worker = startWebhookWorker({
      db: t.db(),
      instanceSecret: TEST_INSTANCE_SECRET,
      allowedHosts: ["127.0.0.1"],
      backoff: Array.from({ length: 40 }, () => 100),
      intervalMs: 50,
    });
    workers.push(worker);

    const org = await f.organization();
    for (let i = 0; i < 50; i += 1) {
      const user = await f.user();
      await addMembers(t.ctx(), { organizationId: org.id, userIds: [user.id] });
      if (i % 10 === 9) {
        await sequenceEvents(t.db());
        worker.kick();
      }
    }
    // The receiver is down: the head retries, the rest wait.
    await until(() => false, 400);
    const waiting = await t.db().webhookDelivery.findMany({ where: { webhookId: hook.id } });
    expect(waiting).toHaveLength(50);
    expect(waiting.some((d) => d.attempts > 0 && d.lastError?.includes("ECONNREFUSED"))).toBe(true);

    await r.start(port);
    const ids = () => new Set(received.map((req) => req.headers["webhook-id"]));
    await until(() => ids().size >= 50, 20_000);
    await worker.stop();
    await r.stop();

    // Dedupe on webhook-id, as a receiver would: 50 distinct messages, in event order.
    const seen = new Set<string>();
    const firsts = received.filter((req) => {
      const id = String(req.headers["webhook-id"]);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    expect(firsts).toHaveLength(50);
    const payloads = firsts.map((req) => JSON.parse(req.body) as Record<string, unknown>);
    const positions = payloads.map((p) => Number(p.eventId));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(50);
    for (const [i, req] of firsts.entries())
      expect(req.headers["webhook-id"]).toBe(`evt_${String(payloads[i]?.eventId)}`);
    expect(payloads[0]).toMatchObject({
      hookId: hook.id,
      event: "Organization.Membership.Updated",
      organizationId: org.id,
      data: { organizationId: org.id },
    });

    const standard = new StandardWebhook(hook.signingKey);
    for (const req of received) {
      expect(req.headers["x-tenant"]).toBe("acme");
      expect(req.headers["content-type"]).toBe("application/json");
      // Standard Webhooks: id, timestamp and signature over the raw body.
      expect(() => standard.verify(req.body, req.headers as Record<string, string>)).not.toThrow();
      // Logto: hex HMAC-SHA256 of the raw body, keyed with the whole signing key.
      const expected = createHmac("sha256", hook.signingKey).update(req.body).digest();
      const given = Buffer.from(String(req.headers["logto-signature-sha-256"]), "hex");
      expect(given.length === expected.length && timingSafeEqual(given, expected)).toBe(true);
    }
    const rows = await t.db().webhookDelivery.findMany({ where: { webhookId: hook.id } });
    expect(rows.every((d) => d.status === "Sent" && d.responseStatus === 204)).toBe(true);
    await updateWebhook(t.ctx(), { id: hook.id, enabled: false }, secret);
  }, 60_000);

  it("sends a burst of 4,000 deliveries over four webhooks, each exactly once (throughput: pnpm bench events)", async () => {
    let count = 0;
    const r = receiver(() => (count += 1));
    const port = await r.start();
    await t.db().webhook.updateMany({ data: { enabled: false } });
    const hooks = await Promise.all(
      [0, 1, 2, 3].map(() =>
        createWebhook(
          t.ctx(),
          {
            name: unique("bulk"),
            events: ["User.Created"],
            config: { url: `http://127.0.0.1:${port}/bulk` },
          },
          secret,
        ),
      ),
    );
    const perHook = 1000;
    await t.db().domainEvent.createMany({
      data: Array.from({ length: perHook }, (_, i) => ({
        event: "User.Created",
        userId: `bulk-user-${i}`,
        data: { id: `bulk-user-${i}` },
      })),
    });
    while ((await sequenceEvents(t.db(), 5000)).sequenced > 0);
    const total = perHook * hooks.length;
    expect(
      await t.db().webhookDelivery.count({ where: { webhookId: { in: hooks.map((h) => h.id) } } }),
    ).toBe(total);

    const worker = startWebhookWorker({
      db: t.db(),
      instanceSecret: TEST_INSTANCE_SECRET,
      allowedHosts: ["127.0.0.1"],
      intervalMs: 50,
    });
    workers.push(worker);
    await until(() => count >= total, 40_000);
    await worker.stop();
    await r.stop();
    expect(count).toBe(total);
    expect(
      await t.db().webhookDelivery.count({
        where: { webhookId: { in: hooks.map((h) => h.id) }, status: "Sent" },
      }),
    ).toBe(total);
  }, 90_000);
});
