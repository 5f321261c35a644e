/**
 * pnpm bench memory (issue 17, part 5): does a server's memory level off under steady load?
 *
 * Starts the two servers the other parts start in child processes (the Management API and
 * organization API, as `pnpm bench rest`; the OIDC provider, as `pnpm bench issuance`), drives
 * mixed load at both for BENCH_MEMORY_MINUTES (default 10; tokens last an hour) and reads
 * each child's resident memory (VmRSS in /proc/<pid>/status, Linux) every 10 s:
 *   - Management API: pages of o1's members walked by cursor, a member's scopes (effective
 *     permissions) in a random organization, organization search;
 *   - organization API: o1's member pages walked by cursor, with an organization token;
 *   - OIDC: organization tokens (refresh_token + organization_id) for 8 members of o1.
 * Each server gets CLIENTS clients in a closed loop. The answer: start, max and end RSS, and
 * the growth over the last half of the run (a leak keeps growing; a heap settles): the
 * median and the floor of the last quarter against those of the second quarter.
 *
 * RSS cannot tell a slow leak from V8 growing its old space, so at each sample each child
 * also runs a full garbage collection and reports its heap right after it (heapUsed,
 * external, arrayBuffers: what is still reachable). Retained objects show as a post-GC heap
 * that keeps rising; heap sizing does not. The verdict uses the post-GC heap: bounded when
 * it grows less than HEAP_SLOPE MB a minute over the second half (least squares). The
 * collection pauses each child once per sample. BENCH_MEMORY_GC=0: RSS only, no collections.
 */
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createPrismaClient } from "@guildhall/db/client";
import { DATASET, membershipOrganization, type Dataset } from "./dataset.ts";
import { organizationTokenRequests, startChild } from "./issuance.ts";
import { median, summarize } from "./stats.ts";

const SAMPLE_MS = 10_000;
const CLIENTS = 4;
/** Growth over the last half of the run (quarter medians and floors) up to this share: a plateau. */
export const PLATEAU = 0.05;
/** Post-GC heap (heapUsed, and external) growing less than this over the second half: bounded. */
export const HEAP_SLOPE = 0.5; // MB per minute
/** Load before the post-GC heap's start figure (JIT, pools, caches); at most half the run. */
export const WARMUP_SECONDS = 60;
const GC_TIMEOUT_MS = 5_000;

function minutes() {
  const raw = process.env.BENCH_MEMORY_MINUTES;
  const value = raw === undefined ? 10 : Number(raw);
  if (!(value > 0 && value <= 50))
    throw new Error(`BENCH_MEMORY_MINUTES must be in (0, 50] (got ${raw ?? ""})`);
  return value;
}

/** Post-GC memory of a child, MB, and the collection's pause (ms). */
export interface HeapAfterGc {
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  gcMs: number;
}

let gcRequests = 0;

/**
 * Asks a child started with startChild's `heapAfterGc` to run a full collection and report
 * its memory right after; undefined if it cannot (no IPC channel, ended, no answer in time).
 */
export function heapAfterGc(child: ChildProcess): Promise<HeapAfterGc | undefined> {
  if (!child.connected) return Promise.resolve(undefined);
  const id = ++gcRequests;
  return new Promise((resolve) => {
    const done = (value: HeapAfterGc | undefined) => {
      clearTimeout(timeout);
      child.off("message", onMessage);
      resolve(value);
    };
    type Reply = { heapAfterGc?: number; gcMs?: number; memory?: NodeJS.MemoryUsage } | null;
    const onMessage = (m: Reply) => {
      if (m?.heapAfterGc !== id || !m.memory) return;
      const mb = (bytes: number) => bytes / 1024 / 1024;
      done({
        heapUsed: mb(m.memory.heapUsed),
        external: mb(m.memory.external),
        arrayBuffers: mb(m.memory.arrayBuffers),
        gcMs: m.gcMs ?? NaN,
      });
    };
    const timeout = setTimeout(() => done(undefined), GC_TIMEOUT_MS);
    child.on("message", onMessage);
    child.send({ heapAfterGc: id }, (error) => {
      if (error) done(undefined);
    });
  });
}

