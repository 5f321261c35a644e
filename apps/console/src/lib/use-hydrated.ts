"use client";

import { useEffect, useSyncExternalStore } from "react";
import type { FieldPath, FieldValues, UseFormReturn } from "react-hook-form";

const subscribe = () => () => undefined;

/**
 * False while the server's HTML is all there is, true once React runs in the browser.
 * Forms on server-rendered pages stay disabled until then: a submit before it would be a
 * native post that reloads the page, and react-hook-form resets what was typed anyway.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

/**
 * useHydrated for a form whose fields are disabled until hydration, focusing `first`
 * once they are enabled (autoFocus fires while they are still disabled).
 */
export function useHydratedForm<T extends FieldValues>(
  form: UseFormReturn<T>,
  first: FieldPath<T>,
): boolean {
  const hydrated = useHydrated();
  useEffect(() => {
    if (hydrated) form.setFocus(first);
  }, [hydrated, form, first]);
  return hydrated;
}
