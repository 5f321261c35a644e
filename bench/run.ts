/**
 * pnpm bench: every performance figure the issues ask for, in one run.
 * Needs PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL/DATABASE_URL, else the
 * local server at postgresql://postgres@127.0.0.1:5432/postgres.
 *
 * `pnpm bench <part> ...` runs the core table and those parts only. Two parts are opt-in,
 * never part of a plain `pnpm bench`: `scale` (the core figures at scale 1 and scale 10; makes
 * the 10,000,000-membership dataset once, several minutes and a few GB) and `memory` (a
 * BENCH_MEMORY_MINUTES soak, default 10). Asked for alone, they skip the core table.
 * BENCH_SCALE=10 runs the other parts on the scale-10 dataset.
 */
import { runCoreBench } from "./core-reads.ts";
import { DATASET, ensureDataset, memberships } from "./dataset.ts";

const adminUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  process.env.DATABASE_URL ??
  "postgresql://postgres@127.0.0.1:5432/postgres";

const PARTS = ["issuance", "rest", "accounts", "jit", "events", "peers", "verify"];
const OPT_IN = ["scale", "memory"];
const only = process.argv.slice(2);
const unknown = only.filter((p) => !PARTS.includes(p) && !OPT_IN.includes(p));
if (unknown.length) {
  console.error(
    `Unknown part ${unknown.join(", ")}: pnpm bench [${PARTS.join("|")}] (opt-in: ${OPT_IN.join(", ")})`,
  );
  process.exit(2);
}
const want = (name: string) =>
  OPT_IN.includes(name) ? only.includes(name) : only.length === 0 || only.includes(name);

function table(title: string, header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
}

const url = await ensureDataset(adminUrl);
console.log(
  `Dataset: ${DATASET.organizations.toLocaleString()} organizations, ${DATASET.users.toLocaleString()} users, ` +
    `${memberships(DATASET).toLocaleString()} memberships, ${DATASET.roles} roles, ${DATASET.permissions} permissions` +
    (DATASET.scale === 1 ? "" : ` (BENCH_SCALE=${DATASET.scale})`),
);
if (only.length === 0 || only.some((p) => !OPT_IN.includes(p))) {
  table(
    "Core services, server-side (PostgreSQL)",
    ["operation", "p50", "p99 / writes"],
    await runCoreBench(url),
  );
  if (only.length === 0)
    console.log(
      "(Opt-in, not run here: `pnpm bench scale`, these figures at scale 1 and scale 10 with their growth; " +
        "`pnpm bench memory`, a 10-minute memory soak of the servers.)",
    );
}

