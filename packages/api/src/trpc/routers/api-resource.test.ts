import { createTestDatabase, type TestDatabase } from "@guildhall/db/testing";
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

describe("apiResource", () => {
  it("lets a collaborator manage API resources and their permissions, with transport codes", async () => {
    const api = createCaller({ db: t.db, session: collaborator });
    const resource = await api.apiResource.create({
      name: "Orders",
      indicator: "https://orders.example.com",
    });
    expect(resource).toMatchObject({ accessTokenTtl: 3600, isManagementApi: false });
    const scope = await api.apiResource.scope.create({
      resourceId: resource.id,
      name: "read:order",
    });
    expect((await api.apiResource.scope.list({ resourceId: resource.id })).items).toEqual([scope]);
    const conflict = await api.apiResource
      .create({ name: "Again", indicator: resource.indicator })
      .catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(TRPCError);
    expect((conflict as TRPCError).code).toBe("CONFLICT");
    await api.apiResource.scope.delete({ resourceId: resource.id, id: scope.id });
    await api.apiResource.delete({ id: resource.id });
    const gone = await api.apiResource.get({ id: resource.id }).catch((e: unknown) => e);
    expect((gone as TRPCError).code).toBe("NOT_FOUND");
  });

  it("refuses callers without a console session", async () => {
    const anonymous = createCaller({ db: t.db, session: null });
    const error = await anonymous.apiResource.list({}).catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("UNAUTHORIZED");
  });
});