/** Resident memory of a process in MB, from /proc (Linux); undefined elsewhere or once it ended. */
export function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

interface Endpoint {
  name: string;
  latencies: number[];
  errors: number;
  firstError?: string;
}

function endpoint(name: string): Endpoint {
  return { name, latencies: [], errors: 0 };
}

async function call(e: Endpoint, url: string, init: RequestInit) {
  const start = performance.now();
  const response = await fetch(url, init);
  const text = await response.text();
  e.latencies.push(performance.now() - start);
  if (response.status !== 200) {
    e.errors += 1;
    e.firstError ??= `${response.status} ${text.slice(0, 200)}`;
  }
  return response;
}

/** One client walking a member list by cursor: each call is the next page, then from the top. */
function walker(e: Endpoint, first: string, headers: Record<string, string>) {
  let cursor: string | null = null;
  return async () => {
    const url: string = cursor ? `${first}&cursor=${encodeURIComponent(cursor)}` : first;
    const response = await call(e, url, { headers });
    cursor = response.status === 200 ? response.headers.get("next-cursor") : null;
  };
}

export interface MemorySample {
  seconds: number;
  rss: Record<"rest" | "oidc", number | undefined>;
  /** Read after the RSS, each child having just collected; absent under BENCH_MEMORY_GC=0. */
  heap: Record<"rest" | "oidc", HeapAfterGc | undefined>;
}

