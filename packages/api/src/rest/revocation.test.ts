import {
  createApplication,
  createManagementApiAccessCheck,
  deleteApplication,
  ensureManagementApi,
  setManagementApiAccess,
  systemContext,
} from "@guildhall/core";
import { beforeAll, describe, expect, it } from "vitest";
import { unique, useManagementApi } from "./test/harness.ts";

// The real per-request check: a token is only as good as its application's current access.
const h = useManagementApi({ isClientAllowed: (db) => createManagementApiAccessCheck(db) });

let roleId: string;
/** The token of an automation that keeps its access, to make changes over REST. */
let adminToken: string;

async function holder(): Promise<{ id: string; token: string }> {
  const ctx = systemContext(h.db);
  const { application } = await createApplication(ctx, {
    name: unique("Automation"),
    type: "MachineToMachine",
  });
  await setManagementApiAccess(ctx, { applicationId: application.id, enabled: true });
  return { id: application.id, token: await h.token({ clientId: application.id }) };
}

async function statusOf(token: string) {
  const response = await h.call("GET", "/api/organizations", { token });
  if (response.status === 401) {
    expect(response.body).toMatchObject({
      code: "auth.unauthorized",
      data: { reason: "client_revoked" },
    });
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
  }
  return response.status;
}

beforeAll(async () => {
  ({ roleId } = await ensureManagementApi(h.db, { baseUrl: h.baseUrl }));
  adminToken = (await holder()).token;
});

describe("Management API tokens after a revocation", () => {
  it("work while the application holds the role; a made-up or role-less client's token does not", async () => {
    const { token } = await holder();
    expect(await statusOf(token)).toBe(200);
    expect(await statusOf(await h.token({ clientId: "never-existed" }))).toBe(401);
    const { application } = await createApplication(systemContext(h.db), {
      name: unique("Plain"),
      type: "MachineToMachine",
    });
    expect(await statusOf(await h.token({ clientId: application.id }))).toBe(401);
  });

  it("stop at the next request once the role is taken over REST, and work again once it is given back", async () => {
    const victim = await holder();
    expect(await statusOf(victim.token)).toBe(200);
    const removed = await h.call("DELETE", `/api/roles/${roleId}/applications/${victim.id}`, {
      token: adminToken,
    });
    expect(removed.status).toBe(204);
    expect(await statusOf(victim.token)).toBe(401);
    const given = await h.call("POST", `/api/roles/${roleId}/applications`, {
      token: adminToken,
      body: { applicationIds: [victim.id] },
    });
    expect(given.status).toBe(201);
    expect(await statusOf(victim.token)).toBe(200);
  });

  it("stop at the next request once the console switch turns access off", async () => {
    const victim = await holder();
    expect(await statusOf(victim.token)).toBe(200);
    await setManagementApiAccess(systemContext(h.db), { applicationId: victim.id, enabled: false });
    expect(await statusOf(victim.token)).toBe(401);
  });

  it("stop at the next request once the application is deleted (over REST or in the console)", async () => {
    const [overRest, inConsole] = [await holder(), await holder()];
    expect(await statusOf(overRest.token)).toBe(200);
    expect(await statusOf(inConsole.token)).toBe(200);
    expect(
      (await h.call("DELETE", `/api/applications/${overRest.id}`, { token: adminToken })).status,
    ).toBe(204);
    await deleteApplication(systemContext(h.db), { id: inConsole.id });
    expect(await statusOf(overRest.token)).toBe(401);
    expect(await statusOf(inConsole.token)).toBe(401);
  });

  it("stop within the cache bound when another process revokes (no notification here)", async () => {
    const victim = await holder();
    expect(await statusOf(victim.token)).toBe(200);
    await h.db.applicationRole.deleteMany({ where: { applicationId: victim.id } });
    const deadline = Date.now() + 5_000 + 1_000;
    let status = await statusOf(victim.token);
    while (status === 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = await statusOf(victim.token);
    }
    expect(status).toBe(401);
  }, 15_000);
});
