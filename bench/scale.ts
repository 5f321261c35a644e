/**
 * pnpm bench scale (issue 17, part 5): every core service figure of the "Core services,
 * server-side" table on the scale-1 dataset and on the scale-10 one (10,000,000
 * memberships, o1 with 100,000 members), and how much it grew. The goal: every per-request
 * figure flat (<= 1.2x); member pages of o1 under 1.5 ms p50 at scale 10, first and last.
 *
 * Both datasets are made if missing (scale 10: several minutes and a few GB, once per
 * migrations fingerprint). Each operation runs against both databases in turns (A B, B A,
 * A B, ...: BENCH_SCALE_ROUNDS rounds, default 10), so drift on a shared machine hits both
 * sides alike; each side records 3 times the samples of the default table.
 * BENCH_SCALE_ONLY="search permissions" keeps the operations whose names hold one of the
 * words. BENCH_SCALE sets the larger side (default 10; BENCH_SCALE=1 compares the scale-1
 * database with itself, which shows the method's noise).
 */
import { createPrismaClient } from "@guildhall/db/client";
import { coreOperations, sampleOperation, warmUp, type CoreOperation } from "./core-reads.ts";
import {
  benchScale,
  databaseSize,
  datasetAt,
  datasetDatabase,
  ensureDataset,
  memberships,
  type Dataset,
} from "./dataset.ts";
import { summarize } from "./stats.ts";

export const FLAT = 1.2;
export const MEMBER_PAGE_TARGET_MS = 1.5;

export interface ScaleRow {
  name: string;
  /** The operation's labels at each scale (e.g. the OFFSET of the last page). */
  labels: [string, string];
  p50: [number, number];
  p99: [number, number];
  samples: number;
  growth: number;
  grows?: string;
  memberPage?: boolean;
}

// Each side records REPEAT times the samples of the default table (a growth ratio needs less
// noise than a single figure does).
const REPEAT = 3;

function rounds() {
  const raw = process.env.BENCH_SCALE_ROUNDS;
  const value = raw === undefined ? 10 : Number(raw);
  if (!Number.isInteger(value) || value < 2 || value % 2)
    throw new Error(`BENCH_SCALE_ROUNDS must be an even integer >= 2 (got ${raw ?? ""})`);
  return value;
}

// Even rounds A then B, odd rounds B then A.
const turn = <T>(items: T[], round: number) => (round % 2 ? [...items].reverse() : items);

/** The scales compared: 1 and BENCH_SCALE, else 10. */
export const comparedScales = (): [number, number] => [
  1,
  process.env.BENCH_SCALE ? benchScale() : 10,
];

export async function runScaleBench(adminUrl: string, log: (s: string) => void = console.log) {
  const datasets = comparedScales().map(datasetAt) as [Dataset, Dataset];
  const urls = [
    await ensureDataset(adminUrl, log, datasets[0]),
    await ensureDataset(adminUrl, log, datasets[1]),
  ];
  const sizes = await Promise.all(datasets.map((d) => databaseSize(adminUrl, datasetDatabase(d))));
  const dbs = urls.map((url) => createPrismaClient(url, { max: 4 }));
  const count = rounds();
  const rows: ScaleRow[] = [];
  try {
    const [low, high] = await Promise.all(
      dbs.map((db, i) =>
        coreOperations(db, datasets[i] ?? datasets[0], { withTemplateWrite: true }),
      ),
    );
    // BENCH_SCALE_ONLY=<words>: only the operations whose name contains one of them.
    const only = (process.env.BENCH_SCALE_ONLY ?? "").split(/[\s,]+/).filter(Boolean);
    for (const [i, a] of (low ?? []).entries()) {
      const b = high?.[i];
      if (only.length && !only.some((w) => a.name.includes(w))) {
        await Promise.all([a.cleanup?.(), b?.cleanup?.()]);
        continue;
      }
      if (!b || b.name !== a.name) throw new Error(`operations differ between scales at ${a.name}`);
      const sides: [CoreOperation, CoreOperation] = [a, b];
      try {
        for (const op of sides) await warmUp(op);
        // Round r takes samples [from, to) of the operation's iterations on each side.
        const iterations = a.iterations * REPEAT;
        const bound = (r: number) => Math.floor((r * iterations) / count);
        const samples: [number[], number[]] = [[], []];
        for (let round = 0; round < count; round++)
          for (const side of turn([0, 1] as const, round))
            samples[side].push(
              ...(await sampleOperation(
                sides[side],
                bound(round + 1) - bound(round),
                bound(round),
              )),
            );
        const [s0, s1] = [summarize(samples[0]), summarize(samples[1])];
        rows.push({
          name: a.name,
          labels: [a.label, b.label],
          p50: [s0.p50, s1.p50],
          p99: [s0.p99, s1.p99],
          samples: s0.n,
          growth: s1.p50 / s0.p50,
          ...(a.grows ? { grows: a.grows } : {}),
          ...(a.memberPage ? { memberPage: true } : {}),
        });
        log(`  ${a.name}: ${s0.p50.toFixed(2)} ms / ${s1.p50.toFixed(2)} ms`);
      } finally {
        for (const op of sides) await op.cleanup?.();
      }
    }
  } finally {
    await Promise.all(dbs.map((db) => db.$disconnect()));
  }
  return {
    rounds: count,
    datasets: datasets.map((d, i) => ({
      scale: d.scale,
      database: datasetDatabase(d),
      size: sizes[i] ?? "",
      organizations: d.organizations,
      users: d.users,
      memberships: memberships(d),
      bigOrganizationMembers: d.bigOrganizationMembers,
    })),
    rows,
  };
}

/** The verdict column: flat, grows, and the member page target. */
export function verdict(row: ScaleRow) {
  const flat = row.growth <= FLAT ? `flat (<= ${FLAT}x)` : `GROWS (> ${FLAT}x)`;
  const parts = [row.grows ? `${flat}; not held to it: ${row.grows}` : flat];
  if (row.memberPage)
    parts.push(
      `${row.p50[1] < MEMBER_PAGE_TARGET_MS ? "meets" : "MISSES"} p50 < ${MEMBER_PAGE_TARGET_MS} ms`,
    );
  return parts.join("; ");
}
