import { z } from "zod";
import { id, searchInput } from "../common.ts";

/**
 * Schemas that give the REST Management API its Logto shape. They are built from the
 * schemas services use (`.pick`, `.extend`), so a rule changes in one place.
 *
 * Named schemas carry `.meta({ id })`: the OpenAPI document lists them under
 * `components.schemas`.
 */

/** Timestamps travel as Unix epoch milliseconds, as in Logto. */
export const restTimestamp = z.number().int().meta({ description: "Unix epoch milliseconds." });

/** Largest `page` accepted; beyond it a request is surely a mistake (400, not an empty page). */
export const REST_MAX_PAGE = 1_000_000_000;
export const REST_DEFAULT_PAGE_SIZE = 20;
export const REST_MAX_PAGE_SIZE = 100;

/** `page` (1-based) and `page_size`, Logto's query names. */
export const restPaginationQuery = z.object({
  page: z.coerce
    .number()
    .int("page must be a whole number")
    .min(1, "page starts at 1")
    .max(REST_MAX_PAGE, `page is at most ${REST_MAX_PAGE}`)
    .default(1)
    .meta({ description: "Page number, starting at 1." }),
  page_size: z.coerce
    .number()
    .int("page_size must be a whole number")
    .min(1, "page_size must be at least 1")
    .max(REST_MAX_PAGE_SIZE, `page_size is at most ${REST_MAX_PAGE_SIZE}`)
    .default(REST_DEFAULT_PAGE_SIZE)
    .meta({
      description: `Entries per page (default ${REST_DEFAULT_PAGE_SIZE}, at most ${REST_MAX_PAGE_SIZE}).`,
    }),
});
export type RestPaginationQuery = z.output<typeof restPaginationQuery>;

/** `q`: the search text of list endpoints. */
export const restSearchQuery = z.object({
  q: searchInput.meta({
    description: "Search text. Matches part of the name (any case) or the exact id.",
  }),
});

/** Every error body: Logto's `{ code, message, data?, details? }`. */
export const restError = z
  .object({
    code: z.string().meta({ description: "Stable error code, e.g. `entity.not_exists_with_id`." }),
    message: z.string().meta({ description: "What went wrong and how to fix it, for people." }),
    data: z
      .unknown()
      .optional()
      .meta({ description: "Details for programs, e.g. the ids that were not found." }),
    details: z.string().optional().meta({ description: "Validation details, one issue per line." }),
  })
  .meta({ id: "Error" });
export type RestError = z.output<typeof restError>;

/**
 * A field Logto has and Guildhall does not (yet): a value is a 400, never silently dropped.
 * `null` (or leaving it out) is fine: it asks for what Guildhall has anyway.
 */
export function restUnsupported(field: string) {
  return z
    .null({ error: `${field} is not supported by Guildhall.` })
    .optional()
    .meta({ description: `Not supported: only \`null\` or absent; a value is rejected with 400.` });
}

/** Path parameters. */
export const restIdParams = z.object({ id });
export const restUserIdParams = z.object({ userId: id });
export const restMemberParams = z.object({ id, userId: id });
export const restMemberRoleParams = z.object({ id, userId: id, organizationRoleId: id });
export const restRoleScopeParams = z.object({ id, organizationScopeId: id });

/** `{ id, name }`: how lists of related entities are embedded. */
export const restRef = z.object({ id: z.string(), name: z.string() });
