import { z } from "zod";
import { findJsonProblem, isSafeText, UNSAFE_TEXT_MESSAGE } from "./text.ts";

/**
 * The check every input string carries: no NUL, no unpaired surrogate (see `isSafeText`).
 * A new check each call, so each schema owns its own.
 */
export function safeText() {
  return z.refine<string>(isSafeText, { message: UNSAFE_TEXT_MESSAGE, abort: true });
}

/**
 * The base of every input string: build names, ids and search text from this, never from
 * `z.string()`, so NUL or a lone surrogate is a 400 with a clear message, not a database error.
 * (`input-schemas.test.ts` in @guildhall/api walks every procedure and route to hold us to it.)
 */
export function text() {
  return z.string().check(safeText());
}

/**
 * An absolute URL (WHATWG) as input, at most `maxLength` characters. Refuses whitespace and
 * control characters before parsing: the URL parser silently drops a tab or newline, so the
 * text stored would not be the URL used, and a CR/LF that reaches a `Location` header is a
 * crash or a header injection.
 */
export function url(message = "Enter a full URL, including https://", maxLength = 2048) {
  return text()
    .max(maxLength, `A URL must be at most ${maxLength} characters`)
    .refine(
      // eslint-disable-next-line no-control-regex -- control characters are what it refuses
      (value) => !/[\u0000-\u0020\u007f]/.test(value),
      "A URL cannot contain spaces or control characters (tab, CR, LF): percent-encode them.",
    )
    .pipe(z.url(message));
}

/** Where an http (not https) image may live: this machine, for local development. */
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Whether a URL may be shown as an image (`src`, emails, tokens): https, or http on
 * localhost / 127.0.0.1 / [::1]; no credentials in it. Every other scheme is refused,
 * `javascript:` and `data:` above all.
 */
export function isImageUrl(value: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return false;
  }
  if (parsed.username !== "" || parsed.password !== "") return false;
  return (
    parsed.protocol === "https:" ||
    (parsed.protocol === "http:" && LOCAL_HOSTS.has(parsed.hostname))
  );
}

/** An image URL as input (organization logos): an absolute URL (`url`) that `isImageUrl` accepts. */
export function imageUrl(message = "Use an https:// URL (http:// only for localhost)") {
  return url(message).refine(isImageUrl, message);
}

export const id = text().trim().min(1, "Id is required").max(64, "Id is too long");

/** 1-based page and page size, the shape every list takes. */
export const paginationInput = z.object({
  page: z.coerce.number().int().min(1, "page starts at 1").default(1),
  pageSize: z.coerce
    .number()
    .int()
    .min(1, "pageSize must be at least 1")
    .max(100, "pageSize is at most 100")
    .default(20),
});
export type PaginationInput = z.input<typeof paginationInput>;

export const searchInput = text().trim().max(200).optional();

export function paginated<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}
export interface Paginated<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const email = text()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address").max(254));

export const password = text()
  .min(8, "Password must be at least 8 characters")
  .max(256, "Password must be at most 256 characters");

/** Permission names look like `invite:member`: no spaces (they travel space-separated in `scope`). */
export const permissionName = text()
  .trim()
  .min(1, "Name is required")
  .max(128, "Name must be at most 128 characters")
  .regex(/^[^\s]+$/, "Name cannot contain spaces");

export const roleName = text()
  .trim()
  .min(1, "Name is required")
  .max(128, "Name must be at most 128 characters");

export const description = text().trim().max(2000, "Description must be at most 2000 characters");

/**
 * A JSON object given by clients (custom data, message payloads): any shape, but every key and
 * string inside is safe text and it nests at most `MAX_JSON_DEPTH` levels (checked without
 * recursion, so a hostile depth cannot overflow the stack).
 */
export const jsonObject = z.record(text(), z.unknown()).superRefine((value, ctx) => {
  const problem = findJsonProblem(value);
  if (problem) ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
});

export const roleType = z.enum(["User", "MachineToMachine"]);
export type RoleType = z.infer<typeof roleType>;

export const date = z.coerce.date();
