// Webhooks: CRUD and who may do it, the delivery rules (order per webhook, retries with a
// frozen clock, head-of-line), and the private-address filter.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sequenceEvents } from "../events/index.ts";
import { addMembers } from "../members/index.ts";
import { fixtures } from "../members/test-fixtures.ts";
import { expectDomainError, TEST_INSTANCE_SECRET, unique, useTestDatabase } from "../test-utils.ts";
import {
  createWebhook,
  createWebhookSender,
  deleteWebhook,
  deliverPendingWebhooks,
  getWebhook,
  getWebhookRecentLogs,
  listWebhookDeliveries,
  listWebhooks,
  redeliverWebhookDelivery,
  rotateWebhookSigningKey,
  sendTestWebhook,
  updateWebhook,
} from "./index.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const secret = { instanceSecret: TEST_INSTANCE_SECRET };
const admin = () => t.ctx();
const collaborator = () =>
  t.ctx({ actor: { type: "console", userId: "collab", role: "collaborator" } });

/** A receiver that answers with `status()` and records every request. */
function receiver() {
  const requests: { headers: IncomingMessage["headers"]; body: string }[] = [];
  let status = 200;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(status === 200 ? "ok" : "nope");
    });
  });
  return {
    requests,
    setStatus: (s: number) => (status = s),
    start: () =>
      new Promise<string>((resolve) =>
        server.listen(0, "127.0.0.1", () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`),
        ),
      ),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const sender = createWebhookSender({ allowedHosts: ["127.0.0.1"] });
afterAll(() => sender.close());

/** A clock the test moves: starts now (deliveries are due from the database's now()). */
function frozenClock() {
  let at = Date.now() + 1000;
  return { now: () => new Date(at), advance: (ms: number) => (at += ms) };
}

async function membershipEvents(count: number) {
  const org = await f.organization();
  for (let i = 0; i < count; i += 1) {
    const user = await f.user();
    await addMembers(admin(), { organizationId: org.id, userIds: [user.id] });
  }
  await sequenceEvents(t.db());
  return org;
}

describe("webhook services", () => {
  it("create, get, list, update, rotate and delete, with the signing key shown to admins", async () => {
    const created = await createWebhook(
      admin(),
      {
        name: "CRM sync",
        events: ["Organization.Created", "Organization.Created", "User.Created"],
        config: { url: "https://example.com/hooks", headers: { "x-api-key": "abc" } },
      },
      secret,
    );
    expect(created).toMatchObject({
      name: "CRM sync",
      events: ["Organization.Created", "User.Created"],
      config: { url: "https://example.com/hooks", headers: { "x-api-key": "abc" } },
      enabled: true,
    });
    expect(created.signingKey).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const row = await t.db().webhook.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.signingSecretEncrypted).not.toContain(created.signingKey.slice(6));

    expect((await getWebhook(admin(), { id: created.id }, secret)).signingKey).toBe(
      created.signingKey,
    );
    const list = await listWebhooks(admin(), { includeExecutionStats: true }, secret);
    expect(list.items.find((w) => w.id === created.id)?.executionStats).toEqual({
      successCount: 0,
      requestCount: 0,
    });

    const updated = await updateWebhook(
      admin(),
      { id: created.id, enabled: false, config: { url: "http://hooks.example.com/x" } },
      secret,
    );
    expect(updated).toMatchObject({ enabled: false, config: { headers: {} } });

    const rotated = await rotateWebhookSigningKey(admin(), { id: created.id }, secret);
    expect(rotated.signingKey).not.toBe(created.signingKey);

    const audits = await t.db().auditLog.findMany({ where: { targetId: created.id } });
    expect(audits.map((a) => a.action).sort()).toEqual([
      "webhook.created",
      "webhook.signing_key_rotated",
      "webhook.updated",
    ]);
    const auditText = JSON.stringify(audits);
    expect(auditText).not.toContain(created.signingKey);
    expect(auditText).not.toContain(rotated.signingKey);
    expect(auditText).not.toContain("abc");

    await deleteWebhook(admin(), { id: created.id });
    await expectDomainError(getWebhook(admin(), { id: created.id }, secret), "webhook.not_found");
    await expectDomainError(deleteWebhook(admin(), { id: created.id }), "webhook.not_found");
  });

  it("refuses collaborators and end users everything, and bad input with 400s", async () => {
    const hook = await createWebhook(
      admin(),
      { name: "x", events: ["User.Created"], config: { url: "https://example.com" } },
      secret,
    );
    for (const ctx of [collaborator(), t.ctx({ actor: { type: "user", userId: "u" } })]) {
      await expectDomainError(listWebhooks(ctx, {}, secret), "auth.forbidden");
      await expectDomainError(getWebhook(ctx, { id: hook.id }, secret), "auth.forbidden");
      await expectDomainError(
        rotateWebhookSigningKey(ctx, { id: hook.id }, secret),
        "auth.forbidden",
      );
      await expectDomainError(listWebhookDeliveries(ctx, { webhookId: hook.id }), "auth.forbidden");
    }
    const management = t.ctx({ actor: { type: "management_api", clientId: "m2m" } });
    expect((await getWebhook(management, { id: hook.id }, secret)).id).toBe(hook.id);

    const bad = [
      { name: "", events: ["User.Created"], config: { url: "https://e.com" } },
      { name: "x", events: [], config: { url: "https://e.com" } },
      { name: "x", events: ["Nope"], config: { url: "https://e.com" } },
      { name: "x", events: ["User.Created"], config: { url: "ftp://e.com" } },
      { name: "x", events: ["User.Created"], config: { url: "https://u:p@e.com" } },
      { name: "x", events: ["User.Created"], config: { url: `https://e.com/${"a".repeat(2100)}` } },
      {
        name: "x",
        events: ["User.Created"],
        config: { url: "https://e.com", headers: { "webhook-signature": "v1,forged" } },
      },
      {
        name: "x",
        events: ["User.Created"],
        config: { url: "https://e.com", headers: { "bad header": "v" } },
      },
      {
        name: "x",
        events: ["User.Created"],
        config: { url: "https://e.com", headers: { "x-a": "line\r\nInjected: 1" } },
      },
      {
        name: "x",
        events: ["User.Created"],
        config: {
          url: "https://e.com",
          headers: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`x-h${i}`, "v"])),
        },
      },
    ];
    for (const input of bad)
      await expectDomainError(
        createWebhook(admin(), input as never, secret),
        "guard.invalid_input",
      );
  });
});

