/**
 * pnpm bench: every performance figure the issues ask for, in one run.
 * Needs PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL/DATABASE_URL, else the
 * local server at postgresql://postgres@127.0.0.1:5432/postgres.
 */
import { runCoreBench } from "./core-reads.ts";
import { DATASET, ensureDataset } from "./dataset.ts";

const adminUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  process.env.DATABASE_URL ??
  "postgresql://postgres@127.0.0.1:5432/postgres";

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
    `${(DATASET.users * DATASET.membershipsPerUser).toLocaleString()} memberships, ${DATASET.roles} roles, ${DATASET.permissions} permissions`,
);
table(
  "Core services, server-side (PostgreSQL)",
  ["operation", "p50", "p99 / writes"],
  await runCoreBench(url),
);

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
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
if (want("peers")) {
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
