/**
 * Child process for the issuance benchmark (so the load generator does not share its
 * event loop). `guildhall`: the real OIDC service on the benchmark database. `bare`: a
 * node:http server that only signs an equivalent organization token.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { generateSigningKey, issueOrganizationToken } from "@guildhall/org-token/issue";

const mode = process.argv[2];
process.on("SIGTERM", () => process.exit(0));

// BENCH_CPU_PROF: the parent sends SIGUSR2 around the concurrent phase; the CPU profile of
// exactly that phase goes to $BENCH_CPU_PROF (open it in Chrome DevTools).
if (process.env.BENCH_CPU_PROF) {
  const { Session } = await import("node:inspector/promises");
  const { writeFileSync } = await import("node:fs");
  const session = new Session();
  session.connect();
  let profiling = false;
  process.on("SIGUSR2", () => {
    void (async () => {
      if (!profiling) {
        await session.post("Profiler.enable");
        await session.post("Profiler.start");
        profiling = true;
        return;
      }
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(`${process.env.BENCH_CPU_PROF}/${mode}.cpuprofile`, JSON.stringify(profile));
      profiling = false;
    })();
  });
}

// `pnpm bench memory` only (startChild's heapAfterGc: node --expose-gc and an IPC channel):
// on { heapAfterGc: id } the child runs a full garbage collection and answers with its
// memory right after it, and how long the collection took.
if (process.send && typeof globalThis.gc === "function") {
  const gc = globalThis.gc;
  process.on("message", (message: { heapAfterGc?: unknown } | null) => {
    if (typeof message?.heapAfterGc !== "number") return;
    const start = performance.now();
    gc();
    const gcMs = performance.now() - start;
    process.send?.({ heapAfterGc: message.heapAfterGc, gcMs, memory: process.memoryUsage() });
  });
  process.on("disconnect", () => process.exit(0)); // the parent is gone
}
const env = process.env as Record<string, string | undefined>;

if (mode === "rest") {
  // The Management API as served in production, minus the rate limit; a token signed by a
  // key made for the run.
  const { createPrismaClient } = await import("@guildhall/db/client");
  const {
    createBearerAuthenticator,
    createManagementApi,
    createMemberAuthenticators,
    createNodeListener,
  } = await import("@guildhall/api/rest");
  const {
    createApplication,
    createManagementApiAccessCheck,
    ensureBuiltInPermissions,
    ensureManagementApi,
    setManagementApiAccess,
    systemContext,
  } = await import("@guildhall/core");
  const { issueOrganizationToken } = await import("@guildhall/org-token/issue");
  const { SignJWT, importJWK } = await import("jose");
  const db = createPrismaClient(env.BENCH_DB_URL ?? "", { max: 20 });
  const key = await generateSigningKey("ES256");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  // A real machine-to-machine application holding the Management API role, so every
  // request pays the per-request revocation check as in production.
  await ensureManagementApi(db, { baseUrl });
  const { application } = await createApplication(systemContext(db), {
    name: "bench",
    type: "MachineToMachine",
  });
  await setManagementApiAccess(systemContext(db), { applicationId: application.id, enabled: true });
  {
    const api = createManagementApi({
      db,
      baseUrl,
      authenticate: createBearerAuthenticator({
        issuer: `${baseUrl}/oidc`,
        audience: `${baseUrl}/api`,
        getPublicKeys: () => [key.publicJwk],
        isClientAllowed: createManagementApiAccessCheck(db),
      }),
      authenticateMember: createMemberAuthenticators({
        issuer: `${baseUrl}/oidc`,
        getPublicKeys: () => [key.publicJwk],
        findAccessToken: () => Promise.resolve(undefined),
      }),
    });
    server.on("request", createNodeListener(api));
    // The organization API's caller: a member of the big organization whose role holds
    // guildhall:members:read (made once, reused by later runs), with an organization token.
    const organizationId = env.BENCH_BIG_ORGANIZATION ?? "";
    await ensureBuiltInPermissions(db);
    const reader = await db.organizationRole.upsert({
      where: { name: "bench-members-reader" },
      create: {
        name: "bench-members-reader",
        permissions: {
          create: {
            permission: { connect: { name: "guildhall:members:read" } },
          },
        },
      },
      update: {},
    });
    const admin = await db.user.upsert({
      where: { email: "bench-organization-admin@bench.example" },
      create: { email: "bench-organization-admin@bench.example" },
      update: {},
    });
    await db.organizationMember.upsert({
      where: { organizationId_userId: { organizationId, userId: admin.id } },
      create: { organizationId, userId: admin.id, roles: { create: { roleId: reader.id } } },
      update: {},
    });
    const { token: organizationToken } = await issueOrganizationToken({
      privateKey: key.privateJwk,
      kid: key.kid,
      issuer: `${baseUrl}/oidc`,
      subject: admin.id,
      organizationId,
      scopes: ["guildhall:members:read"],
      clientId: "bench-customer-app",
      ttlSeconds: 3600,
    });
    void importJWK(key.privateJwk, "ES256")
      .then((privateKey) =>
        new SignJWT({ scope: "all", client_id: application.id })
          .setProtectedHeader({ alg: "ES256", kid: key.kid })
          .setIssuer(`${baseUrl}/oidc`)
          .setAudience(`${baseUrl}/api`)
          .setSubject(application.id)
          .setIssuedAt()
          .setExpirationTime("1h")
          .sign(privateKey),
      )
      .then((token) => console.log(`READY ${port} ${token} ${organizationToken}`));
  }
} else if (mode === "bare") {
  // As many permission names as the benchmark's members hold in o1 (2-3 roles of 10).
  const EQUIVALENT_SCOPES = Array.from(
    { length: 25 },
    (_, i) => `perm:${String(i + 1).padStart(3, "0")}`,
  );
  const key = await generateSigningKey("ES256");
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const params = new URLSearchParams(body);
      void issueOrganizationToken({
        privateKey: key.privateJwk,
        kid: key.kid,
        issuer: "http://127.0.0.1/oidc",
        subject: "u1",
        organizationId: params.get("organization_id") ?? "o1",
        scopes: EQUIVALENT_SCOPES,
        clientId: params.get("client_id") ?? "bench",
        ttlSeconds: 3600,
      }).then(({ token }) => {
        res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
        res.end(
          JSON.stringify({
            access_token: token,
            token_type: "Bearer",
            expires_in: 3600,
            scope: EQUIVALENT_SCOPES.join(" "),
          }),
        );
      });
    });
  });
  server.listen(0, "127.0.0.1", () =>
    console.log(`READY ${(server.address() as AddressInfo).port}`),
  );
} else {
  const { createPrismaClient } = await import("@guildhall/db/client");
  const { createOidcService } = await import("@guildhall/oidc");
  const db = createPrismaClient(env.BENCH_DB_URL ?? "", { max: Number(env.BENCH_POOL ?? 10) });
  const holder: { handle?: (req: IncomingMessage, res: ServerResponse) => boolean } = {};
  const server = createServer((req, res) => {
    if (!holder.handle?.(req, res)) {
      res.statusCode = 404;
      res.end();
    }
  });
  server.listen(Number(env.BENCH_PORT ?? 0), "127.0.0.1", () => {
    const { port } = server.address() as AddressInfo;
    void createOidcService({
      db,
      baseUrl: `http://127.0.0.1:${port}`,
      secret: env.BENCH_SECRET ?? "",
      sessionSecret: env.BENCH_SESSION_SECRET ?? "",
    }).then((oidc) => {
      holder.handle = (req, res) => oidc.handle(req, res);
      console.log(`READY ${port}`);
    });
  });
}
