import { describe, expect, it } from "vitest";
import { createApplicationSecret, deleteApplicationSecret } from "../applications/applications.ts";
import {
  MANAGEMENT_API_ROLE,
  setManagementApiAccess,
} from "../applications/management-api-access.ts";
import { verifyApplicationSecret } from "../applications/secrets.ts";
import { getSetupStatus } from "../auth/setup.ts";
import { verifyCredentials } from "../auth/verify-credentials.ts";
import { expectDomainError, useTestDatabase } from "../test-utils.ts";
import { applyBootstrap, type BootstrapOptions } from "./apply-bootstrap.ts";

const t = useTestDatabase();
const baseUrl = "https://id.example.com";
const secret = "s3cr3t-for-ci-0123456789-abcdefghijklmnop";
const options: BootstrapOptions = {
  baseUrl,
  admin: { email: "Ops@Example.com", password: "a-strong-password" },
  machineToMachine: { clientId: "ci-bootstrap", clientSecret: secret },
};

async function holdsManagementApi(applicationId: string) {
  const row = await t.db().applicationRole.findFirst({
    where: { applicationId, role: { name: MANAGEMENT_API_ROLE } },
  });
  return row !== null;
}

// Tests in this file run in order, starting from an instance without a console admin.
describe("applyBootstrap", () => {
  it("refuses bad values before writing anything", async () => {
    const bad: [BootstrapOptions, string][] = [
      [{ baseUrl, machineToMachine: { clientId: "ci", clientSecret: secret } }, "clientId"],
      [{ baseUrl, machineToMachine: { clientId: "ci:x", clientSecret: secret } }, "clientId"],
      [{ baseUrl, machineToMachine: { clientId: "ci-job", clientSecret: "too-short" } }, "32"],
      [
        { baseUrl, machineToMachine: { clientId: "ci-job", clientSecret: "ab".repeat(20) } },
        "different characters",
      ],
      [
        { baseUrl, machineToMachine: { clientId: "ci-job", clientSecret: `${secret}+/=` } },
        "letters, digits",
      ],
      [{ ...options, admin: { email: "ops@example.com", password: "short" } }, "password"],
      [{ ...options, admin: { email: "not-an-email", password: "long-enough" } }, "email"],
    ];
    for (const [input, fragment] of bad) {
      const error = await expectDomainError(applyBootstrap(t.db(), input), "guard.invalid_input");
      expect(error.message).toContain(fragment);
    }
    expect(await getSetupStatus(t.db())).toEqual({ needsSetup: true });
    expect(await t.db().application.count()).toBe(0);
  });

  it("creates the admin and the application once when processes start together", async () => {
    const results = await Promise.all([0, 1, 2].map(() => applyBootstrap(t.db(), options)));
    const admins = results.map((r) => r.admin);
    expect(admins.filter((a) => a?.status === "created")).toEqual([
      { status: "created", email: "ops@example.com" },
    ]);
    expect(admins.filter((a) => a?.status === "skipped")).toHaveLength(2);
    const apps = results.map((r) => r.machineToMachine);
    expect(apps.filter((a) => a?.status === "created")).toEqual([
      { status: "created", clientId: "ci-bootstrap" },
    ]);
    expect(apps.filter((a) => a?.status === "skipped")).toHaveLength(2);

    // The admin can sign in, and the setup page is no longer offered.
    expect(await getSetupStatus(t.db())).toEqual({ needsSetup: false });
    expect(await t.db().consoleMember.count({ where: { role: "admin" } })).toBe(1);
    const signedIn = await verifyCredentials(t.db(), {
      identifier: "ops@example.com",
      password: "a-strong-password",
    });
    expect(signedIn).toMatchObject({ email: "ops@example.com", consoleRole: "admin" });

    // The application: exactly that id, machine-to-machine, the Management API role, and the
    // secret stored only hashed and verifying.
    const app = await t.db().application.findUniqueOrThrow({
      where: { id: "ci-bootstrap" },
      include: { secrets: true },
    });
    expect(app.type).toBe("MachineToMachine");
    expect(app.secrets).toHaveLength(1);
    expect(app.secrets[0]?.secretHash).not.toContain(secret);
    expect(app.secrets[0]?.hint).toBe(secret.slice(-4));
    expect(await holdsManagementApi("ci-bootstrap")).toBe(true);
    expect(await verifyApplicationSecret(t.db(), { applicationId: "ci-bootstrap", secret })).toBe(
      true,
    );
    expect(
      await verifyApplicationSecret(t.db(), {
        applicationId: "ci-bootstrap",
        secret: `${secret}x`,
      }),
    ).toBe(false);

    const audit = await t.db().auditLog.findMany({
      where: { actorType: "system" },
      orderBy: { createdAt: "asc" },
      select: { action: true, targetId: true, data: true },
    });
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: "setup.completed",
          data: { email: "ops@example.com", via: "bootstrap" },
        }),
        expect.objectContaining({
          action: "application.created",
          targetId: "ci-bootstrap",
          data: expect.objectContaining({ via: "bootstrap" }) as unknown,
        }),
        expect.objectContaining({
          action: "application.management_api_granted",
          targetId: "ci-bootstrap",
        }),
      ]),
    );
  });

  it("does nothing on a second run", async () => {
    const before = await t.db().auditLog.count();
    expect(await applyBootstrap(t.db(), options)).toEqual({
      admin: { status: "skipped" },
      machineToMachine: { status: "skipped", clientId: "ci-bootstrap" },
    });
    expect(await t.db().auditLog.count()).toBe(before);
    expect(await t.db().applicationSecret.count()).toBe(1);
  });

  it("ignores the admin settings when a console admin exists", async () => {
    const result = await applyBootstrap(t.db(), {
      baseUrl,
      admin: { email: "someone-else@example.com", password: "another-password" },
    });
    expect(result).toEqual({ admin: { status: "skipped" }, machineToMachine: null });
    expect(await t.db().user.count({ where: { email: "someone-else@example.com" } })).toBe(0);
  });

  it("leaves an existing application alone: a rotated secret and a revoked role stay", async () => {
    const ctx = t.ctx();
    const app = await t.db().application.findUniqueOrThrow({
      where: { id: "ci-bootstrap" },
      include: { secrets: true },
    });
    const rotated = await createApplicationSecret(ctx, { applicationId: app.id, name: "Rotated" });
    await deleteApplicationSecret(ctx, {
      applicationId: app.id,
      secretId: app.secrets[0]?.id ?? "",
    });
    await setManagementApiAccess(ctx, { applicationId: app.id, enabled: false });

    expect((await applyBootstrap(t.db(), options)).machineToMachine).toEqual({
      status: "skipped",
      clientId: "ci-bootstrap",
    });
    expect(await verifyApplicationSecret(t.db(), { applicationId: app.id, secret })).toBe(false);
    expect(
      await verifyApplicationSecret(t.db(), { applicationId: app.id, secret: rotated.value }),
    ).toBe(true);
    expect(await holdsManagementApi(app.id)).toBe(false);
  });
});
