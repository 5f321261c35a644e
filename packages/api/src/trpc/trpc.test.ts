import { createTestDatabase, type TestDatabase } from "@guildhall/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "./root.ts";
import { createCallerFactory, type ConsoleSession } from "./trpc.ts";

let t: TestDatabase;
const createCaller = createCallerFactory(appRouter);
const caller = (session: ConsoleSession | null) => createCaller({ db: t.db, session });
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

describe("tRPC routers", () => {
  it("require a session and console membership", async () => {
    expect((await trpcError(caller(null).organization.list({}))).code).toBe("UNAUTHORIZED");
    const outsider = caller({ userId: "u", email: "u@example.com", consoleRole: null });
    expect((await trpcError(outsider.organization.list({}))).code).toBe("FORBIDDEN");
  });

  it("keep console members to admins", async () => {
    expect((await trpcError(caller(collaborator).consoleMember.list())).code).toBe("FORBIDDEN");
    await expect(caller(admin).consoleMember.list()).resolves.toEqual([]);
  });

  it("map domain errors to tRPC codes and keep the domain code", async () => {
    const e = await trpcError(caller(admin).organization.get({ id: "missing" }));
    expect(e.code).toBe("NOT_FOUND");
    expect(e.message).toContain("missing");
    expect((e.cause as { code?: string }).code).toBe("organization.not_found");
  });

  it("validate input before the service runs", async () => {
    expect((await trpcError(caller(admin).organization.create({ name: "" }))).code).toBe(
      "BAD_REQUEST",
    );
  });

  it("run the nested member procedures end to end", async () => {
    const api = caller(admin);
    const perm = await api.organizationPermission.create({ name: "read:docs" });
    const role = await api.organizationRole.create({ name: "reader", permissionIds: [perm.id] });
    const org = await api.organization.create({ name: "Initech" });
    const user = await api.user.create({ email: "peter@example.com", name: "Peter" });
    await api.organization.member.add({ organizationId: org.id, userIds: [user.id] });
    await api.organization.member.role.assign({
      organizationId: org.id,
      userId: user.id,
      organizationRoleIds: [role.id],
    });
    const members = await api.organization.member.list({ organizationId: org.id });
    expect(members.items.map((m) => [m.email, m.organizationRoles.map((r) => r.name)])).toEqual([
      ["peter@example.com", ["reader"]],
    ]);
    const perms = await api.organization.member.permissions({
      organizationId: org.id,
      userId: user.id,
    });
    expect(perms.map((p) => [p.name, p.grantedBy.map((r) => r.name)])).toEqual([
      ["read:docs", ["reader"]],
    ]);
    const overview = await api.overview.get();
    expect(overview.counts).toMatchObject({ organizations: 1, users: 1, members: 1 });
    expect(overview.checklist).toMatchObject({
      templateDefined: true,
      organizationCreated: true,
      memberAdded: true,
    });
  });
});
