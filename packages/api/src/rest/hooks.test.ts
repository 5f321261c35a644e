import type { RestHook, RestHookDelivery, RestHookLog } from "@guildhall/validators/rest";
import { describe, expect, it } from "vitest";
import { unique, useManagementApi } from "./test/harness.ts";

const h = useManagementApi();
const body = (over: Record<string, unknown> = {}) => ({
  name: unique("CRM"),
  events: ["Organization.Created"],
  config: { url: "https://hooks.example.com/guildhall", headers: { "x-api-key": "k" } },
  ...over,
});

describe("/api/hooks", () => {
  it("creates (201), gets, lists with execution stats, patches, rotates the key and deletes", async () => {
    const created = await h.ok<RestHook>("POST", "/api/hooks", 201, body());
    expect(created).toMatchObject({
      events: ["Organization.Created"],
      config: { url: "https://hooks.example.com/guildhall", headers: { "x-api-key": "k" } },
      enabled: true,
    });
    expect(typeof created.createdAt).toBe("number");
    expect(created.signingKey).toMatch(/^whsec_/);

    const got = await h.ok<RestHook>("GET", `/api/hooks/${created.id}`, 200);
    expect(got.signingKey).toBe(created.signingKey);

    const listed = await h.ok<RestHook[]>("GET", "/api/hooks?includeExecutionStats=true", 200);
    expect(listed.find((hook) => hook.id === created.id)?.executionStats).toEqual({
      successCount: 0,
      requestCount: 0,
    });
    const plain = await h.ok<RestHook[]>("GET", "/api/hooks", 200);
    expect(plain.find((hook) => hook.id === created.id)).not.toHaveProperty("executionStats");

    const patched = await h.ok<RestHook>("PATCH", `/api/hooks/${created.id}`, 200, {
      enabled: false,
      events: ["User.Created", "User.Deleted"],
    });
    expect(patched).toMatchObject({ enabled: false, events: ["User.Created", "User.Deleted"] });

    const rotated = await h.ok<RestHook>("PATCH", `/api/hooks/${created.id}/signing-key`, 200);
    expect(rotated.signingKey).not.toBe(created.signingKey);

    const logs = await h.ok<RestHookLog[]>("GET", `/api/hooks/${created.id}/recent-logs`, 200);
    expect(logs).toEqual([]);

    expect((await h.call("DELETE", `/api/hooks/${created.id}`)).status).toBe(204);
    const missing = await h.call("GET", `/api/hooks/${created.id}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: "entity.not_exists_with_id" });
  });

  it("refuses bad input with 400 guard.invalid_input", async () => {
    for (const bad of [
      body({ events: [] }),
      body({ events: ["Not.An.Event"] }),
      body({ config: { url: "javascript:alert(1)" } }),
      body({ config: { url: "https://user:pass@hooks.example.com" } }),
      body({ config: { url: "https://hooks.example.com", headers: { "Content-Type": "x" } } }),
      body({ config: { url: "https://hooks.example.com", headers: { "a b": "x" } } }),
      body({ name: "" }),
    ]) {
      const response = await h.call("POST", "/api/hooks", { body: bad });
      expect(response.status, JSON.stringify(bad)).toBe(400);
      expect(response.body).toMatchObject({ code: "guard.invalid_input" });
    }
  });

  it("answers a test to a refused address with 422 and the results", async () => {
    const created = await h.ok<RestHook>("POST", "/api/hooks", 201, body());
    const response = await h.call("POST", `/api/hooks/${created.id}/test`, {
      body: { events: ["Organization.Created"], config: { url: "http://169.254.169.254/x" } },
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: "hook.send_test_payload_failed",
      data: { results: [{ event: "Organization.Created", ok: false }] },
    });
  });

  it("redelivers a finished delivery, as recent logs show it, and refuses an unfinished one with 409", async () => {
    const created = await h.ok<RestHook>("POST", "/api/hooks", 201, body());
    const event = await h.db.domainEvent.create({
      data: { event: "Organization.Created", data: {} },
    });
    const delivery = await h.db.webhookDelivery.create({
      data: {
        webhookId: created.id,
        eventId: event.id,
        eventSeq: event.id,
        event: "Organization.Created",
        status: "Failed",
        attempts: 8,
        responseStatus: 500,
        responseBody: "boom",
        lastError: "The endpoint answered 500",
      },
    });
    const [log] = await h.ok<RestHookLog[]>("GET", `/api/hooks/${created.id}/recent-logs`, 200);
    expect(log).toMatchObject({
      id: delivery.id,
      key: "TriggerHook.Organization.Created",
      result: "Error",
      payload: { hookId: created.id, attempts: 8, response: { status: 500, body: "boom" } },
    });

    const path = `/api/hooks/${created.id}/deliveries/${delivery.id}/redeliver`;
    const again = await h.ok<RestHookDelivery>("POST", path, 200);
    expect(again).toMatchObject({
      status: "Pending",
      attempts: 0,
      messageId: `evt_${String(event.id)}`,
    });
    const conflict = await h.call("POST", path);
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ code: "hook.delivery_in_progress" });
    expect(
      (await h.call("POST", `/api/hooks/${created.id}/deliveries/nope/redeliver`)).status,
    ).toBe(404);
  });
});