describe("webhook delivery", () => {
  const r = receiver();
  let url = "";
  beforeAll(async () => {
    url = await r.start();
  });
  afterAll(() => r.stop());

  it("sends each webhook's events in order, retries with backoff, then fails; head-of-line holds", async () => {
    // Only this test's webhook sees these events.
    await t.db().webhook.updateMany({ data: { enabled: false } });
    const hook = await createWebhook(
      admin(),
      { name: unique("ordered"), events: ["Organization.Membership.Updated"], config: { url } },
      secret,
    );
    const backoffMs = [1000, 2000];
    const run = () =>
      deliverPendingWebhooks({
        db: t.db(),
        instanceSecret: TEST_INSTANCE_SECRET,
        sender,
        now: clock.now,
        backoffMs,
        random: () => 0.5,
        perWebhookBatch: 2,
      });

    r.setStatus(500);
    await membershipEvents(3);
    // After the deliveries exist: they are due from the database's clock.
    const clock = frozenClock();
    const first = await run();
    // The head failed: the second, claimed with it, was released, not attempted.
    expect(first).toMatchObject({ claimed: 2, retrying: 1, released: 1, sent: 0 });
    expect(await run()).toMatchObject({ claimed: 0 });
    clock.advance(999);
    expect(await run()).toMatchObject({ claimed: 0 });
    clock.advance(1);
    expect(await run()).toMatchObject({ claimed: 2, retrying: 1, released: 1 });
    clock.advance(2000);
    // Third (last) attempt succeeds; the next delivery is sent in the same batch.
    r.setStatus(200);
    const third = await run();
    expect(third).toMatchObject({ failed: 0, sent: 2 });
    expect(await run()).toMatchObject({ sent: 1 });

    const deliveries = await listWebhookDeliveries(admin(), { webhookId: hook.id });
    expect(deliveries.items.map((d) => d.status)).toEqual(["Sent", "Sent", "Sent"]);
    const [head] = deliveries.items.slice(-1);
    expect(head).toMatchObject({ attempts: 3, responseStatus: 200, responseBody: "ok" });

    const ids = r.requests.map((req) => req.headers["webhook-id"]);
    const distinct = [...new Set(ids)];
    expect(distinct).toEqual([...deliveries.items].reverse().map((d) => d.messageId));
    expect(ids.filter((id) => id === distinct[0])).toHaveLength(3);
    await updateWebhook(admin(), { id: hook.id, enabled: false }, secret);
  });

  it("marks a delivery Failed after the last attempt, and redelivers it with the same webhook-id", async () => {
    await t.db().webhook.updateMany({ data: { enabled: false } });
    const hook = await createWebhook(
      admin(),
      { name: unique("failing"), events: ["Organization.Membership.Updated"], config: { url } },
      secret,
    );
    let clock = frozenClock();
    const run = () =>
      deliverPendingWebhooks({
        db: t.db(),
        instanceSecret: TEST_INSTANCE_SECRET,
        sender,
        now: clock.now,
        backoffMs: [10],
        random: () => 0.5,
      });
    r.setStatus(503);
    await membershipEvents(1);
    clock = frozenClock();
    expect(await run()).toMatchObject({ retrying: 1 });
    clock.advance(10);
    expect(await run()).toMatchObject({ failed: 1 });
    const [failed] = (
      await listWebhookDeliveries(admin(), { webhookId: hook.id, status: "Failed" })
    ).items;
    expect(failed).toMatchObject({ attempts: 2, responseStatus: 503, responseBody: "nope" });
    expect(failed?.lastError).toContain("503");
    const logs = await getWebhookRecentLogs(admin(), { webhookId: hook.id });
    expect(logs.total).toBe(1);

    r.setStatus(200);
    const before = r.requests.length;
    const again = await redeliverWebhookDelivery(t.ctx({ now: clock.now }), {
      webhookId: hook.id,
      deliveryId: failed?.id ?? "",
    });
    expect(again).toMatchObject({ status: "Pending", attempts: 0 });
    await expectDomainError(
      redeliverWebhookDelivery(admin(), { webhookId: hook.id, deliveryId: failed?.id ?? "" }),
      "webhook_delivery.in_progress",
    );
    expect(await run()).toMatchObject({ sent: 1 });
    expect(r.requests[before]?.headers["webhook-id"]).toBe(failed?.messageId);
    await updateWebhook(admin(), { id: hook.id, enabled: false }, secret);
  });

  it("refuses loopback, private and metadata addresses unless the host is allowed", async () => {
    const hook = await createWebhook(
      admin(),
      { name: unique("ssrf"), events: ["User.Created"], config: { url } },
      secret,
    );
    const port = new URL(url).port;
    const filtered = createWebhookSender({ timeoutMs: 2000 });
    try {
      for (const target of [
        `http://localhost:${port}/hook`,
        `http://127.0.0.1:${port}/hook`,
        `http://[::1]:${port}/hook`,
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.1/",
      ]) {
        const [result] = await sendTestWebhook(
          admin(),
          { id: hook.id, events: ["User.Created"], config: { url: target } },
          { ...secret, sender: filtered },
        );
        expect(result, target).toMatchObject({ ok: false, responseStatus: null });
        expect(result?.error, target).toMatch(/^Refused: .*WEBHOOK_ALLOWED_HOSTS/);
      }
    } finally {
      filtered.close();
    }
    const [allowed] = await sendTestWebhook(
      admin(),
      { id: hook.id, events: ["User.Created"], config: { url: `http://localhost:${port}/hook` } },
      { ...secret, allowedHosts: [`localhost:${port}`] },
    );
    expect(allowed).toMatchObject({ ok: true, responseStatus: 200 });
    const [otherPort] = await sendTestWebhook(
      admin(),
      { id: hook.id, events: ["User.Created"], config: { url: `http://localhost:${port}/hook` } },
      { ...secret, allowedHosts: ["localhost:1"] },
    );
    expect(otherPort?.error).toMatch(/^Refused/);
  });

  it("records a refused delivery as Failed at once, with a clear error", async () => {
    await t.db().webhook.updateMany({ data: { enabled: false } });
    const hook = await createWebhook(
      admin(),
      {
        name: unique("refused"),
        events: ["Organization.Membership.Updated"],
        config: { url: "http://169.254.169.254/hook" },
      },
      secret,
    );
    await membershipEvents(1);
    const filtered = createWebhookSender();
    try {
      const report = await deliverPendingWebhooks({
        db: t.db(),
        instanceSecret: TEST_INSTANCE_SECRET,
        sender: filtered,
      });
      expect(report).toMatchObject({ failed: 1 });
    } finally {
      filtered.close();
    }
    const [delivery] = (await listWebhookDeliveries(admin(), { webhookId: hook.id })).items;
    expect(delivery).toMatchObject({ status: "Failed", attempts: 1 });
    expect(delivery?.lastError).toMatch(/^Refused: 169\.254\.169\.254/);
    await updateWebhook(admin(), { id: hook.id, enabled: false }, secret);
  });
});
