/**
 * Throughput of organization-token verification, one ES256 token, each verification awaited
 * before the next (the way a request handler uses it):
 *
 *   (a) raw node:crypto: split the token, decode the signature, crypto.verify with a cached KeyObject
 *   (b) jose jwtVerify with an imported CryptoKey (jose's best case)
 *   (c) @guildhall/org-token verifier, JWKS served by a fake fetch (fetched once), Node engine,
 *       checking organization and one required scope; default payload cache, so the payload is
 *       parsed once and the signature, clock, organization and scope are checked on every call
 *   (c') the same with payloadCacheSize 0: the payload is parsed on every call too, which is what
 *        a token seen for the first time costs
 *   (d) the verifier forced onto its jose engine (the edge-runtime path), for reference
 *
 * Contenders run in interleaved rounds so that drift (CPU frequency, GC, other processes) hits all
 * of them. Per contender: the median over rounds of verifications per wall-clock second and per
 * CPU second; "vs raw" is the median over rounds of the ratio to raw in the same round. The CPU
 * figures are steadier on a shared machine, where wall-clock rounds include time spent descheduled.
 *
 * Run: npx tsx bench/org-token-verify.ts        (about 11 s)
 */
import { createPublicKey, verify as cryptoVerify, type KeyObject } from "node:crypto";
import { importJWK, jwtVerify } from "jose";
import {
  createOrganizationTokenVerifier,
  generateSigningKey,
  issueOrganizationToken,
  type JwksFetch,
  type OrganizationTokenVerifier,
} from "@guildhall/org-token";

export interface OrgTokenVerifyBenchOptions {
  /** Interleaved rounds. Default 12. */
  rounds?: number;
  /** Milliseconds per contender per round. Default 150. */
  roundMs?: number;
  /** Warm-up milliseconds per contender. Default 200. */
  warmupMs?: number;
}

export interface OrgTokenVerifyBenchRow {
  name: string;
  /** Median over the rounds of verifications per wall-clock second. */
  opsPerSecond: number;
  /** Median over the rounds of verifications per second of this process's CPU time. */
  opsPerCpuSecond: number;
  /** Median over the rounds of (this contender / raw) in the same round, wall clock. */
  vsRaw: number;
  /** Same, CPU time. */
  vsRawCpu: number;
  /** Per-round wall-clock figures. */
  rounds: number[];
}

export interface OrgTokenVerifyBenchResult {
  alg: "ES256";
  tokenLength: number;
  rows: OrgTokenVerifyBenchRow[];
  /** verify/s (wall clock, median) of each contender. */
  raw: number;
  jose: number;
  ours: number;
  oursNoPayloadCache: number;
  oursJoseEngine: number;
  /** ours / raw: median over rounds of the paired per-round ratio, wall clock. */
  ratio: number;
  /** ours / raw from CPU time (less sensitive to other processes on the machine). */
  ratioCpu: number;
  /** ours with payloadCacheSize 0 (every verification parses the payload) / raw, wall clock. */
  ratioNoPayloadCache: number;
  node: string;
  seconds: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Runs fn back to back (each awaited) for about durationMs; verifications per wall and per CPU second. */
async function measure(
  fn: () => Promise<unknown>,
  durationMs: number,
): Promise<{ wall: number; cpu: number }> {
  let count = 0;
  const cpuStart = cpuMs();
  const start = performance.now();
  const deadline = start + durationMs;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 32; i++) await fn();
    count += 32;
    now = performance.now();
  }
  const cpu = cpuMs() - cpuStart;
  return { wall: (count * 1000) / (now - start), cpu: (count * 1000) / Math.max(cpu, 0.001) };
}

