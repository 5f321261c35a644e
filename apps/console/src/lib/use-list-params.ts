"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useState } from "react";

/**
 * A list's search text, page and extra filters, kept in the URL (`?q=&page=`) so a
 * filtered page can be reloaded, shared and navigated back to.
 */
export function useListParams<K extends string = never>(filters: readonly K[] = []) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const q = params.get("q") ?? "";
  const rawPage = Number(params.get("page") ?? "1");
  const page = Number.isInteger(rawPage) && rawPage > 0 ? rawPage : 1;
  const values = Object.fromEntries(filters.map((f) => [f, params.get(f) ?? ""])) as Record<
    K,
    string
  >;

  const update = useCallback(
    (changes: Record<string, string | number | undefined>) => {
      const next = new URLSearchParams(params.toString());
      for (const [name, value] of Object.entries(changes)) {
        if (value === undefined || value === "" || (name === "page" && value === 1))
          next.delete(name);
        else next.set(name, String(value));
      }
      const search = next.toString();
      router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );

  const setQ = useCallback((value: string) => update({ q: value, page: 1 }), [update]);
  const setPage = useCallback((value: number) => update({ page: value }), [update]);
  const setFilter = useCallback(
    (name: K, value: string) => update({ [name]: value, page: 1 }),
    [update],
  );
  return { q, page, filters: values, setQ, setPage, setFilter };
}

/**
 * After deletions a page can fall past the end of the list (page 3 of 2): step back to the
 * last page instead of showing an empty state.
 */
export function usePageClamp(
  data: { items: unknown[]; total: number; pageSize: number } | undefined,
  page: number,
  setPage: (page: number) => void,
) {
  const past = data !== undefined && data.items.length === 0 && page > 1;
  const last = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  useEffect(() => {
    if (past) setPage(last);
  }, [past, last, setPage]);
  return past;
}

/**
 * The same search text and page as `useListParams`, kept in the component instead of the URL:
 * for a list that is one tab among others on a page (a role's users, permissions).
 */
export function useListState() {
  const [q, setQValue] = useState("");
  const [page, setPage] = useState(1);
  const setQ = useCallback((value: string) => {
    setQValue(value);
    setPage(1);
  }, []);
  return { q, page, setQ, setPage };
}
