/**
 * Starts the built app for the run on a fresh database: a new PostgreSQL database when
 * TEST_DATABASE_URL is set (CI), otherwise an in-memory PGlite served from this process.
 * Tests reach the same database (E2E_DATABASE_URL) to create fixtures through services.
 *
 * The app sends its emails to a real SMTP server: a sink (smtp-server on 127.0.0.1) in
 * this process. Workers are other processes, so the sink writes each message it receives
 * as `<n>.json` (a ReceivedEmail) into E2E_MAIL_DIR, which `receivedEmails()` reads.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@guildhall/db/embedded";
import { startSmtpSink, type SmtpSink } from "@guildhall/email/testing";
import pg from "pg";

const root = path.resolve(import.meta.dirname, "..");

async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) {
    const embedded = await startEmbeddedPostgres();
    return { url: embedded.url, drop: () => embedded.stop() };
  }
  const name = `guildhall_e2e_${randomBytes(5).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

async function waitForServer(url: string, child: ChildProcess) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The app exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`The app did not answer at ${url} within 2 minutes`);
}

/** Mirrors what the sink receives into `dir`, one JSON file per message (written atomically). */
function mirrorMail(sink: SmtpSink, dir: string): () => void {
  let written = 0;
  const flush = () => {
    for (; written < sink.received.length; written++) {
      const file = path.join(dir, `${String(written).padStart(5, "0")}.json`);
      writeFileSync(`${file}.tmp`, JSON.stringify(sink.received[written]));
      renameSync(`${file}.tmp`, file);
    }
  };
  const timer = setInterval(flush, 50);
  timer.unref();
  return () => {
    clearInterval(timer);
    flush();
  };
}

export default async function globalSetup() {
  const port = Number(process.env.E2E_PORT ?? 3210);
  const baseUrl = `http://localhost:${port}`;
  const database = await createDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "guildhall-e2e-"));
  const mailDir = mkdtempSync(path.join(os.tmpdir(), "guildhall-e2e-mail-"));
  const sink = await startSmtpSink();
  const stopMirror = mirrorMail(sink, mailDir);
  // Shared with the fixtures: invitations they create are sealed with it, the app's worker opens them.
  const instanceSecret = randomBytes(32).toString("base64url");
  // The unattended bootstrap's machine-to-machine application (Management API access): the
  // example customer app (08-example-app) removes members with it.
  const m2mClientId = "e2e-example-app-backend";
  const m2mClientSecret = randomBytes(32).toString("hex");
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: path.join(root, "apps", "console"),
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      BASE_URL: baseUrl,
      DATABASE_URL: database.url,
      GUILDHALL_DATA_DIR: dataDir,
      SMTP_URL: sink.url,
      GUILDHALL_SECRET: instanceSecret,
      // As behind a reverse proxy on the same host: 14-security gives its throttled sign-ins
      // their own client address through X-Forwarded-For.
      TRUST_PROXY: "loopback",
      EMAIL_FROM: "Guildhall E2E <no-reply@guildhall.test>",
      GUILDHALL_BOOTSTRAP_M2M_CLIENT_ID: m2mClientId,
      GUILDHALL_BOOTSTRAP_M2M_CLIENT_SECRET: m2mClientSecret,
      // 21-webhooks starts its receiver on this machine: loopback is otherwise refused (SSRF).
      WEBHOOK_ALLOWED_HOSTS: "127.0.0.1,localhost",
      CI: "true",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  process.env.E2E_DATABASE_URL = database.url;
  process.env.E2E_BASE_URL = baseUrl;
  process.env.E2E_MAIL_DIR = mailDir;
  process.env.E2E_GUILDHALL_SECRET = instanceSecret;
  process.env.E2E_M2M_CLIENT_ID = m2mClientId;
  process.env.E2E_M2M_CLIENT_SECRET = m2mClientSecret;
  await waitForServer(`${baseUrl}/sign-in`, child);
  return async () => {
    child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    if (child.exitCode === null) child.kill("SIGKILL");
    await database.drop();
    stopMirror();
    await sink.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(mailDir, { recursive: true, force: true });
  };
}