export async function runOrgTokenVerifyBench(
  options: OrgTokenVerifyBenchOptions = {},
): Promise<OrgTokenVerifyBenchResult> {
  const began = performance.now();
  const rounds = options.rounds ?? 12;
  const roundMs = options.roundMs ?? 150;
  const warmupMs = options.warmupMs ?? 200;

  const issuer = "https://auth.example.com/oidc";
  const key = await generateSigningKey("ES256");
  const { token } = await issueOrganizationToken({
    privateKey: key.privateJwk,
    kid: key.kid,
    issuer,
    subject: "user_alice",
    organizationId: "org_a",
    scopes: ["read:member", "invite:member", "remove:member"],
    clientId: "app_console",
    ttlSeconds: 3600,
  });

  // (a) raw node:crypto
  const keyObject: KeyObject = createPublicKey({ key: key.publicJwk, format: "jwk" });
  const rawKey = { key: keyObject, dsaEncoding: "ieee-p1363" as const };
  const raw = async (): Promise<void> => {
    const dot = token.lastIndexOf(".");
    const ok = cryptoVerify(
      "sha256",
      Buffer.from(token.slice(0, dot), "latin1"),
      rawKey,
      Buffer.from(token.slice(dot + 1), "base64url"),
    );
    if (!ok) throw new Error("raw verify failed");
  };

  // (b) jose jwtVerify
  const cryptoKey = await importJWK(key.publicJwk, "ES256");
  const jose = async (): Promise<void> => {
    await jwtVerify(token, cryptoKey, { issuer, typ: "at+jwt", algorithms: ["ES256"] });
  };

  // (c), (d) ours, keys from a (fake) JWKS endpoint
  let fetches = 0;
  const fakeFetch: JwksFetch = async () => {
    fetches++;
    return { ok: true, status: 200, json: async () => ({ keys: [key.publicJwk] }) };
  };
  const make = (engine: "node" | "jose", payloadCacheSize?: number): OrganizationTokenVerifier =>
    createOrganizationTokenVerifier({
      issuer,
      jwksUri: "https://auth.example.com/oidc/jwks",
      fetch: fakeFetch,
      engine,
      ...(payloadCacheSize === undefined ? {} : { payloadCacheSize }),
    });
  const checks = { organizationId: "org_a", requiredScopes: ["remove:member"] };
  const viaVerifier = (verifier: OrganizationTokenVerifier) => async (): Promise<void> => {
    await verifier.verify(token, checks);
  };

  const contenders: { name: string; fn: () => Promise<void> }[] = [
    { name: "raw node:crypto", fn: raw },
    { name: "jose jwtVerify", fn: jose },
    { name: "@guildhall/org-token", fn: viaVerifier(make("node")) },
    { name: "@guildhall/org-token, payloadCacheSize 0", fn: viaVerifier(make("node", 0)) },
    { name: "@guildhall/org-token, jose engine", fn: viaVerifier(make("jose")) },
  ];

  for (const c of contenders) await measure(c.fn, warmupMs);
  const wall = contenders.map(() => [] as number[]);
  const cpu = contenders.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    // Rotate the starting contender each round.
    for (let i = 0; i < contenders.length; i++) {
      const index = (i + r) % contenders.length;
      const c = contenders[index];
      if (c === undefined) continue;
      const figures = await measure(c.fn, roundMs);
      wall[index]?.push(figures.wall);
      cpu[index]?.push(figures.cpu);
    }
  }
  if (fetches !== 3) throw new Error(`expected one JWKS fetch per verifier, saw ${fetches}`);

  const paired = (series: number[][], index: number) =>
    median((series[index] ?? []).map((value, round) => value / (series[0]?.[round] ?? Number.NaN)));
  const rows: OrgTokenVerifyBenchRow[] = contenders.map((c, i) => ({
    name: c.name,
    opsPerSecond: median(wall[i] ?? []),
    opsPerCpuSecond: median(cpu[i] ?? []),
    vsRaw: paired(wall, i),
    vsRawCpu: paired(cpu, i),
    rounds: wall[i] ?? [],
  }));
  const ops = (i: number) => rows[i]?.opsPerSecond ?? 0;
  return {
    alg: "ES256",
    tokenLength: token.length,
    rows,
    raw: ops(0),
    jose: ops(1),
    ours: ops(2),
    oursNoPayloadCache: ops(3),
    oursJoseEngine: ops(4),
    ratio: rows[2]?.vsRaw ?? 0,
    ratioCpu: rows[2]?.vsRawCpu ?? 0,
    ratioNoPayloadCache: rows[3]?.vsRaw ?? 0,
    node: process.version,
    seconds: (performance.now() - began) / 1000,
  };
}

export function printTable(result: OrgTokenVerifyBenchResult): void {
  const width = Math.max(...result.rows.map((row) => row.name.length));
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
  console.log(
    `ES256 organization token (${result.tokenLength} chars), one verification awaited at a time, Node ${result.node}`,
  );
  console.log(
    `${"verifier".padEnd(width)}  ${"verify/s".padStart(9)}  ${"vs raw".padStart(7)}  ${"verify/CPU-s".padStart(12)}  ${"vs raw".padStart(7)}`,
  );
  for (const row of result.rows) {
    console.log(
      `${row.name.padEnd(width)}  ${fmt(row.opsPerSecond).padStart(9)}  ${pct(row.vsRaw).padStart(7)}  ${fmt(row.opsPerCpuSecond).padStart(12)}  ${pct(row.vsRawCpu).padStart(7)}`,
    );
  }
  console.log(
    `ratio ours/raw: ${result.ratio.toFixed(3)} wall clock, ${result.ratioCpu.toFixed(3)} CPU time` +
      ` (payload cache off: ${result.ratioNoPayloadCache.toFixed(3)}); "vs raw" = median of per-round ratios; ${result.seconds.toFixed(1)} s`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runOrgTokenVerifyBench();
  printTable(result);
}
