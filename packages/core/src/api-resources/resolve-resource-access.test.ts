import { describe, expect, it } from "vitest";
import { createApplication } from "../applications/applications.ts";
import {
  ensureManagementApi,
  setManagementApiAccess,
} from "../applications/management-api-access.ts";
import { expectDomainError, unique, useTestDatabase } from "../test-utils.ts";
import { createApiResource } from "./create-api-resource.ts";
import { resolveResourceAccess, type ResourceAccessRequest } from "./resolve-resource-access.ts";

const t = useTestDatabase();
const baseUrl = "https://id.example.com";
const managementApi = `${baseUrl}/api`;

const resolve = (indicator: string, request: ResourceAccessRequest) =>
  resolveResourceAccess(t.db(), { indicator, baseUrl, request });
const asApplication = (applicationId: string): ResourceAccessRequest => ({
  stage: "token",
  subject: { type: "application", applicationId },
});
const asUser = (userId: string | undefined): ResourceAccessRequest => ({
  stage: "token",
  subject: { type: "user", userId },
});

async function machineApp() {
  const { application } = await createApplication(t.ctx(), {
    name: unique("Automation"),
    type: "MachineToMachine",
  });
  return application.id;
}

/** An API with scopes read and write; a global role holding only `read`, given to an app and a user. */
async function api() {
  const db = t.db();
  const resource = await createApiResource(t.ctx(), {
    name: unique("API"),
    indicator: `https://${unique("api")}.example.com`,
    accessTokenTtl: 900,
  });
  const [read] = await Promise.all(
    ["read", "write"].map((name) =>
      db.apiScope.create({ data: { resourceId: resource.id, name } }),
    ),
  );
  const userRole = await db.role.create({ data: { name: unique("readers"), type: "User" } });
  const appRole = await db.role.create({
    data: { name: unique("robots"), type: "MachineToMachine" },
  });
  await db.roleScope.createMany({
    data: [userRole, appRole].map((r) => ({ roleId: r.id, scopeId: read?.id ?? "" })),
  });
  const user = await db.user.create({ data: { email: `${unique("reader")}@example.com` } });
  await db.userRole.create({ data: { userId: user.id, roleId: userRole.id } });
  const applicationId = await machineApp();
  await db.applicationRole.create({ data: { applicationId, roleId: appRole.id } });
  return { indicator: resource.indicator, userId: user.id, applicationId };
}

describe("resolveResourceAccess", () => {
  it("refuses an unknown API", async () => {
    const error = await expectDomainError(
      resolve("https://nowhere.example.com", { stage: "authorization", clientId: "app" }),
      "api_resource.not_found",
    );
    expect(error.message).toBe("Unknown resource https://nowhere.example.com.");
  });

  it("offers everything while a user signs in, then what the subject's roles hold at issuance", async () => {
    const { indicator, userId, applicationId } = await api();
    expect(await resolve(indicator, { stage: "authorization", clientId: applicationId })).toEqual({
      scopes: expect.arrayContaining(["read", "write"]) as unknown,
      accessTokenTtl: 900,
    });
    expect(await resolve(indicator, asApplication(applicationId))).toEqual({
      scopes: ["read"],
      accessTokenTtl: 900,
    });
    expect(await resolve(indicator, asUser(userId))).toEqual({
      scopes: ["read"],
      accessTokenTtl: 900,
    });
    expect(await resolve(indicator, asApplication(await machineApp()))).toEqual({
      scopes: [],
      accessTokenTtl: 900,
    });
    expect(await resolve(indicator, asUser(undefined))).toEqual({
      scopes: [],
      accessTokenTtl: 900,
    });
  });

  it("gives the Management API only to a machine-to-machine app's own token while it holds the role", async () => {
    await ensureManagementApi(t.db(), { baseUrl });
    const applicationId = await machineApp();
    const denied = "This application is not allowed to call the Management API.";
    expect(
      (
        await expectDomainError(
          resolve(managementApi, asApplication(applicationId)),
          "auth.forbidden",
        )
      ).message,
    ).toBe(denied);

    await setManagementApiAccess(t.ctx(), { applicationId, enabled: true });
    expect(await resolve(managementApi, asApplication(applicationId))).toEqual({
      scopes: ["all"],
      accessTokenTtl: 600,
    });
    // Never through a user: not while signing in, not in a user's token.
    await expectDomainError(
      resolve(managementApi, { stage: "authorization", clientId: applicationId }),
      "auth.forbidden",
    );
    const admin = await t.db().user.create({ data: { email: `${unique("admin")}@example.com` } });
    await expectDomainError(resolve(managementApi, asUser(admin.id)), "auth.forbidden");

    await setManagementApiAccess(t.ctx(), { applicationId, enabled: false });
    await expectDomainError(resolve(managementApi, asApplication(applicationId)), "auth.forbidden");
  });
});