if (want("issuance")) {
  const { runIssuanceBench } = await import("./issuance.ts");
  const r = await runIssuanceBench(url);
  const names = {
    real: "Guildhall POST /oidc/token (refresh_token + organization_id)",
    signer: "bare node:http signer, same JWT",
  } as const;
  const us = (v: number | undefined) => (v === undefined ? "n/a" : `${v} µs`);
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  const spread = (x: { min: number; max: number }) => `${(x.min * 100).toFixed(0)}–${pct(x.max)}`;
  const row = (name: string, x: typeof r.real) => [
    name,
    `${x.rps}/s`,
    x === r.signer ? "100% (reference)" : `${pct(x.vsSigner.median)} (${spread(x.vsSigner)})`,
    `${x.p50.toFixed(1)} ms`,
    `${x.p99.toFixed(1)} ms`,
    String(x.errors),
    us(x.serverCpuUs),
    us(x.postgresCpuUs),
  ];
  table(
    `Organization-token issuance over HTTP, ${r.concurrency} concurrent clients, median of ${r.rounds} interleaved pairs of ${r.phaseMs / 1000} s phases ` +
      `(Guildhall / bare signer = ${pct(r.ratio.median)}, spread ${spread(r.ratio)})`,
    [
      "server",
      "throughput",
      "vs bare signer (pairs' min–max)",
      "p50",
      "p99",
      "unexpected status",
      "server CPU / request",
      "PostgreSQL CPU / request",
    ],
    [
      row(names.real, r.real),
      row(names.signer, r.signer),
      row("(floor) the same endpoint refusing the request before the grant, 400", r.pipeline),
    ],
  );
  const seqRow = (name: string, x: typeof r.seq.real) => [
    name,
    `${x.p50.toFixed(2)} ms`,
    `${x.p99.toFixed(2)} ms`,
  ];
  table(
    `Organization-token issuance, one request at a time (latency; the servers alternate in ${r.rounds} rounds)`,
    ["server", "p50", "p99"],
    [seqRow(names.real, r.seq.real), seqRow(names.signer, r.seq.signer)],
  );
}
if (want("rest")) {
  const { startChild } = await import("./issuance.ts");
  const { runManagementApiBench } = await import("./management-api.ts");
  const server = await startChild("rest", url);
  try {
    const options = {
      baseUrl: `http://127.0.0.1:${server.port}`,
      token: server.token ?? "",
      organizationId: DATASET.bigOrganizationId,
      ...(server.organizationToken ? { organizationToken: server.organizationToken } : {}),
      organizationQuery: "Org 00",
    };
    for (const concurrency of [1, 16]) {
      const rows = await runManagementApiBench({ ...options, concurrency, durationMs: 4000 });
      table(
        `Management API and organization API over HTTP, ${concurrency === 1 ? "one request at a time (latency)" : `${concurrency} concurrent clients (throughput)`}`,
        ["request", "p50", "p99", "req/s", "non-200"],
        rows.map((r) => [
          `GET ${r.path}`,
          `${r.p50.toFixed(2)} ms`,
          `${r.p99.toFixed(2)} ms`,
          String(Math.round(r.requestsPerSecond)),
          String(r.errors),
        ]),
      );
    }
  } finally {
    server.child.kill();
  }
}
if (want("accounts")) {
  const { runAccountsBench } = await import("./accounts.ts");
  table(
    "End-user sign-in (scrypt costs ~0.1 s of one core per password by design)",
    ["operation", "p50", "throughput / p99"],
    await runAccountsBench(url),
  );
}
if (want("jit")) {
  const { runJitSsoBench } = await import("./jit-sso.ts");
  table(
    "Just-in-time provisioning and home-realm discovery",
    ["operation", "p50", "p99"],
    await runJitSsoBench(url),
  );
}
if (want("events")) {
  const { runEventEmissionBench, runFanOutBench, runWebhookThroughputBench } =
    await import("./events.ts");
  table(
    "Events: cost of emission on a membership write (interleaved rounds, one run)",
    ["operation", "p50", "p99"],
    await runEventEmissionBench(url),
  );
  table(
    "Webhooks: delivery throughput",
    ["operation", "throughput", "detail"],
    await runWebhookThroughputBench(url),
  );
  table(
    "Event stream: fan-out (delay from commit to arrival at each client)",
    ["operation", "p50", "p99"],
    await runFanOutBench(url),
  );
}
if (want("peers") && DATASET.scale !== 1)
  console.log(
    "\nPeers: skipped, scale 1 only (Better Auth's copy of the dataset is not made per scale).",
  );
