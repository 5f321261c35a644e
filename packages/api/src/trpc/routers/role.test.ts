import { createTestDatabase, type TestDatabase } from "@guildhall/db/testing";
import { ensureManagementApi } from "@guildhall/core";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../root.ts";
import { createCallerFactory, type ConsoleSession } from "../trpc.ts";

let t: TestDatabase;
const createCaller = createCallerFactory(appRouter);
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

describe("role", () => {
  it("lets a collaborator manage global roles, their permissions and users, with transport codes", async () => {
    const api = createCaller({ db: t.db, session: collaborator });
    const resource = await api.apiResource.create({
      name: "Orders",
      indicator: "https://orders.example.com",
    });
    const scope = await api.apiResource.scope.create({
      resourceId: resource.id,
      name: "read:order",
    });
    const role = await api.role.create({ name: "Order reader", type: "User" });
    expect(role).toMatchObject({ isManagementApi: false, usersCount: 0 });
    await api.role.scope.assign({ roleId: role.id, scopeIds: [scope.id] });
    expect(
      (await api.role.scope.list({ roleId: role.id })).items.map((s) => s.resource.indicator),
    ).toEqual([resource.indicator]);
    const user = await api.user.create({ email: "reader@example.com" });
    await api.role.user.assign({ roleId: role.id, userIds: [user.id] });
    expect((await api.role.ofUser.list({ userId: user.id })).items.map((r) => r.id)).toEqual([
      role.id,
    ]);
    const conflict = await api.role.create({ name: "Order reader" }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(TRPCError);
    expect((conflict as TRPCError).code).toBe("CONFLICT");
    const mismatch = await api.role.application
      .assign({ roleId: role.id, applicationIds: ["x"] })
      .catch((e: unknown) => e);
    expect((mismatch as TRPCError).code).toBe("UNPROCESSABLE_CONTENT");
    await api.role.delete({ id: role.id });
    const gone = await api.role.get({ id: role.id }).catch((e: unknown) => e);
    expect((gone as TRPCError).code).toBe("NOT_FOUND");
  });

  it("keeps the Management API role built in, and its holders to admins", async () => {
    const { roleId } = await ensureManagementApi(t.db, { baseUrl: "https://id.example.com" });
    const api = createCaller({ db: t.db, session: collaborator });
    const protectedError = await api.role.delete({ id: roleId }).catch((e: unknown) => e);
    expect((protectedError as TRPCError).code).toBe("UNPROCESSABLE_CONTENT");
    const forbidden = await api.role.application
      .assign({ roleId, applicationIds: ["x"] })
      .catch((e: unknown) => e);
    expect((forbidden as TRPCError).code).toBe("FORBIDDEN");
  });

  it("refuses callers without a console session", async () => {
    const anonymous = createCaller({ db: t.db, session: null });
    const error = await anonymous.role.list({}).catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("UNAUTHORIZED");
  });
});
