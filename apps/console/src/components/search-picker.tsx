"use client";

import { useQuery, type QueryKey, type UseQueryOptions } from "@tanstack/react-query";
import { useState } from "react";
import { useFormField } from "@/components/ui/form-field";
import { MultiSelect, type Option } from "@/components/ui/multi-select";
import { useTRPC } from "@/trpc/react";

type TRPC = ReturnType<typeof useTRPC>;
type Page = { items: readonly unknown[]; total: number };

/** What a call site gives a feature's picker: the picked options, kept by the form. */
export interface PickerProps {
  value: Option[];
  onChange: (value: Option[]) => void;
}

/** What an empty list says: while searching, and when there are no rows at all. */
export interface PickerEmpty {
  matching: (search: string) => string;
  none: string;
}

/**
 * Search-as-you-type over one tRPC list query: every keystroke asks the server for the
 * first page matching `q`, and the user picks several rows. A feature configures it once
 * (its query, how a row reads, its texts) in its own `...Picker` component; inside a
 * FormField it takes the field's id, description and invalid state.
 */
export function SearchPicker<D extends Page, E, K extends QueryKey>({
  value,
  onChange,
  label,
  query,
  option,
  exclude,
  placeholder,
  empty,
  noteTruncation = false,
}: PickerProps & {
  /** Accessible name of the trigger and the option group, e.g. "Users". */
  label: string;
  /** The list query for a search (`q` is undefined while the search box is empty). */
  query: (trpc: TRPC, q: string | undefined) => UseQueryOptions<D, E, D, K>;
  /** How a row reads in the list: its label and a hint under it. */
  option: (item: D["items"][number]) => Option;
  /** Ids to leave out of the list (e.g. the ones the entity already has). */
  exclude?: readonly string[];
  /** The trigger's text while nothing is picked. */
  placeholder: string;
  empty: PickerEmpty;
  /** Say so when the page holds fewer rows than match, so the user knows to search. */
  noteTruncation?: boolean;
}) {
  const trpc = useTRPC();
  const field = useFormField();
  const [search, setSearch] = useState("");
  const result = useQuery(query(trpc, search || undefined));
  const options = result.data?.items.map(option) ?? [];
  return (
    <MultiSelect
      label={label}
      id={field?.id}
      describedBy={field?.describedBy}
      invalid={field?.invalid}
      selected={value}
      onChange={onChange}
      options={exclude ? options.filter((o) => !exclude.includes(o.id)) : options}
      search={search}
      onSearchChange={setSearch}
      loading={result.isPending}
      placeholder={placeholder}
      emptyText={search ? empty.matching(search) : empty.none}
      footer={
        noteTruncation && result.data && result.data.total > result.data.items.length ? (
          <p className="px-2 text-xs text-muted-foreground">
            Showing {result.data.items.length} of {result.data.total}. Search to find others.
          </p>
        ) : null
      }
    />
  );
}
