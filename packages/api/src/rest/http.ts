import {
  findJsonProblem,
  findUrlEncodingProblem,
  jsonTextNestsDeeperThan,
  MAX_JSON_DEPTH,
} from "@guildhall/validators";
import { restPaginationQuery } from "@guildhall/validators/rest";
import type { z } from "zod";
import { E, formatIssues, RestError } from "./errors.ts";
import type { CursorPage, Page } from "./router.ts";
import { MAX_BODY_BYTES, readLimitedBody } from "../shared/read-limited-body.ts";

/** Request bodies above this are refused with 413 (Logto's koa-body default is also 1 MB). */
export { MAX_BODY_BYTES };

/** Parses one part of the request with its schema; a failure is 400 `guard.invalid_input`. */
export function parsePart<S extends z.ZodType>(
  part: "params" | "query" | "body",
  schema: S,
  value: unknown,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    path: i.path.map(String),
    message: i.message,
    code: i.code,
  }));
  const first = issues[0];
  const where = first?.path.length ? ` ${first.path.join(".")}:` : "";
  throw new RestError(
    E.invalidInput,
    `The request ${part} is invalid.${where} ${first?.message ?? ""}`.trim(),
    {
      data: { type: part, issues },
      details: formatIssues(issues),
    },
  );
}

/** Query parameters as an object (the first value of a repeated name). */
export function queryObject(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) if (!(key in query)) query[key] = value;
  return query;
}

/**
 * The path and query as sent must percent-decode to text: `%ZZ`, escapes that are not UTF-8 and
 * `%00` are 400 `guard.invalid_input` before any route sees them (the same rule as the server's
 * edge guard, for when this handler is mounted elsewhere).
 */
export function assertUrlEncoding(url: URL): void {
  for (const [type, part] of [
    ["params", url.pathname],
    ["query", url.search],
  ] as const) {
    const problem = findUrlEncodingProblem(part);
    if (problem) {
      throw new RestError(
        E.invalidInput,
        `The request ${type === "params" ? "path" : "query"} is invalid: ${problem}`,
        {
          data: { type, issues: [{ path: [], message: problem }] },
        },
      );
    }
  }
}

/** Path parameters, percent-decoded. A malformed escape is bad input, not a crash. */
export function decodeParams(raw: Record<string, string>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    try {
      params[key] = decodeURIComponent(value);
    } catch {
      throw new RestError(
        E.invalidInput,
        `The request params is invalid. ${key}: malformed percent-encoding.`,
        {
          data: {
            type: "params",
            issues: [{ path: [key], message: "Malformed percent-encoding" }],
          },
        },
      );
    }
  }
  return params;
}

/**
 * `page` and `page_size` from the query (empty counts as absent). Bad values are 400
 * `guard.invalid_pagination`, as in Logto. Returns null for optional pagination left out.
 */
export function parsePagination(url: URL, optional: boolean): Page | null {
  const raw = (name: string) => url.searchParams.get(name) || undefined;
  const page = raw("page");
  const pageSize = raw("page_size");
  if (optional && page === undefined && pageSize === undefined) return null;
  const result = restPaginationQuery.safeParse({ page, page_size: pageSize });
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({
      path: i.path.map(String),
      message: i.message,
      code: i.code,
    }));
    throw new RestError(
      E.invalidPagination,
      `The request pagination value is invalid: ${issues[0]?.message ?? ""}.`,
      {
        data: { issues },
        details: formatIssues(issues),
      },
    );
  }
  return { page: result.data.page, pageSize: result.data.page_size };
}

/**
 * The page of a cursor list: `page_size`, and `page` only when given (Logto's numbered pages).
 * `page` with `cursor` is 400 `guard.invalid_pagination`: they are two ways of paging.
 */
export function parseCursorPagination(url: URL): CursorPage {
  const page = parsePagination(url, true);
  const numbered = (url.searchParams.get("page") || undefined) !== undefined;
  if (numbered && url.searchParams.get("cursor")) {
    throw new RestError(
      E.invalidPagination,
      "The request pagination value is invalid: give either cursor or page, not both.",
      { data: { issues: [{ path: ["page"], message: "page and cursor cannot be combined" }] } },
    );
  }
  return { page: numbered && page ? page.page : null, pageSize: page?.pageSize ?? 20 };
}

/** `Link` to the next page of a cursor list: the same query with `cursor` set. */
export function nextCursorLink(baseUrl: string, url: URL, cursor: string): string {
  const params = new URLSearchParams(url.searchParams);
  params.set("cursor", cursor);
  return `<${baseUrl}${url.pathname}?${params.toString()}>; rel="next"`;
}

/** RFC 8288 `Link` header for a page: first, prev, next, last, keeping the other query parameters. */
export function linkHeader(baseUrl: string, url: URL, page: Page, total: number): string {
  const last = Math.max(1, Math.ceil(total / page.pageSize));
  const link = (n: number, rel: string) => {
    const params = new URLSearchParams(url.searchParams);
    params.set("page", String(n));
    return `<${baseUrl}${url.pathname}?${params.toString()}>; rel="${rel}"`;
  };
  const links = [link(1, "first")];
  if (page.page > 1) links.push(link(Math.min(page.page - 1, last), "prev"));
  if (page.page < last) links.push(link(page.page + 1, "next"));
  links.push(link(last, "last"));
  return links.join(", ");
}

function isJson(contentType: string): boolean {
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

/**
 * The JSON body. An empty body reads as `{}` (as in Logto); a body that is not JSON, is sent
 * with another content type, or is over `MAX_BODY_BYTES` is refused with a 4xx.
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const bytes = await readLimitedBody(request, MAX_BODY_BYTES);
  if (!bytes) throw tooLarge();
  if (bytes.length === 0) return {};
  const contentType = request.headers.get("content-type");
  if (contentType && !isJson(contentType)) {
    throw new RestError(
      E.invalidInput,
      `The request body must be JSON: send it with \`Content-Type: application/json\` (got \`${contentType}\`).`,
      {
        data: { type: "body" },
      },
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new RestError(E.invalidInput, "The request body is not valid UTF-8.", {
      data: { type: "body" },
    });
  }
  if (text.trim() === "") return {};
  // Depth is read from the text before parsing: nothing downstream (zod, Prisma, PostgreSQL's
  // jsonb) then sees a document nested deep enough to exhaust its stack.
  if (jsonTextNestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new RestError(
      E.invalidInput,
      `The request body nests too deep: at most ${MAX_JSON_DEPTH} levels of objects and arrays.`,
      {
        data: { type: "body" },
      },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new RestError(E.invalidInput, "The request body is not valid JSON.", {
      data: { type: "body" },
      details: error instanceof Error ? error.message : undefined,
    });
  }
  // Every string and key, wherever it sits (custom data included), must be storable text.
  const problem = findJsonProblem(value);
  if (problem) {
    const where = problem.path.length > 0 ? ` ${problem.path.join(".")}:` : "";
    throw new RestError(E.invalidInput, `The request body is invalid.${where} ${problem.message}`, {
      data: {
        type: "body",
        issues: [{ path: problem.path.map(String), message: problem.message }],
      },
    });
  }
  return value;
}

function tooLarge() {
  return new RestError(
    E.payloadTooLarge,
    `The request body is over ${MAX_BODY_BYTES / 1024 / 1024} MB.`,
  );
}

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Headers = new Headers(),
): Response {
  headers.set("Content-Type", "application/json; charset=utf-8");
  return new Response(JSON.stringify(body), { status, headers });
}
