/**
 * Organization-token issuance over HTTP on loopback, 50 concurrent clients, against the
 * real provider on the 1,000,000-membership dataset, and against a bare signer.
 *
 * Both servers start once and stay up; the load alternates between them in short phases
 * (A B, B A, A B, ...) so that drift on a shared machine (other work, CPU frequency) hits
 * both, and the ratio is the median of the per-round ratios, with their spread.
 */
import { DATASET } from "./dataset.ts";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createApplication, createConsoleSession, systemContext } from "@guildhall/core";
import { createPrismaClient, type Db } from "@guildhall/db/client";
import { encode } from "next-auth/jwt";
import * as client from "openid-client";
import { browse } from "../packages/oidc/src/test-server.ts";
import { median, summarize } from "./stats.ts";

const SECRET = "bench-instance-secret-0123456789abcdef";
const SESSION_SECRET = "bench-session-secret-0123456789abcdef";
const CONCURRENCY = 50;
// BENCH_ISSUANCE_PHASE_MS (default 2000) is the length of one phase; BENCH_ISSUANCE_ROUNDS
// (default 6, even so each order runs as often) the number of rounds, each one phase per
// server. Shorter phases make a quick smoke run: BENCH_ISSUANCE_PHASE_MS=500.
const PHASE_MS = positiveInteger("BENCH_ISSUANCE_PHASE_MS", 2000);
const ROUNDS = positiveInteger("BENCH_ISSUANCE_ROUNDS", 6);
if (ROUNDS % 2) throw new Error(`BENCH_ISSUANCE_ROUNDS must be even (got ${ROUNDS})`);

