import { ensureSigningKey } from "@guildhall/core";
import { createTestDatabase, type TestDatabase } from "@guildhall/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../root.ts";
import { createCallerFactory, type ConsoleSession } from "../trpc.ts";

let t: TestDatabase;
const createCaller = createCallerFactory(appRouter);
const admin: ConsoleSession = {
  userId: "admin-1",
  email: "admin@example.com",
  consoleRole: "admin",
};
const collaborator: ConsoleSession = {
  userId: "collab-1",
  email: "c@example.com",
  consoleRole: "collaborator",
};
const SECRET = "test-instance-secret-0123456789abcdef";
const caller = (session: ConsoleSession, options: { instanceSecret?: string | null } = {}) =>
  createCaller({
    db: t.db,
    session,
    instanceSecret:
      options.instanceSecret === null ? undefined : (options.instanceSecret ?? SECRET),
  });

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

async function trpcError(promise: Promise<unknown>) {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError;
}

describe("organization.application", () => {
  it("adds a machine-to-machine app, gives it roles, lists, removes", async () => {
    const api = caller(collaborator);
    const org = await api.organization.create({ name: "Hooli" });
    const { application } = await api.application.create({
      name: "Sync job",
      type: "MachineToMachine",
    });
    const role = await api.organizationRole.create({
      name: "machine-reader",
      type: "MachineToMachine",
    });
    await api.organization.application.add({
      organizationId: org.id,
      applicationIds: [application.id],
    });
    await api.organization.application.role.assign({
      organizationId: org.id,
      applicationId: application.id,
      organizationRoleIds: [role.id],
    });
    const list = await api.organization.application.list({ organizationId: org.id });
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({
      id: application.id,
      organizationRoles: [{ id: role.id, name: "machine-reader" }],
    });
    expect(
      await api.organization.application.role.list({
        organizationId: org.id,
        applicationId: application.id,
      }),
    ).toMatchObject([{ id: role.id }]);
    await api.organization.application.role.replace({
      organizationId: org.id,
      applicationId: application.id,
      organizationRoleIds: [],
    });
    await api.organization.application.role.assign({
      organizationId: org.id,
      applicationId: application.id,
      organizationRoleIds: [role.id],
    });
    await api.organization.application.role.remove({
      organizationId: org.id,
      applicationId: application.id,
      organizationRoleId: role.id,
    });
    expect(
      await api.organization.application.role.list({
        organizationId: org.id,
        applicationId: application.id,
      }),
    ).toEqual([]);
    await api.organization.application.remove({
      organizationId: org.id,
      applicationId: application.id,
    });
    expect((await api.organization.application.list({ organizationId: org.id })).total).toBe(0);
  });

  it("maps the type rules to UNPROCESSABLE_CONTENT with the domain code", async () => {
    const api = caller(admin);
    const org = await api.organization.create({ name: "Pied Piper" });
    const { application } = await api.application.create({ name: "Web", type: "SPA" });
    const e = await trpcError(
      api.organization.application.add({
        organizationId: org.id,
        applicationIds: [application.id],
      }),
    );
    expect(e.code).toBe("UNPROCESSABLE_CONTENT");
    expect((e.cause as { code?: string }).code).toBe("application.not_machine_to_machine");
  });
});

describe("signingKey", () => {
  it("lists and rotates for admins: the new key is current, the old one retiring", async () => {
    await ensureSigningKey(t.db, { secret: SECRET });
    const api = caller(admin);
    const [first] = await api.signingKey.list();
    expect(first).toMatchObject({ alg: "ES256", isCurrent: true });
    const { kid } = await api.signingKey.rotate();
    const keys = await api.signingKey.list();
    expect(keys.find((k) => k.kid === kid)).toMatchObject({ isCurrent: true, retiredAt: null });
    expect(keys.find((k) => k.kid === first?.kid)).toMatchObject({
      isCurrent: false,
      retiredAt: expect.any(Date) as Date,
    });
  });

  it("is admin-only, and rotation needs the instance secret", async () => {
    expect((await trpcError(caller(collaborator).signingKey.list())).code).toBe("FORBIDDEN");
    expect((await trpcError(caller(collaborator).signingKey.rotate())).code).toBe("FORBIDDEN");
    expect(
      (await trpcError(caller(admin, { instanceSecret: null }).signingKey.rotate())).code,
    ).toBe("PRECONDITION_FAILED");
  });
});
