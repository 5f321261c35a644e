import {
  findJsonProblem,
  findUrlEncodingProblem,
  jsonTextNestsDeeperThan,
  MAX_JSON_DEPTH,
} from "@guildhall/validators";
import { TRPCError } from "@trpc/server";
import { MAX_BODY_BYTES, readLimitedBody } from "../shared/read-limited-body.ts";

/** Request bodies above this are refused with 413, as on the REST API. */
export const MAX_TRPC_BODY_BYTES = MAX_BODY_BYTES;

function badRequest(message: string): TRPCError {
  return new TRPCError({ code: "BAD_REQUEST", message });
}

/**
 * The edge check of a tRPC request, before tRPC parses anything: the URL percent-decodes to
 * text, the body (or GET's `input`) is at most 1 MB, nests at most `MAX_JSON_DEPTH` levels
 * and holds no NUL or lone surrogate in any string or key. tRPC hands the input to superjson,
 * which copies it recursively: a deep document would overflow the stack there (a 500), and a
 * NUL would reach PostgreSQL. The procedures' zod schemas refuse the same strings; this
 * covers the JSON they never look into and gives one clear message.
 *
 * Call it from `createContext` (which tRPC runs before reading the body): the body is read
 * from a clone, and what is thrown is answered as a tRPC error (400 / 413).
 *
 * @example
 * createContext: async () => { await assertSafeTrpcRequest(req); return createTrpcContext(...) }
 */
export async function assertSafeTrpcRequest(req: Request): Promise<void> {
  const url = new URL(req.url);
  const encoding = findUrlEncodingProblem(url.pathname + url.search);
  if (encoding) throw badRequest(`The request URL is invalid: ${encoding}`);

  let json: string | null = url.searchParams.get("input");
  if (req.method !== "GET" && req.method !== "HEAD" && req.body) {
    const declared = Number(req.headers.get("content-length") ?? "0");
    if (declared > MAX_TRPC_BODY_BYTES) throw tooLarge();
    const bytes = await readLimitedBody(req.clone(), MAX_TRPC_BODY_BYTES);
    if (!bytes) throw tooLarge();
    json = new TextDecoder().decode(bytes);
  }
  if (!json) return;
  if (jsonTextNestsDeeperThan(json, MAX_JSON_DEPTH)) {
    throw badRequest(
      `The input nests too deep: at most ${MAX_JSON_DEPTH} levels of objects and arrays.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(json) as unknown;
  } catch {
    // tRPC answers unparsable JSON itself (400 PARSE_ERROR).
    return;
  }
  const problem = findJsonProblem(value);
  if (problem) {
    // Batches are `{ "0": { json: ... } }`: name the field, not the envelope.
    const path = problem.path.filter((key) => key !== "json").join(".");
    throw badRequest(`The input is invalid.${path ? ` ${path}:` : ""} ${problem.message}`);
  }
}

function tooLarge(): TRPCError {
  return new TRPCError({
    code: "PAYLOAD_TOO_LARGE",
    message: `The request body is over ${MAX_TRPC_BODY_BYTES / 1024 / 1024} MB.`,
  });
}
