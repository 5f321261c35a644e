import { E, RestError } from "./errors.ts";
import type { ListResult, Page } from "./router.ts";

/**
 * Most entries a list with optional pagination answers when `page` and `page_size` are left
 * out. Logto returns everything there; Guildhall bounds it so one request cannot read a whole
 * table: beyond it the answer is 400 `guard.invalid_pagination`, asking for pages.
 */
export const MAX_UNPAGINATED_ENTRIES = 1_000;

/** Page size used to read an unpaginated list from services (their largest page). */
const READ_PAGE_SIZE = 100;

/** 400 `guard.invalid_pagination` when an unpaginated list would hold more than the maximum. */
export function assertUnpaginatedTotal(total: number): void {
  if (total <= MAX_UNPAGINATED_ENTRIES) return;
  throw new RestError(
    E.invalidPagination,
    `This list has ${total} entries, more than the ${MAX_UNPAGINATED_ENTRIES} returned without pagination: pass page and page_size.`,
    { data: { total, maxUnpaginated: MAX_UNPAGINATED_ENTRIES } },
  );
}

function idOf(item: unknown): unknown {
  return typeof item === "object" && item !== null && "id" in item ? item.id : undefined;
}

/**
 * Optional pagination (Logto's `isPaginationOptional`) over a paginated service: with a page,
 * that page; without, every entry, read 100 at a time, or 400 `guard.invalid_pagination` when
 * there are more than `MAX_UNPAGINATED_ENTRIES` (checked on the first read, before the rest).
 * Use it in an `optionalListRoute` handler; for an in-memory list use `pageOf`.
 *
 * @example
 * handler: async ({ ctx, query, page }) => {
 *   const { items, total } = await pageOrAll(page, (p) => listThings(ctx, { q: query.q, ...p }));
 *   return { items: items.map(toRest), total };
 * },
 */
export async function pageOrAll<T>(
  page: Page | null,
  list: (page: Page) => Promise<ListResult<T>>,
): Promise<ListResult<T>> {
  if (page) return list(page);
  const first = await list({ page: 1, pageSize: READ_PAGE_SIZE });
  assertUnpaginatedTotal(first.total);
  const items = [...first.items];
  const seen = new Set(first.items.map(idOf));
  const lastPage = Math.ceil(MAX_UNPAGINATED_ENTRIES / READ_PAGE_SIZE);
  // The pages are separate reads: a row inserted meanwhile shifts the offsets, so an entry
  // read twice is kept once, and a short page (rows deleted meanwhile) ends the list.
  for (let next = 2; items.length < first.total && next <= lastPage; next += 1) {
    const more = await list({ page: next, pageSize: READ_PAGE_SIZE });
    for (const item of more.items) {
      const key = idOf(item);
      if (key !== undefined && seen.has(key)) continue;
      seen.add(key);
      items.push(item);
    }
    if (more.items.length < READ_PAGE_SIZE) break;
  }
  return { items, total: items.length };
}
