import {
  createApplication,
  deleteApplication,
  systemContext,
  updateApplication,
} from "@guildhall/core";
import { createTestDatabase, inTimeZone, type TestDatabase } from "@guildhall/db/testing";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { createAdapterClass } from "./adapter.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("client metadata in the adapter", () => {
  it("reuses a known client for the cache window only, and never caches a miss", async () => {
    const Adapter = createAdapterClass(t.db, { clientCacheMs: 1_000 });
    const clients = new Adapter("Client");
    const ctx = systemContext(t.db);
    const { application } = await createApplication(ctx, {
      name: "Cached SPA",
      type: "SPA",
      redirectUris: ["http://127.0.0.1:9/a"],
    });

    expect(await clients.find(application.id)).toMatchObject({
      client_id: application.id,
      redirect_uris: ["http://127.0.0.1:9/a"],
    });
    await updateApplication(ctx, { id: application.id, redirectUris: ["http://127.0.0.1:9/b"] });
    // Within the window the process answers from memory...
    expect(await clients.find(application.id)).toMatchObject({
      redirect_uris: ["http://127.0.0.1:9/a"],
    });
    await sleep(1_100);
    // ...after it, from the database.
    expect(await clients.find(application.id)).toMatchObject({
      redirect_uris: ["http://127.0.0.1:9/b"],
    });

    await deleteApplication(ctx, { id: application.id });
    await sleep(1_100);
    expect(await clients.find(application.id)).toBeUndefined();

    // A miss is not remembered: an application created right after is found at once.
    expect(await clients.find("not-yet")).toBeUndefined();
    const created = await createApplication(ctx, {
      name: "Brand new",
      type: "SPA",
      redirectUris: ["http://127.0.0.1:9/c"],
    });
    expect(await clients.find(created.application.id)).toMatchObject({
      client_id: created.application.id,
    });
  });
});

describe("preloaded rows", () => {
  it("answer the next find of that model and id once, then the database answers", async () => {
    const Adapter = createAdapterClass(t.db);
    const grants = new Adapter("Grant");
    await grants.upsert("g1", { kind: "Grant", jti: "g1", accountId: "stored" }, 60);
    const release = Adapter.preload("Grant", "g1", {
      kind: "Grant",
      jti: "g1",
      accountId: "preloaded",
    });
    expect(await grants.find("g1")).toMatchObject({ accountId: "preloaded" });
    expect(await grants.find("g1")).toMatchObject({ accountId: "stored" });
    release(); // harmless after use

    // Another model with the same id is not affected, and a released preload is gone.
    const releaseSession = Adapter.preload("Session", "g1", {
      kind: "Session",
      jti: "g1",
      accountId: "preloaded",
    });
    releaseSession();
    expect(await new Adapter("Session").find("g1")).toBeUndefined();
    expect(await grants.find("g1")).toMatchObject({ accountId: "stored" });
  });
});

describe("stored expiry", () => {
  it("is read as UTC on a server whose local time is not UTC: an expired row is not found", async () => {
    onTestFinished(inTimeZone("America/New_York"));
    const Adapter = createAdapterClass(t.db);
    const sessions = new Adapter("Session");
    await sessions.upsert("tz-1", { kind: "Session", jti: "tz-1", accountId: "u" }, 3600);
    expect(await sessions.find("tz-1")).toMatchObject({ accountId: "u" });
    // Expired an hour ago (read as local time, it would look valid for hours more).
    await t.db.oidcModel.update({
      where: { model_id: { model: "Session", id: "tz-1" } },
      data: { expiresAt: new Date(Date.now() - 3_600_000) },
    });
    expect(await sessions.find("tz-1")).toBeUndefined();
  });
});
