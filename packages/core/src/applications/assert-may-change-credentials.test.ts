import { describe, expect, it } from "vitest";
import type { ServiceContext } from "../context.ts";
import { assignRoleApplications, removeRoleApplication } from "../roles/index.ts";
import { expectDomainError, unique, useTestDatabase } from "../test-utils.ts";
import {
  createApplication,
  createApplicationSecret,
  deleteApplication,
  deleteApplicationSecret,
  updateApplication,
} from "./applications.ts";
import { ensureManagementApi, setManagementApiAccess } from "./management-api-access.ts";

const t = useTestDatabase();
const collaborator = (): ServiceContext =>
  t.ctx({ actor: { type: "console", userId: "collab", role: "collaborator" } });
const managementApi = (): ServiceContext =>
  t.ctx({ actor: { type: "management_api", clientId: "automation" } });

/** A machine-to-machine app with one secret; with `managementApi`, holding the Management API role. */
async function m2mApp({ managementApi = false } = {}) {
  await ensureManagementApi(t.db(), { baseUrl: "https://id.example.com" });
  const { application, secret } = await createApplication(t.ctx(), {
    name: unique("m2m"),
    type: "MachineToMachine",
  });
  if (managementApi)
    await setManagementApiAccess(t.ctx(), { applicationId: application.id, enabled: true });
  return { id: application.id, secretId: secret?.id ?? "" };
}

const secretCount = (applicationId: string) =>
  t.db().applicationSecret.count({ where: { applicationId } });
const exists = async (id: string) => (await t.db().application.count({ where: { id } })) === 1;

describe("credentials of an application with Management API access", () => {
  it("are out of a collaborator's reach: no new secret, no deleted secret, no token settings, no deletion", async () => {
    const app = await m2mApp({ managementApi: true });
    const as = collaborator();
    await expectDomainError(
      createApplicationSecret(as, { applicationId: app.id, name: "Mine" }),
      "auth.forbidden",
    );
    await expectDomainError(
      deleteApplicationSecret(as, { applicationId: app.id, secretId: app.secretId }),
      "auth.forbidden",
    );
    await expectDomainError(
      updateApplication(as, { id: app.id, accessTokenTtl: 86_400 }),
      "auth.forbidden",
    );
    await expectDomainError(deleteApplication(as, { id: app.id }), "auth.forbidden");
    expect(await secretCount(app.id)).toBe(1);
    expect(await exists(app.id)).toBe(true);
    expect(await t.db().auditLog.count({ where: { targetId: app.id, actorId: "collab" } })).toBe(0);
    // Labels are harmless.
    await expect(
      updateApplication(as, { id: app.id, name: "Automation", description: "CI" }),
    ).resolves.toMatchObject({
      name: "Automation",
    });
  });

  it("stay with a collaborator for every other application", async () => {
    const app = await m2mApp();
    const as = collaborator();
    const secret = await createApplicationSecret(as, { applicationId: app.id, name: "Rotated" });
    expect(secret.value).toMatch(/^ghs_/);
    await deleteApplicationSecret(as, { applicationId: app.id, secretId: app.secretId });
    await updateApplication(as, { id: app.id, accessTokenTtl: 600 });
    await deleteApplication(as, { id: app.id });
    expect(await exists(app.id)).toBe(false);
  });

  it("are managed by console admins and Management API callers", async () => {
    for (const as of [t.ctx(), managementApi()]) {
      const app = await m2mApp({ managementApi: true });
      const secret = await createApplicationSecret(as, { applicationId: app.id, name: "Rotated" });
      await deleteApplicationSecret(as, { applicationId: app.id, secretId: secret.id });
      await updateApplication(as, { id: app.id, accessTokenTtl: 900 });
      await deleteApplication(as, { id: app.id });
      expect(await exists(app.id)).toBe(false);
    }
  });

  it("follow what a role grants, not its name", async () => {
    // No service lets another role hold the Management API's permission; should one ever
    // (a migration, a direct write), the rule still holds.
    const { roleId: builtIn } = await ensureManagementApi(t.db(), {
      baseUrl: "https://id.example.com",
    });
    const scopes = await t
      .db()
      .roleScope.findMany({ where: { roleId: builtIn }, select: { scopeId: true } });
    const lookAlike = await t.db().role.create({
      data: {
        name: unique("ops"),
        type: "MachineToMachine",
        scopes: { create: scopes.map((s) => ({ scopeId: s.scopeId })) },
      },
    });
    const app = await m2mApp();
    await expectDomainError(
      assignRoleApplications(collaborator(), { roleId: lookAlike.id, applicationIds: [app.id] }),
      "auth.forbidden",
    );
    await assignRoleApplications(t.ctx(), { roleId: lookAlike.id, applicationIds: [app.id] });
    await expectDomainError(
      createApplicationSecret(collaborator(), { applicationId: app.id }),
      "auth.forbidden",
    );
    await expectDomainError(
      removeRoleApplication(collaborator(), { roleId: lookAlike.id, applicationId: app.id }),
      "auth.forbidden",
    );
  });
});