export async function runMemoryBench(
  url: string,
  d: Dataset = DATASET,
  log: (s: string) => void = console.log,
) {
  const runMs = minutes() * 60_000;
  const gc = process.env.BENCH_MEMORY_GC !== "0";
  const db = createPrismaClient(url, { max: 2 });
  const rest = await startChild("rest", url, { heapAfterGc: gc });
  const oidc = await startChild("guildhall", url, { heapAfterGc: gc });
  const children = { rest: rest.child, oidc: oidc.child };
  let applicationId: string | undefined;
  try {
    const restBase = `http://127.0.0.1:${rest.port}`;
    const oidcBase = `http://127.0.0.1:${oidc.port}`;
    const requests = await organizationTokenRequests(db, oidcBase, 8);
    applicationId = requests.applicationId;
    const management = { authorization: `Bearer ${rest.token ?? ""}`, accept: "application/json" };
    const member = {
      authorization: `Bearer ${rest.organizationToken ?? ""}`,
      accept: "application/json",
    };
    const o1 = encodeURIComponent(d.bigOrganizationId);
    const e = {
      pages: endpoint(`GET /api/organizations/${o1}/users (walked by cursor)`),
      scopes: endpoint("GET /api/organizations/{id}/users/{userId}/scopes"),
      search: endpoint("GET /api/organizations?q=Org%20NN"),
      myPages: endpoint(`GET /api/my/organizations/${o1}/users (walked by cursor)`),
      tokens: endpoint("POST /oidc/token (refresh_token + organization_id)"),
    };
    let started = performance.now();
    // RSS first (as the load left it), then the children's heap after a full collection.
    const sample = async (): Promise<MemorySample> => {
      const seconds = Math.round((performance.now() - started) / 1000);
      const rss = { rest: rssMb(children.rest.pid), oidc: rssMb(children.oidc.pid) };
      const [restHeap, oidcHeap] = gc
        ? await Promise.all([heapAfterGc(children.rest), heapAfterGc(children.oidc)])
        : [undefined, undefined];
      return { seconds, rss, heap: { rest: restHeap, oidc: oidcHeap } };
    };
    const figures = (rss: number | undefined, heap: HeapAfterGc | undefined) =>
      `${rss?.toFixed(0) ?? "?"} MB` +
      (gc ? ` (heap after GC ${heap ? `${heap.heapUsed.toFixed(1)} MB` : "?"})` : "");
    const show = (s: MemorySample) =>
      log(
        `  ${String(Math.floor(s.seconds / 60)).padStart(2)}:${String(s.seconds % 60).padStart(2, "0")}  ` +
          `Management/organization API ${figures(s.rss.rest, s.heap.rest)}, OIDC ${figures(s.rss.oidc, s.heap.oidc)}, ` +
          `${Object.values(e)
            .reduce((n, x) => n + x.latencies.length, 0)
            .toLocaleString("en-US")} requests`,
      );
    log(
      `Memory soak: ${runMs / 60_000} min, RSS every ${SAMPLE_MS / 1000} s (the first before any load)` +
        (gc
          ? `, then each child's heap right after a full GC (global.gc(): one pause per child per sample, in the latencies below)`
          : " (BENCH_MEMORY_GC=0: no heap after GC)"),
    );
    const samples: MemorySample[] = [await sample()];
    show(samples[0] as MemorySample);
    started = performance.now();
    const deadline = started + runMs;
    let pending: Promise<void> = Promise.resolve();
    const timer = setInterval(() => {
      pending = Promise.all([pending, sample()]).then(([, s]) => {
        samples.push(s);
        show(s);
      });
    }, SAMPLE_MS);
    // A client in a closed loop until the deadline; `i` picks its next request.
    const loop = async (client: number, step: (i: number) => Promise<void>) => {
      for (let i = client; performance.now() < deadline; i++) await step(i);
    };
    const restClient = (client: number) => {
      const pages = walker(
        e.pages,
        `${restBase}/api/organizations/${o1}/users?page_size=20`,
        management,
      );
      const myPages = walker(
        e.myPages,
        `${restBase}/api/my/organizations/${o1}/users?page_size=20`,
        member,
      );
      return loop(client, async (i) => {
        if (i % 4 === 0) await pages();
        else if (i % 4 === 1) {
          // A real membership: user u's k-th organization (k = 1..9).
          const u = 1 + ((i * 7919 + client) % d.users);
          const org = membershipOrganization(d, u, 1 + (i % (d.membershipsPerUser - 1)));
          await call(e.scopes, `${restBase}/api/organizations/${org}/users/u${u}/scopes`, {
            headers: management,
          });
        } else if (i % 4 === 2) {
          const q = encodeURIComponent(`Org ${String(i % 100).padStart(2, "0")}`);
          await call(e.search, `${restBase}/api/organizations?q=${q}`, { headers: management });
        } else await myPages();
      });
    };
    const tokenClient = (client: number) =>
      loop(client, async (i) => {
        await call(e.tokens, `${oidcBase}/oidc/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: requests.bodies[i % requests.bodies.length] ?? "",
        });
      });
    try {
      await Promise.all(
        Array.from({ length: CLIENTS }, (_, c) => [restClient(c), tokenClient(c)]).flat(),
      );
    } finally {
      clearInterval(timer);
      await pending;
    }
    const last = await sample();
    if ((samples[samples.length - 1]?.seconds ?? 0) < last.seconds) {
      samples.push(last);
      show(last);
    }
    const elapsed = (performance.now() - started) / 1000;
    return {
      minutes: runMs / 60_000,
      clients: CLIENTS,
      samples,
      servers: (["rest", "oidc"] as const).map((k) => ({
        name: k === "rest" ? "Management API + organization API" : "OIDC provider (token endpoint)",
        ...summarizeRss(samples.map((s) => ({ seconds: s.seconds, mb: s.rss[k] }))),
        heap: summarizeHeap(samples.map((s) => ({ seconds: s.seconds, heap: s.heap[k] }))),
      })),
      endpoints: Object.values(e).map((x) => {
        const { n, p50, p99 } = summarize(x.latencies);
        return {
          name: x.name,
          requests: n,
          perSecond: n / elapsed,
          p50,
          p99,
          errors: x.errors,
          ...(x.firstError ? { firstError: x.firstError } : {}),
        };
      }),
    };
  } finally {
    rest.child.kill();
    oidc.child.kill();
    if (applicationId) await db.application.delete({ where: { id: applicationId } });
    await db.$disconnect();
  }
}

/**
 * Start (before load), max and end RSS, and whether it levelled off. RSS saws up and down
 * with garbage collection, so two windows half a run apart are compared, the second
 * quarter of the run and the last one: their medians, and their floors (lowest sample, what
 * the heap keeps after collecting). A plateau: neither grew more than PLATEAU.
 */
export function summarizeRss(series: { seconds: number; mb: number | undefined }[]) {
  const known = series.filter((s): s is { seconds: number; mb: number } => s.mb !== undefined);
  const total = known[known.length - 1]?.seconds ?? 0;
  const within = (from: number, to: number) =>
    known
      .filter((s) => s.seconds > 0 && s.seconds >= from * total && s.seconds <= to * total)
      .map((s) => s.mb);
  const [second, last] = [within(0.25, 0.5), within(0.75, 1)];
  const change = (before: number, after: number) => ({
    before,
    after,
    share: (after - before) / before,
  });
  const medians = change(median(second), median(last));
  const floors = change(Math.min(...second), Math.min(...last));
  return {
    start: known[0]?.mb ?? NaN,
    max: Math.max(...known.map((s) => s.mb)),
    end: known[known.length - 1]?.mb ?? NaN,
    peaks: [Math.max(...within(0, 0.5)), Math.max(...within(0.5, 1))] as [number, number],
    medians,
    floors,
    plateaued: medians.share <= PLATEAU && floors.share <= PLATEAU,
  };
}

/** Least-squares slope of mb over seconds, in MB per minute; NaN under two points. */
export function slopePerMinute(points: { seconds: number; mb: number }[]) {
  if (points.length < 2) return NaN;
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.seconds, 0) / n;
  const my = points.reduce((a, p) => a + p.mb, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.seconds - mx) * (p.mb - my);
    sxx += (p.seconds - mx) ** 2;
  }
  return sxx === 0 ? NaN : (sxy / sxx) * 60;
}

/**
 * The post-GC heap of one child: idle (before load), after the warm-up (the first sample
 * WARMUP_SECONDS into the load, at most half the run), max and end, and the least-squares
 * slope over the second half of the run, of heapUsed and of external (which includes
 * arrayBuffers, and WASM memory such as Prisma's query compiler). Bounded: both slopes
 * < HEAP_SLOPE. Undefined when no sample has a heap (BENCH_MEMORY_GC=0, or the children
 * never answered).
 */
export function summarizeHeap(series: { seconds: number; heap: HeapAfterGc | undefined }[]) {
  const known = series.filter((s): s is { seconds: number; heap: HeapAfterGc } => !!s.heap);
  const end = known[known.length - 1];
  if (end === undefined) return undefined;
  const total = series[series.length - 1]?.seconds ?? 0;
  const idle = known.find((s) => s.seconds === 0)?.heap;
  const loaded = known.filter((s) => s.seconds > 0);
  const warm = loaded.find((s) => s.seconds >= Math.min(WARMUP_SECONDS, total / 2)) ?? end;
  const secondHalf = loaded.filter((s) => s.seconds >= total / 2);
  const slope = (pick: (h: HeapAfterGc) => number) =>
    slopePerMinute(secondHalf.map((s) => ({ seconds: s.seconds, mb: pick(s.heap) })));
  const slopes = { heapUsed: slope((h) => h.heapUsed), external: slope((h) => h.external) };
  const pauses = loaded.map((s) => s.heap.gcMs);
  return {
    samples: known.length,
    idle: idle?.heapUsed ?? NaN,
    warmSeconds: warm.seconds,
    start: warm.heap,
    max: Math.max(...known.map((s) => s.heap.heapUsed)),
    end: end.heap,
    secondHalf: { from: secondHalf[0]?.seconds ?? NaN, samples: secondHalf.length },
    slopes,
    gcMs: { median: median(pauses), max: Math.max(...pauses) },
    bounded: slopes.heapUsed < HEAP_SLOPE && slopes.external < HEAP_SLOPE,
  };
}