else if (want("peers")) {
  const { runPeersBench } = await import("./peers/run-peers.ts");
  const r = await runPeersBench(url, adminUrl);
  const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(2)} ms`);
  table(
    `Peers: Guildhall and Better Auth ${r.version} (organization plugin) on the same dataset, p50 of ${r.rounds} interleaved rounds`,
    [
      "operation",
      "Guildhall",
      "Better Auth",
      "Better Auth / Guildhall",
      "Guildhall does",
      "Better Auth does",
    ],
    r.rows.map((row) => [
      row.operation,
      ms(row.guildhall),
      row.peer === undefined ? "redeploy" : ms(row.peer),
      row.peer === undefined ? "n/a" : `${(row.peer / row.guildhall).toFixed(2)}x`,
      row.guildhallDoes,
      row.peerDoes,
    ]),
  );
}
if (want("verify")) {
  const { printTable, runOrgTokenVerifyBench } = await import("./org-token-verify.ts");
  console.log("\n@guildhall/org-token verification");
  printTable(await runOrgTokenVerifyBench());
}
if (want("scale")) {
  const { comparedScales, runScaleBench, verdict } = await import("./scale.ts");
  const [a, b] = comparedScales();
  console.log(`\nScale: the core service figures on the scale-${a} and scale-${b} datasets`);
  const r = await runScaleBench(adminUrl);
  const [low, high] = r.datasets;
  if (!low || !high) throw new Error("scale: two datasets expected");
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  for (const d of r.datasets)
    console.log(
      `  scale ${d.scale}: ${d.database}, ${d.size}; ${d.organizations.toLocaleString()} organizations, ` +
        `${d.users.toLocaleString()} users, ${d.memberships.toLocaleString()} memberships, o1 ${d.bigOrganizationMembers.toLocaleString()} members`,
    );
  table(
    `Core services, server-side, scale ${low.scale} and scale ${high.scale} (o1: ${low.bigOrganizationMembers.toLocaleString()} and ${high.bigOrganizationMembers.toLocaleString()} members); ` +
      `each operation alternates between the databases in ${r.rounds} rounds (A B, B A, ...)`,
    [
      "operation",
      `scale ${low.scale} p50`,
      `scale ${high.scale} p50`,
      "growth",
      `p99 (scale ${low.scale} / ${high.scale})`,
      "samples",
      "verdict",
    ],
    r.rows.map((row) => [
      row.name,
      ms(row.p50[0]),
      ms(row.p50[1]),
      `${row.growth.toFixed(2)}x`,
      `${ms(row.p99[0])} / ${ms(row.p99[1])}`,
      String(row.samples),
      verdict(row),
    ]),
  );
}
if (want("memory")) {
  const { runMemoryBench, PLATEAU, HEAP_SLOPE, WARMUP_SECONDS } = await import("./memory.ts");
  console.log(
    `\nMemory: RSS and heap after GC of the servers under mixed load (dataset of scale ${DATASET.scale})`,
  );
  const r = await runMemoryBench(url);
  const mb = (v: number) => `${v.toFixed(0)} MB`;
  const heapSampled = r.servers.every((s) => s.heap);
  table(
    `Resident memory (VmRSS) of each server child, ${r.minutes} min of load, ${r.clients} clients per server, sampled every 10 s`,
    [
      "server",
      "start (idle)",
      "max",
      "end",
      "peak, 1st / 2nd half",
      "median, 2nd quarter -> last",
      "floor, 2nd quarter -> last",
      heapSampled ? "RSS plateaued" : "plateaued",
    ],
    r.servers.map((s) => {
      const change = (c: { before: number; after: number; share: number }) =>
        `${mb(c.before)} -> ${mb(c.after)} (${c.share >= 0 ? "+" : ""}${(c.share * 100).toFixed(1)}%)`;
      return [
        s.name,
        mb(s.start),
        mb(s.max),
        mb(s.end),
        `${mb(s.peaks[0])} / ${mb(s.peaks[1])}`,
        change(s.medians),
        change(s.floors),
        s.plateaued
          ? `yes (both <= ${PLATEAU * 100}%)`
          : `NO (> ${PLATEAU * 100}%)${heapSampled ? "" : ": run longer"}`,
      ];
    }),
  );
  // The verdict: the heap each child keeps after a full collection (see memory.ts).
  const heaps = r.servers.flatMap((s) => (s.heap ? [{ name: s.name, ...s.heap }] : []));
  if (heaps.length) {
    const mb1 = (v: number) => `${v.toFixed(1)} MB`;
    const rate = (v: number) =>
      Number.isNaN(v) ? "n/a" : `${v >= 0 ? "+" : ""}${v.toFixed(2)} MB/min`;
    const at = (seconds: number) =>
      `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
    table(
      `Heap after a full GC (process.memoryUsage() right after global.gc(), once per child per 10 s sample), ${r.minutes} min of load`,
      [
        "server",
        "idle",
        "after warm-up",
        "max",
        "end",
        "heapUsed slope, 2nd half",
        "external (arrayBuffers), warm-up -> end",
        "external slope, 2nd half",
        "GC pause, median / max",
        "levels off",
      ],
      heaps.map((h) => [
        h.name,
        mb1(h.idle),
        `${mb1(h.start.heapUsed)} (${at(h.warmSeconds)})`,
        mb1(h.max),
        mb1(h.end.heapUsed),
        `${rate(h.slopes.heapUsed)} (${h.secondHalf.samples} samples from ${at(h.secondHalf.from)})`,
        `${mb1(h.start.external)} (${mb1(h.start.arrayBuffers)}) -> ${mb1(h.end.external)} (${mb1(h.end.arrayBuffers)})`,
        rate(h.slopes.external),
        `${h.gcMs.median.toFixed(0)} / ${h.gcMs.max.toFixed(0)} ms`,
        h.bounded ? `yes (< ${HEAP_SLOPE} MB/min)` : `NO (>= ${HEAP_SLOPE} MB/min, or n/a)`,
      ]),
    );
    console.log(
      `Levels off: the post-GC heapUsed and external each grow < ${HEAP_SLOPE} MB/min over the second half of the run ` +
        `(least-squares slope; a retained-object leak keeps the post-GC heap rising, V8 sizing its heap moves only RSS; native memory outside V8 shows in RSS alone). ` +
        `After warm-up: the first sample ${WARMUP_SECONDS} s into the load (at most half the run). ` +
        `Each sample pauses each child for one full GC (the pause above, every 10 s); the latencies below include it.`,
    );
  } else
    console.log(
      "Heap after GC not sampled (BENCH_MEMORY_GC=0, or the children did not answer): levels off is the RSS plateau above.",
    );
  table(
    "Requests of the soak",
    ["request", "requests", "req/s", "p50", "p99", "non-200"],
    r.endpoints.map((e) => [
      e.name,
      e.requests.toLocaleString("en-US"),
      e.perSecond.toFixed(0),
      `${e.p50.toFixed(2)} ms`,
      `${e.p99.toFixed(2)} ms`,
      e.firstError ? `${e.errors} (first: ${e.firstError.slice(0, 80)})` : String(e.errors),
    ]),
  );
}
