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
 */
import { readFileSync } from "node:fs";
import { createPrismaClient } from "@guildhall/db/client";
import { DATASET, membershipOrganization, type Dataset } from "./dataset.ts";
import { organizationTokenRequests, startChild } from "./issuance.ts";
import { median, summarize } from "./stats.ts";

const SAMPLE_MS = 10_000;
const CLIENTS = 4;
/** Growth over the last half of the run (quarter medians and floors) up to this share: a plateau. */
export const PLATEAU = 0.05;

function minutes() {
  const raw = process.env.BENCH_MEMORY_MINUTES;
  const value = raw === undefined ? 10 : Number(raw);
  if (!(value > 0 && value <= 50))
    throw new Error(`BENCH_MEMORY_MINUTES must be in (0, 50] (got ${raw ?? ""})`);
  return value;
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
}

export async function runMemoryBench(
  url: string,
  d: Dataset = DATASET,
  log: (s: string) => void = console.log,
) {
  const runMs = minutes() * 60_000;
  const db = createPrismaClient(url, { max: 2 });
  const rest = await startChild("rest", url);
  const oidc = await startChild("guildhall", url);
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
    const sample = (): MemorySample => ({
      seconds: Math.round((performance.now() - started) / 1000),
      rss: { rest: rssMb(children.rest.pid), oidc: rssMb(children.oidc.pid) },
    });
    const show = (s: MemorySample) =>
      log(
        `  ${String(Math.floor(s.seconds / 60)).padStart(2)}:${String(s.seconds % 60).padStart(2, "0")}  ` +
          `Management/organization API ${s.rss.rest?.toFixed(0) ?? "?"} MB, OIDC ${s.rss.oidc?.toFixed(0) ?? "?"} MB, ` +
          `${Object.values(e)
            .reduce((n, x) => n + x.latencies.length, 0)
            .toLocaleString("en-US")} requests`,
      );
    log(
      `Memory soak: ${runMs / 60_000} min, RSS every ${SAMPLE_MS / 1000} s (the first before any load)`,
    );
    const samples: MemorySample[] = [sample()];
    show(samples[0] as MemorySample);
    started = performance.now();
    const deadline = started + runMs;
    const timer = setInterval(() => {
      const s = sample();
      samples.push(s);
      show(s);
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
    }
    const last = sample();
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
