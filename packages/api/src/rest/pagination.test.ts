import { describe, expect, it, vi } from "vitest";
import { isRestError } from "./errors.ts";
import { MAX_UNPAGINATED_ENTRIES, pageOrAll } from "./pagination.ts";
import type { Page } from "./router.ts";

/** A paginated service over `rows`, recording the pages asked for. */
function service(rows: { id: string }[]) {
  const pages: Page[] = [];
  const list = vi.fn((page: Page) => {
    pages.push(page);
    const start = (page.page - 1) * page.pageSize;
    return Promise.resolve({ items: rows.slice(start, start + page.pageSize), total: rows.length });
  });
  return { list, pages };
}
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}` }));

describe("pageOrAll (optional pagination)", () => {
  it("with a page, asks for that page only", async () => {
    const { list, pages } = service(rows(250));
    const result = await pageOrAll({ page: 2, pageSize: 10 }, list);
    expect(result.items.map((r) => r.id)).toEqual(
      rows(20)
        .slice(10)
        .map((r) => r.id),
    );
    expect(result.total).toBe(250);
    expect(pages).toEqual([{ page: 2, pageSize: 10 }]);
  });

  it("without one, reads every entry 100 at a time", async () => {
    const { list, pages } = service(rows(250));
    const result = await pageOrAll(null, list);
    expect(result.items).toEqual(rows(250));
    expect(result.total).toBe(250);
    expect(pages.map((p) => p.page)).toEqual([1, 2, 3]);
  });

  it(`answers 400 guard.invalid_pagination past ${MAX_UNPAGINATED_ENTRIES}, after one read`, async () => {
    const { list, pages } = service(rows(MAX_UNPAGINATED_ENTRIES + 1));
    const error: unknown = await pageOrAll(null, list).catch((e: unknown) => e);
    expect(isRestError(error)).toBe(true);
    if (!isRestError(error)) return;
    expect(error.spec).toEqual({ status: 400, code: "guard.invalid_pagination" });
    expect(error.message).toMatch(/pass page and page_size/);
    expect(pages).toHaveLength(1);
    expect((await pageOrAll(null, service(rows(MAX_UNPAGINATED_ENTRIES)).list)).total).toBe(
      MAX_UNPAGINATED_ENTRIES,
    );
  });

  it("keeps an entry once when a row inserted between reads shifts the pages", async () => {
    const data = rows(150);
    const list = vi.fn((page: Page) => {
      // After the first read, a row is inserted at the front: page 2 starts one entry earlier.
      if (page.page === 2) data.unshift({ id: "new" });
      const start = (page.page - 1) * page.pageSize;
      return Promise.resolve({ items: data.slice(start, start + page.pageSize), total: 150 });
    });
    const result = await pageOrAll(null, list);
    const ids = result.items.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain("r149");
  });
});
