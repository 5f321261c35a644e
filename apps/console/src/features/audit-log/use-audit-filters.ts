"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

/** The filters of the audit log as URL parameters, so a filtered view can be reloaded and shared. */
export const FILTER_KEYS = [
  "actorId",
  "actorType",
  "organizationId",
  "action",
  "targetType",
  "targetId",
  "from",
  "to",
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type AuditFilters = Partial<Record<FilterKey, string>>;

/**
 * The audit log's filters and the open entry (`?entry=`), kept in the URL. `setFilters`
 * replaces every filter at once (one navigation, so none is lost to a stale read).
 */
export function useAuditFilters() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const key = params.toString();
  const filters = useMemo(() => {
    const read = new URLSearchParams(key);
    const values: AuditFilters = {};
    for (const name of FILTER_KEYS) {
      const value = read.get(name);
      if (value) values[name] = value;
    }
    return values;
  }, [key]);
  const entryId = params.get("entry");

  const navigate = useCallback(
    (next: URLSearchParams) => {
      const search = next.toString();
      router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
    },
    [pathname, router],
  );

  const setFilters = useCallback(
    (values: AuditFilters) => {
      const next = new URLSearchParams(key);
      for (const name of FILTER_KEYS) {
        const value = values[name]?.trim();
        if (value) next.set(name, value);
        else next.delete(name);
      }
      next.delete("entry");
      navigate(next);
    },
    [key, navigate],
  );

  const setEntryId = useCallback(
    (id: string | null) => {
      const next = new URLSearchParams(key);
      if (id) next.set("entry", id);
      else next.delete("entry");
      navigate(next);
    },
    [key, navigate],
  );

  return { filters, setFilters, entryId, setEntryId };
}
