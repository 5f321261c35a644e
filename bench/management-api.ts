/**
 * Management API latency over HTTP: p50/p99 of
 *   GET /api/organizations/{id}/users?page_size=20   (an organization with many members)
 *   GET /api/organizations?q=                        (many organizations)
 * with `concurrency` clients looping on `fetch`, each request timed with performance.now().
 *
 * The server under test should run without the per-client rate limit (or with a limit above
 * the request rate), or most requests are 429s; non-200 answers are counted as errors.
 *
 * Run alone: npx tsx bench/management-api.ts <baseUrl> <token> <organizationId>
 */
import { summarize } from "./stats.ts";

export interface ManagementApiBenchOptions {
  /** Origin of the server, e.g. http://127.0.0.1:3000. */
  baseUrl: string;
  /** A Management API access token (scope `all`). */
  token: string;
  /** The organization whose members are listed (the one with 10,000 members). */
  organizationId: string;
  /**
   * An organization token of a member of that organization holding `guildhall:members:read`:
   * adds the organization API's member page (`/api/my/...`), token verification included.
   */
  organizationToken?: string;
  /** `q` of the organization search. Default "" (no filter: the first page of all of them). */
  organizationQuery?: string;
  /** Clients in flight. Default 16. */
  concurrency?: number;
  /** Measured time per endpoint. Default 5000 ms. */
  durationMs?: number;
  /** Unmeasured warm-up requests per endpoint. Default 50. */
  warmup?: number;
}

export interface ManagementApiBenchRow {
  name: string;
  path: string;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  /** Status and start of the body of the first non-200 answer. */
  firstError?: string;
}

async function measure(
  name: string,
  url: string,
  headers: Record<string, string>,
  {
    concurrency,
    durationMs,
    warmup,
  }: Required<Pick<ManagementApiBenchOptions, "concurrency" | "durationMs" | "warmup">>,
): Promise<ManagementApiBenchRow> {
  const once = async () => {
    const response = await fetch(url, { headers });
    const text = await response.text();
    return { status: response.status, text };
  };
  for (let i = 0; i < warmup; i += 1) await once();

  const samples: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const start = performance.now();
        const { status, text } = await once();
        samples.push(performance.now() - start);
        if (status !== 200) {
          errors += 1;
          firstError ??= `${status} ${text.slice(0, 200)}`;
        }
      }
    }),
  );
  const elapsed = performance.now() - started;
  const { n, p50, p99, max } = summarize(samples);
  return {
    name,
    path: new URL(url).pathname + new URL(url).search,
    requests: n,
    requestsPerSecond: Math.round((n / elapsed) * 1000),
    p50,
    p99,
    max,
    errors,
    ...(firstError ? { firstError } : {}),
  };
}

/** Times the two Management API reads over HTTP; one row per endpoint. */
export async function runManagementApiBench(
  options: ManagementApiBenchOptions,
): Promise<ManagementApiBenchRow[]> {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const headers = { authorization: `Bearer ${options.token}`, accept: "application/json" };
  const settings = {
    concurrency: options.concurrency ?? 16,
    durationMs: options.durationMs ?? 5000,
    warmup: options.warmup ?? 50,
  };
  const members = `${baseUrl}/api/organizations/${encodeURIComponent(options.organizationId)}/users?page_size=20`;
  const organizations = `${baseUrl}/api/organizations?q=${encodeURIComponent(options.organizationQuery ?? "")}`;
  const rows = [
    await measure("List organization members (page_size=20)", members, headers, settings),
    await measure("Search organizations (q)", organizations, headers, settings),
  ];
  if (options.organizationToken) {
    const myMembers = `${baseUrl}/api/my/organizations/${encodeURIComponent(options.organizationId)}/users?page_size=20`;
    const memberHeaders = { ...headers, authorization: `Bearer ${options.organizationToken}` };
    rows.push(
      await measure(
        "Organization API: members page (organization token)",
        myMembers,
        memberHeaders,
        settings,
      ),
    );
  }
  return rows;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const [baseUrl, token, organizationId] = process.argv.slice(2);
  if (!baseUrl || !token || !organizationId) {
    console.error("usage: tsx bench/management-api.ts <baseUrl> <token> <organizationId>");
    process.exit(2);
  }
  for (const row of await runManagementApiBench({ baseUrl, token, organizationId })) {
    console.log(
      `${row.name}: p50 ${row.p50.toFixed(2)} ms, p99 ${row.p99.toFixed(2)} ms, ${row.requestsPerSecond}/s, ${row.errors} errors${row.firstError ? ` (${row.firstError})` : ""}`,
    );
  }
}
