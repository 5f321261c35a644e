// A real outage: the API's database client reaches PostgreSQL through a forwarder the test
// takes down (connections cut, new ones refused) and brings back, with no restart between.
import {
  createApplication,
  createManagementApiAccessCheck,
  ensureManagementApi,
  setManagementApiAccess,
  systemContext,
} from "@guildhall/core";
import { createPrismaClient, type Db } from "@guildhall/db/client";
import {
  createTestDatabase,
  startOutageProxy,
  type OutageProxy,
  type TestDatabase,
} from "@guildhall/db/testing";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { generateSigningKey } from "@guildhall/org-token/issue";
import { SignJWT, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBearerAuthenticator } from "./rest/auth.ts";
import { createManagementApi, type ManagementApi } from "./rest/handler.ts";
import { appRouter } from "./trpc/root.ts";
import {
  createTrpcContext,
  toTrpcError,
  trpcResponseMeta,
  type ConsoleSession,
} from "./trpc/trpc.ts";

const baseUrl = "https://id.example.com";
let t: TestDatabase;
let proxy: OutageProxy;
let db: Db;
let api: ManagementApi;
let privateKey: JWK;
let clientIds: string[];

beforeAll(async () => {
  t = await createTestDatabase();
  proxy = await startOutageProxy(t.url);
  db = createPrismaClient(proxy.url, { max: 2 });

  const key = await generateSigningKey("ES256");
  privateKey = key.privateJwk;
  const keys: JWK[] = [{ ...key.publicJwk, kid: "k1" }];
  api = createManagementApi({
    db,
    baseUrl,
    authenticate: createBearerAuthenticator({
      issuer: `${baseUrl}/oidc`,
      audience: `${baseUrl}/api`,
      getPublicKeys: () => keys,
      isClientAllowed: createManagementApiAccessCheck(db),
    }),
    onError: () => undefined,
  });

  const ctx = systemContext(t.db);
  await ensureManagementApi(t.db, { baseUrl });
  clientIds = [];
  for (const name of ["Automation", "Automation 2"]) {
    const { application } = await createApplication(ctx, { name, type: "MachineToMachine" });
    await setManagementApiAccess(ctx, { applicationId: application.id, enabled: true });
    clientIds.push(application.id);
  }
});
afterAll(async () => {
  await db.$disconnect();
  await proxy.close();
  await t.close();
});

async function rest(method: string, path: string, clientId: string, body?: unknown) {
  const token = await new SignJWT({ scope: "all", client_id: clientId })
    .setProtectedHeader({ alg: "ES256", kid: "k1" })
    .setIssuer(`${baseUrl}/oidc`)
    .setAudience(`${baseUrl}/api`)
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(privateKey);
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await api(
    new Request(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  return {
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
    body: (await response.json()) as { code?: string },
  };
}

const admin: ConsoleSession = {
  userId: "admin-1",
  email: "admin@example.com",
  consoleRole: "admin",
};

/**
 * The console's tRPC endpoint as its route handler wires it: the session is looked up in
 * the database inside createContext (as next-auth's session callback does), and a lookup
 * that fails is converted with toTrpcError.
 */
async function trpc(path: string) {
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(
      `${baseUrl}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`,
    ),
    router: appRouter,
    createContext: async () => {
      const session = await db.user.count().then(
        () => admin,
        (error: unknown) => {
          throw toTrpcError(error);
        },
      );
      return createTrpcContext({ db, session });
    },
    responseMeta: trpcResponseMeta,
  });
  const body = (await response.json()) as {
    error?: { json?: { data?: { code?: string; domainCode?: string } } };
  };
  return {
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
    data: body.error?.json?.data,
  };
}

describe("during a database outage", () => {
  it("the REST API answers 503 database.unavailable with Retry-After, and recovers without a restart", async () => {
    const [known = "", unseen = ""] = clientIds;
    expect((await rest("GET", "/api/organizations", known)).status).toBe(200);
    await proxy.down();
    try {
      // A client whose access was just checked fails on the query; one not yet checked on
      // the access check itself: neither is a 500, nor a 401 that would read as "revoked".
      for (const [method, path, clientId, body] of [
        ["GET", "/api/organizations", known],
        ["POST", "/api/organizations", known, { name: "During outage" }],
        ["GET", "/api/organizations", unseen],
      ] as const) {
        const response = await rest(method, path, clientId, body);
        expect(response, `${method} ${path}`).toMatchObject({
          status: 503,
          retryAfter: "5",
          body: { code: "database.unavailable" },
        });
      }
    } finally {
      await proxy.up();
    }
    expect((await rest("GET", "/api/organizations", unseen)).status).toBe(200);
    expect((await rest("POST", "/api/organizations", known, { name: "After outage" })).status).toBe(
      201,
    );
  });

  it("tRPC answers 503 SERVICE_UNAVAILABLE with Retry-After, for the session lookup and in a procedure, and recovers", async () => {
    expect((await trpc("organization.list")).status).toBe(200);
    await proxy.down();
    try {
      expect(await trpc("organization.list")).toMatchObject({
        status: 503,
        retryAfter: "5",
        data: { code: "SERVICE_UNAVAILABLE" },
      });
    } finally {
      await proxy.up();
    }
    expect((await trpc("organization.list")).status).toBe(200);
  });

  it("a procedure whose own queries fail answers 503 too (session known)", async () => {
    const caller = appRouter.createCaller(createTrpcContext({ db, session: admin }));
    await proxy.down();
    try {
      await expect(caller.organization.list({})).rejects.toMatchObject({
        code: "SERVICE_UNAVAILABLE",
        cause: { code: "database.unavailable" },
      });
    } finally {
      await proxy.up();
    }
    await expect(caller.organization.list({})).resolves.toMatchObject({
      total: expect.any(Number) as number,
    });
  });
});
