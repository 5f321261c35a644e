// The Guildhall process: database, secrets, then Next.js behind node:http.
//   pnpm serve            production (after `next build`)
//   pnpm dev              development (`--dev`)
//   --demo                load the demo data on an empty database without asking
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createInterface } from "node:readline/promises";
import { applyProxyTrust, parseTrustProxy } from "@guildhall/core/proxy-trust";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@guildhall/db/embedded";
import { applyMigrations } from "@guildhall/db/migrate";
import { readDbEnv } from "@guildhall/db/env";
import { runBootstrap } from "./src/boot/bootstrap.ts";
import { loadDemoDataIfWanted, signInHint } from "./src/boot/demo.ts";
import { ensureSecrets } from "./src/boot/secrets.ts";
import { rejectMalformedRequest } from "./src/boot/request-guard.ts";
import { isInteractive, publicBaseUrl, readEnv, writeEnv } from "./src/env.ts";

const args = new Set(process.argv.slice(2));
const dev = args.has("--dev");
const demo = args.has("--demo");

// Next reads NODE_ENV to pick its mode; set it before Next loads.
writeEnv({ NODE_ENV: dev ? "development" : "production" });

async function main() {
  const env = readEnv();
  const { dataDir } = readDbEnv();
  const port = env.PORT;
  const baseUrl = publicBaseUrl(env);
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);

  // 1. Database: the operator's PostgreSQL, or the embedded one under the data dir.
  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir });
    databaseUrl = embedded.url;
    writeEnv({ DATABASE_URL: databaseUrl });
    log(`Embedded PostgreSQL (PGlite) at ${dataDir}`);
  }
  const stopDatabase = async () => {
    await embedded?.stop().catch(() => undefined);
  };

  try {
    const applied = await applyMigrations(databaseUrl);
    if (applied.length > 0) log(`Applied migrations: ${applied.join(", ")}`);

    // 2. Secrets: set by the operator, or generated once and persisted (mode 0600).
    const { secrets, file, generated } = ensureSecrets(dataDir, {
      NEXTAUTH_SECRET: env.NEXTAUTH_SECRET,
      GUILDHALL_SECRET: env.GUILDHALL_SECRET,
    });
    if (generated.length > 0) log(`Generated ${generated.join(" and ")} in ${file}`);
    writeEnv({ ...secrets, NEXTAUTH_URL: baseUrl, BASE_URL: baseUrl });

    // 3. Demo data, on request or (interactive, fresh embedded database) after asking.
    await loadDemoDataIfWanted({
      flag: demo,
      ask: embedded !== undefined && isInteractive() ? askYesNo : undefined,
      log,
    });

    // 3b. Unattended bootstrap (GUILDHALL_BOOTSTRAP_*): the first admin and an M2M application
    // with Management API access (it ensures the Management API itself, as the OIDC service
    // does later), before the port answers. After the demo data, which needs an empty database.
    await runBootstrap({ env, baseUrl, log });
  } catch (error) {
    await stopDatabase();
    throw error;
  }

  // 4. Next.js through the custom-server API.
  const { default: next } = await import("next");
  const app = next({ dev, dir: import.meta.dirname, port });
  const handle = app.getRequestHandler();
  await app.prepare();

  // 5. The OpenID Connect provider (and its sign-in interactions), in front of Next.
  // oidc-provider prints "Unsupported runtime" on any Node.js older than 22 LTS when it
  // loads; Guildhall supports and tests Node.js 20.19+, so say that before it does.
  if (!(process.release.lts && process.release.lts >= "Jod"))
    log(
      `Node.js ${process.version}: oidc-provider's "Unsupported runtime" warning below asks for Node.js 22 LTS or later; Guildhall runs on Node.js 20.19+ (README, "Node.js versions")`,
    );
  const { createOidcService } = await import("@guildhall/oidc");
  const { getDb } = await import("@guildhall/db/client");
  const runtime = readEnv();
  const oidc = await createOidcService({
    db: getDb(),
    baseUrl,
    secret: runtime.GUILDHALL_SECRET ?? "",
    sessionSecret: runtime.NEXTAUTH_SECRET ?? "",
    trustProxy,
  });

  // 6. The email outbox: sends queued invitation emails (SMTP_URL, or the local log). Emails
  // carrying a link are sealed with the instance secret; the worker opens them to send.
  // Without SMTP_URL the log is the only way a link leaves the process, so it prints working
  // links in development only (in production, copy the link in the console after inviting).
  const { createTransport, readEmailEnv, startOutboxWorker } = await import("@guildhall/email");
  const { outboxSealer } = await import("@guildhall/core");
  const { registerOutboxWorker } = await import("./src/features/invitations/outbox-worker.ts");
  const outbox = startOutboxWorker({
    db: getDb(),
    transport: createTransport({ ...readEmailEnv(), logSecrets: dev }),
    sealer: outboxSealer(runtime.GUILDHALL_SECRET ?? ""),
  });
  registerOutboxWorker(outbox);

  // The organization API finds users' access tokens through the provider; the built-in
  // organization permissions (guildhall:*) are in the template from the first start.
  const { registerAccessTokenLookup } =
    await import("./src/features/organization-api/access-token-lookup.ts");
  registerAccessTokenLookup((token) => oidc.findAccessToken(token));
  const { ensureBuiltInPermissions } = await import("@guildhall/core");
  await ensureBuiltInPermissions(getDb());

  // Retention: audit entries and events past their retention (instance settings) are
  // deleted a minute after start, then every 6 hours, in short batches (docs/audit-log.md).
  const { startRetentionJob } = await import("@guildhall/core");
  const retention = startRetentionJob({ db: getDb() });

  // 7. Change propagation: the event pump (event positions, webhook deliveries, live events,
  // invitation expiry) and the event stream at /api/events/stream (docs/events.md).
  const { startChangePropagation } = await import("./src/boot/change-propagation.ts");
  // The webhook worker sends the deliveries the pump creates (kicked by it; also polls every
  // second), through the private-address filter unless the host is in WEBHOOK_ALLOWED_HOSTS.
  const { startWebhookWorker } = await import("@guildhall/core");
  const webhooks = startWebhookWorker({
    db: getDb(),
    instanceSecret: runtime.GUILDHALL_SECRET ?? "",
    allowedHosts: runtime.WEBHOOK_ALLOWED_HOSTS,
  });
  const changes = startChangePropagation({
    db: getDb(),
    baseUrl,
    oidc,
    onDeliveries: () => webhooks.kick(),
  });

  /** Every request enters here: `/oidc/*` and `/interaction/*` to the provider, `/api/events/stream` to the event stream, the rest to Next. */
  async function routeRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Bad percent-encoding (`%ZZ`, `%00`) is a 400 here, before the provider or Next decode it.
    if (rejectMalformedRequest(req, res)) return;
    // The one place the caller's address is decided (brute-force throttles read it through
    // clientIp), overwriting any value a client sent; forwarding headers from anyone but a
    // TRUST_PROXY proxy are dropped here.
    applyProxyTrust(req, trustProxy);
    if (oidc.handle(req, res)) return;
    if (changes.handle(req, res)) return;
    await handle(req, res);
  }

  const server = createServer((req, res) => {
    routeRequest(req, res).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal Server Error");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve());
  });

  log(`Console ready at ${baseUrl}${dev ? " (development)" : ""}`);
  log(await signInHint(baseUrl));

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal}: shutting down`);
    server.close();
    server.closeAllConnections();
    oidc.close();
    void (async () => {
      await app.close().catch(() => undefined);
      await outbox.stop().catch(() => undefined);
      await retention.stop().catch(() => undefined);
      await changes.stop().catch(() => undefined);
      await webhooks.stop().catch(() => undefined);
      await disconnectDb();
      await stopDatabase();
      process.exit(0);
    })();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

async function disconnectDb() {
  const { getDb } = await import("@guildhall/db/client");
  await getDb()
    .$disconnect()
    .catch(() => undefined);
}

async function askYesNo(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

function log(message: string) {
  console.log(`[guildhall] ${message}`);
}

main().catch((error: unknown) => {
  console.error(
    `[guildhall] failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  if (error instanceof Error && error.message.includes("production build")) {
    console.error("[guildhall] run `pnpm build` first (or `pnpm start` at the workspace root).");
  }
  process.exit(1);
});
