/**
 * Organization-token issuance over HTTP on loopback, 50 concurrent clients, against the
 * real provider on the 1,000,000-membership dataset, and against a bare signer.
 */
import { DATASET } from "./dataset.ts";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createApplication, createConsoleSession, systemContext } from "@guildhall/core";
import { createPrismaClient } from "@guildhall/db/client";
import { encode } from "next-auth/jwt";
import * as client from "openid-client";
import { browse } from "../packages/oidc/src/test-server.ts";
import { summarize } from "./stats.ts";

const SECRET = "bench-instance-secret-0123456789abcdef";
const SESSION_SECRET = "bench-session-secret-0123456789abcdef";
const CONCURRENCY = 50;
const DURATION_MS = 8_000;

export function startChild(
  mode: "guildhall" | "bare" | "rest",
  dbUrl: string,
): Promise<{ child: ChildProcess; port: number; token?: string; organizationToken?: string }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "issuance-server.ts"), mode],
    {
      env: {
        ...process.env,
        BENCH_DB_URL: dbUrl,
        BENCH_SECRET: SECRET,
        BENCH_SESSION_SECRET: SESSION_SECRET,
        BENCH_BIG_ORGANIZATION: DATASET.bigOrganizationId,
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      const m = /READY (\d+)(?: (\S+))?(?: (\S+))?/.exec(d.toString());
      if (m) resolve({ child, port: Number(m[1]), token: m[2], organizationToken: m[3] });
    });
    child.on("exit", (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

// CPU seconds (user + system) a process has used, from /proc (Linux); undefined elsewhere.
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return undefined;
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
}

// CPU seconds of each local PostgreSQL process, when the server runs on this machine.
function postgresCpu(): Map<number, number> {
  const byPid = new Map<number, number>();
  if (!existsSync("/proc/self/stat")) return byPid;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, "utf8").startsWith("postgres")) continue;
      byPid.set(Number(entry), cpuSeconds(Number(entry)) ?? 0);
    } catch {
      // The process ended while we looked.
    }
  }
  return byPid;
}

/** CPU the server process and PostgreSQL spend while `fn` runs, in µs per request. */
async function measureCpu<T extends { requests: number }>(
  pid: number | undefined,
  fn: () => Promise<T>,
) {
  const server0 = cpuSeconds(pid);
  const pg0 = postgresCpu();
  const result = await fn();
  const server1 = cpuSeconds(pid);
  let pg = 0;
  for (const [p, after] of postgresCpu()) pg += after - (pg0.get(p) ?? 0); // backends started meanwhile count whole
  const perRequest = (seconds: number) =>
    Math.round((seconds * 1e6) / Math.max(1, result.requests));
  return {
    ...result,
    serverCpuUs:
      server0 === undefined || server1 === undefined ? undefined : perRequest(server1 - server0),
    postgresCpuUs: pg0.size ? perRequest(pg) : undefined,
  };
}

/** One request at a time: latency without queueing. */
async function sequential(url: string, bodies: string[], n = 500) {
  const post = (i: number) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: bodies[i % bodies.length] ?? "",
    }).then((r) => r.arrayBuffer());
  for (let i = 0; i < 50; i++) await post(i);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await post(i);
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

async function load(url: string, bodies: string[], expectedStatus = 200) {
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const deadline = performance.now() + DURATION_MS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      let i = worker;
      while (performance.now() < deadline) {
        const body = bodies[i++ % bodies.length] ?? "";
        const start = performance.now();
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body,
        });
        const text = await res.text();
        if (res.status !== expectedStatus && !firstError) firstError = text.slice(0, 300);
        samples.push(performance.now() - start);
        if (res.status !== expectedStatus) {
          errors++;
          if (errors === 1) console.error(`first error: ${res.status} ${firstError ?? ""}`);
        }
      }
    }),
  );
  const s = summarize(samples);
  return {
    requests: samples.length,
    rps: Math.round(samples.length / (DURATION_MS / 1000)),
    p50: s.p50,
    p99: s.p99,
    errors,
  };
}

export async function runIssuanceBench(dbUrl: string) {
  const db = createPrismaClient(dbUrl, { max: 4 });
  const guildhall = await startChild("guildhall", dbUrl);
  const bare = await startChild("bare", dbUrl);
  try {
    const base = `http://127.0.0.1:${guildhall.port}`;
    const redirectUri = "http://127.0.0.1:9/callback";
    const { application } = await createApplication(systemContext(db), {
      name: `bench-${Date.now()}`,
      type: "SPA",
      redirectUris: [redirectUri],
    });
    const cfg = await client.discovery(
      new URL(`${base}/oidc`),
      application.id,
      undefined,
      client.None(),
      { execute: [client.allowInsecureRequests] },
    );
    // One refresh token per user: u1..u50 are all members of o1 (10,000 members).
    const bodies: string[] = [];
    for (let u = 1; u <= CONCURRENCY; u++) {
      const verifier = client.randomPKCECodeVerifier();
      const url = client.buildAuthorizationUrl(cfg, {
        redirect_uri: redirectUri,
        scope: "openid offline_access urn:guildhall:scope:organizations",
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        prompt: "consent", // offline_access (a refresh token) is only granted with consent
      });
      // A signed-in console session, as the sign-in page would record it and set its cookie.
      const session = await createConsoleSession(db, { userId: `u${u}` });
      const cookie = `next-auth.session-token=${await encode({ token: { sub: `u${u}`, sid: session.token }, secret: SESSION_SECRET })}`;
      const callback = await browse(url.href, cookie, redirectUri);
      const tokens = await client.authorizationCodeGrant(cfg, callback, {
        pkceCodeVerifier: verifier,
      });
      bodies.push(
        new URLSearchParams({
          grant_type: "refresh_token",
          client_id: application.id,
          refresh_token: tokens.refresh_token ?? "",
          organization_id: "o1",
        }).toString(),
      );
    }
    const seq = {
      real: await sequential(`${base}/oidc/token`, bodies),
      signer: await sequential(`http://127.0.0.1:${bare.port}/token`, bodies),
    };
    const profiled =
      <T>(child: ChildProcess, fn: () => Promise<T>) =>
      async () => {
        if (!process.env.BENCH_CPU_PROF) return fn();
        child.kill("SIGUSR2");
        try {
          return await fn();
        } finally {
          child.kill("SIGUSR2");
        }
      };
    const real = await measureCpu(
      guildhall.child.pid,
      profiled(guildhall.child, () => load(`${base}/oidc/token`, bodies)),
    );
    const signer = await measureCpu(
      bare.child.pid,
      profiled(bare.child, () => load(`http://127.0.0.1:${bare.port}/token`, bodies)),
    );
    // The floor under Guildhall's figure: oidc-provider's pipeline (body, parameters, client
    // authentication, dispatch, error response) for a request refused before any grant work.
    const refused = new URLSearchParams({
      grant_type: "refresh_token",
      client_id: application.id,
      organization_id: "o1",
    }).toString();
    const pipeline = await measureCpu(guildhall.child.pid, () =>
      load(`${base}/oidc/token`, [refused], 400),
    );
    await db.application.delete({ where: { id: application.id } });
    return { real, signer, pipeline, seq, ratio: real.rps / signer.rps };
  } finally {
    guildhall.child.kill();
    bare.child.kill();
    await db.$disconnect();
  }
}