function positiveInteger(name: string, fallback: number) {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer (got ${raw ?? ""})`);
  return value;
}

/**
 * `heapAfterGc` (pnpm bench memory): node --expose-gc and an IPC channel, over which the
 * child answers { heapAfterGc: id } with its memory after a full collection (memory.ts).
 */
export function startChild(
  mode: "guildhall" | "bare" | "rest",
  dbUrl: string,
  options: { heapAfterGc?: boolean } = {},
): Promise<{ child: ChildProcess; port: number; token?: string; organizationToken?: string }> {
  const child = spawn(
    process.execPath,
    [
      ...(options.heapAfterGc ? ["--expose-gc"] : []),
      "--import",
      "tsx",
      path.join(import.meta.dirname, "issuance-server.ts"),
      mode,
    ],
    {
      env: {
        ...process.env,
        BENCH_DB_URL: dbUrl,
        BENCH_SECRET: SECRET,
        BENCH_SESSION_SECRET: SESSION_SECRET,
        BENCH_BIG_ORGANIZATION: DATASET.bigOrganizationId,
      },
      stdio: options.heapAfterGc
        ? ["ignore", "pipe", "inherit", "ipc"]
        : ["ignore", "pipe", "inherit"],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
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

// CPU seconds of the benchmark database's backends and of the server's background processes
// (WAL writer, checkpointer: datname is null), when PostgreSQL runs on this machine. Backends
// of other databases are left out: other work on the machine may be using the same server.
async function postgresCpu(db: Db): Promise<Map<number, number>> {
  const rows = await db.$queryRaw<{ pid: number }[]>`
    SELECT pid FROM pg_stat_activity WHERE datname = current_database() OR datname IS NULL`;
  const byPid = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      // The same pid on this machine may be another process when PostgreSQL is remote.
      if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").startsWith("postgres")) continue;
      byPid.set(pid, cpuSeconds(pid) ?? 0);
    } catch {
      // Not on this machine, or the process ended while we looked.
    }
  }
  return byPid;
}

const post = (url: string, body: string) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });

// Even rounds run the servers in the given order, odd rounds in reverse (A B, B A, ...), so
// neither always goes first or follows the same neighbour.
const turn = <T>(items: T[], round: number) => (round % 2 ? [...items].reverse() : items);

/** One request at a time (latency without queueing), the servers taking turns in chunks. */
async function sequential<K extends string>(urls: Record<K, string>, bodies: string[], n = 500) {
  const body = (i: number) => bodies[i % bodies.length] ?? "";
  const keys = Object.keys(urls) as K[];
  for (const k of keys) for (let i = 0; i < 50; i++) await (await post(urls[k], body(i))).text();
  const samples = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < ROUNDS; round++) {
    for (const k of turn(keys, round)) {
      for (let i = 0; i < Math.ceil(n / ROUNDS); i++) {
        const start = performance.now();
        await (await post(urls[k], body(i))).text();
        samples[k].push(performance.now() - start);
      }
    }
  }
  return Object.fromEntries(keys.map((k) => [k, summarize(samples[k])])) as Record<
    K,
    ReturnType<typeof summarize>
  >;
}

/** One phase: CONCURRENCY clients in a closed loop for `ms`. */
async function load(url: string, bodies: string[], expectedStatus: number, ms: number) {
  const samples: number[] = [];
  let errors = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      let i = worker;
      while (performance.now() < start + ms) {
        const sent = performance.now();
        const res = await post(url, bodies[i++ % bodies.length] ?? "");
        const text = await res.text();
        samples.push(performance.now() - sent);
        if (res.status !== expectedStatus && errors++ === 0)
          console.error(`first error: ${res.status} ${text.slice(0, 300)}`);
      }
    }),
  );
  const s = summarize(samples);
  const seconds = (performance.now() - start) / 1000;
  return {
    requests: samples.length,
    rps: samples.length / seconds,
    p50: s.p50,
    p99: s.p99,
    errors,
  };
}

interface Contender {
  url: string;
  bodies: string[];
  expectedStatus: number;
  server: ChildProcess;
  /** Under BENCH_CPU_PROF, profile this contender's phases (not the floor's). */
  profile: boolean;
}

type Phase = Awaited<ReturnType<typeof load>> & {
  serverCpu: number | undefined;
  postgresCpu: number | undefined;
};

/** One recorded phase, with the CPU its server and PostgreSQL spent in it (seconds). */
async function phase(db: Db, c: Contender): Promise<Phase> {
  // Each stop overwrites the profile, so the file holds this server's last phase. Profiling
  // slows the server: a profiled run's figures are for the profile, not for quoting.
  const profiling = Boolean(process.env.BENCH_CPU_PROF) && c.profile;
  const server0 = cpuSeconds(c.server.pid);
  const pg0 = await postgresCpu(db);
  if (profiling) c.server.kill("SIGUSR2");
  const result = await load(c.url, c.bodies, c.expectedStatus, PHASE_MS);
  if (profiling) c.server.kill("SIGUSR2");
  const server1 = cpuSeconds(c.server.pid);
  const pg1 = await postgresCpu(db);
  let pg = 0;
  for (const [p, after] of pg1) pg += after - (pg0.get(p) ?? 0); // backends started meanwhile count whole
  return {
    ...result,
    serverCpu: server0 === undefined || server1 === undefined ? undefined : server1 - server0,
    postgresCpu: pg0.size ? pg : undefined,
  };
}

/** One server's figures over its phases; CPU is the total over all phases per request. */
function combine(phases: Phase[], signer: Phase[]) {
  const requests = phases.reduce((n, p) => n + p.requests, 0);
  const perRequest = (cpu: (p: Phase) => number | undefined) => {
    const seconds = phases.map(cpu);
    if (seconds.some((s) => s === undefined)) return undefined;
    const total = seconds.reduce<number>((a, s) => a + (s ?? 0), 0);
    return Math.round((total * 1e6) / Math.max(1, requests));
  };
  // This server against the bare signer of the same round.
  const ratios = phases.map((p, round) => p.rps / (signer[round]?.rps ?? NaN));
  return {
    rps: Math.round(median(phases.map((p) => p.rps))),
    p50: median(phases.map((p) => p.p50)),
    p99: median(phases.map((p) => p.p99)),
    errors: phases.reduce((n, p) => n + p.errors, 0),
    serverCpuUs: perRequest((p) => p.serverCpu),
    postgresCpuUs: perRequest((p) => p.postgresCpu),
    vsSigner: { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) },
  };
}

/**
 * A public application on the Guildhall server at `base`, and one refresh-token request per
 * user u1..u<users> (members of o1) for an organization token of o1: the body of
 * `POST /oidc/token`. Made as a product would: a signed-in session, consent, code + PKCE.
 */
export async function organizationTokenRequests(db: Db, base: string, users: number) {
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
  const bodies: string[] = [];
  for (let u = 1; u <= users; u++) {
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
  return { applicationId: application.id, bodies };
}

export async function runIssuanceBench(dbUrl: string) {
  const db = createPrismaClient(dbUrl, { max: 4 });
  const guildhall = await startChild("guildhall", dbUrl);
  const bare = await startChild("bare", dbUrl);
  try {
    const base = `http://127.0.0.1:${guildhall.port}`;
    // One refresh token per user: u1..u50 are all members of o1 (10,000 members).
    const { applicationId, bodies } = await organizationTokenRequests(db, base, CONCURRENCY);
    const urls = { real: `${base}/oidc/token`, signer: `http://127.0.0.1:${bare.port}/token` };
    const seq = await sequential(urls, bodies);
    // The floor under Guildhall's figure: oidc-provider's pipeline (body, parameters, client
    // authentication, dispatch, error response) for a request refused before any grant work.
    // It takes its turn in every round too, so its throughput compares with the others'.
    const refused = new URLSearchParams({
      grant_type: "refresh_token",
      client_id: applicationId,
      organization_id: "o1",
    }).toString();
    const contenders = {
      real: { url: urls.real, bodies, expectedStatus: 200, server: guildhall.child, profile: true },
      signer: { url: urls.signer, bodies, expectedStatus: 200, server: bare.child, profile: true },
      pipeline: {
        url: urls.real,
        bodies: [refused],
        expectedStatus: 400,
        server: guildhall.child,
        profile: false,
      },
    } satisfies Record<string, Contender>;
    const names = Object.keys(contenders) as (keyof typeof contenders)[];
    // Unrecorded, so the first round does not pay for JIT and pool growth on the concurrent paths.
    for (const name of names) {
      const c = contenders[name];
      await load(c.url, c.bodies, c.expectedStatus, Math.min(PHASE_MS, 1000));
    }
    const phases = { real: [] as Phase[], signer: [] as Phase[], pipeline: [] as Phase[] };
    for (let round = 0; round < ROUNDS; round++)
      for (const name of turn(names, round)) phases[name].push(await phase(db, contenders[name]));
    await db.application.delete({ where: { id: applicationId } });
    const real = combine(phases.real, phases.signer);
    return {
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      phaseMs: PHASE_MS,
      real,
      signer: combine(phases.signer, phases.signer),
      pipeline: combine(phases.pipeline, phases.signer),
      seq,
      ratio: real.vsSigner,
    };
  } finally {
    guildhall.child.kill();
    bare.child.kill();
    await db.$disconnect();
  }
}
