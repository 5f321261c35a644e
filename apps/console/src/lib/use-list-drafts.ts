"use client";

import { useState, type BaseSyntheticEvent } from "react";
import type { FieldValues, Path, PathValue, UseFormReturn } from "react-hook-form";

/** `list` with `draft` added at the end (trimmed); the same list when it is empty or already there. */
export function withDraft(list: readonly string[], draft: string): string[] {
  const entry = draft.trim();
  return entry === "" || list.includes(entry) ? [...list] : [...list, entry];
}

/**
 * What was typed into the "add" box of a form's list inputs (redirect URIs, CORS origins…)
 * but not added with its button. Submitting the form adds it to its list first, so it is
 * saved (or refused with the list's own validation message), never silently dropped.
 *
 * @example
 * const drafts = useListDrafts(form);
 * <form onSubmit={drafts.submit(form.handleSubmit(save))}>
 *   <UriListEditor {...drafts.editor("redirectUris")} value={…} onChange={…} />
 *   <Button type="submit" disabled={!isDirty && !drafts.pending}>Save</Button>
 */
export function useListDrafts<T extends FieldValues>(form: UseFormReturn<T>) {
  // A list field's path. `Path` rather than a path-by-value type: the zod input types of
  // list fields (`string[] | undefined`, with a default) would match none.
  type ListPath = Path<T>;
  const [drafts, setDrafts] = useState<Partial<Record<ListPath, string>>>({});
  return {
    /** True while some box holds text not yet added: a form that saves only changes counts it. */
    pending: Object.values(drafts).some((d) => typeof d === "string" && d.trim() !== ""),
    /** The draft props of the list input for `name`. */
    editor: (name: ListPath) => ({
      draft: drafts[name] ?? "",
      onDraftChange: (draft: string) => setDrafts((all) => ({ ...all, [name]: draft })),
    }),
    /** Wraps the form's submit handler: adds every pending entry to its list, then submits. */
    submit:
      (handler: (event?: BaseSyntheticEvent) => Promise<void>) =>
      (event?: BaseSyntheticEvent): Promise<void> => {
        for (const [name, draft] of Object.entries(drafts) as [ListPath, string | undefined][]) {
          if (!draft?.trim()) continue;
          const list = (form.getValues(name) as string[] | undefined) ?? [];
          form.setValue(name, withDraft(list, draft) as PathValue<T, ListPath>, {
            shouldDirty: true,
          });
        }
        setDrafts({});
        return handler(event);
      },
  };
}
