"use client";

import * as Popover from "@radix-ui/react-popover";
import { ChevronDown, Loader2 } from "lucide-react";
import { useId, type ReactNode } from "react";
import { cn } from "@/lib/cn";
import { Badge } from "./badge";
import { Checkbox } from "./checkbox";
import { controlClasses } from "./input";
import { SearchInput } from "./search-input";

export interface Option {
  id: string;
  label: string;
  hint?: string | null;
}

/**
 * Pick several items from a searchable list (searched on the server: `onSearchChange`).
 * Chosen items show as removable chips; the list is a group of checkboxes, so it works
 * with Tab, Space and screen readers.
 */
export function MultiSelect({
  label,
  selected,
  onChange,
  options,
  search,
  onSearchChange,
  loading,
  emptyText = "Nothing matches.",
  placeholder = "Choose…",
  footer,
  id,
  describedBy,
  invalid,
}: {
  /** Accessible name of the trigger and the option group. */
  label: string;
  selected: Option[];
  onChange: (selected: Option[]) => void;
  options: Option[];
  search: string;
  onSearchChange: (value: string) => void;
  loading?: boolean;
  emptyText?: string;
  placeholder?: string;
  footer?: ReactNode;
  id?: string;
  describedBy?: string;
  invalid?: boolean;
}) {
  const groupId = useId();
  const chosen = new Set(selected.map((s) => s.id));
  const toggle = (option: Option, on: boolean) =>
    onChange(on ? [...selected, option] : selected.filter((s) => s.id !== option.id));
  // The trigger's name contains its visible text (WCAG 2.5.3, label in name).
  const summary = selected.length ? `${selected.length} selected` : placeholder;

  return (
    <div className="grid gap-2">
      <Popover.Root>
        <Popover.Trigger
          id={id}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          className={cn(controlClasses, "flex h-9 items-center justify-between text-left")}
          aria-label={`${label}: ${summary}`}
        >
          <span className={selected.length ? "text-foreground" : "text-muted-foreground"}>
            {summary}
          </span>
          <ChevronDown className="size-4 text-muted-foreground" aria-hidden />
        </Popover.Trigger>
        <Popover.Portal>
          <Popover.Content
            align="start"
            sideOffset={4}
            className="z-[60] grid w-[var(--radix-popover-trigger-width)] min-w-64 gap-2 rounded-md border border-border bg-card p-2 shadow-lg"
          >
            <SearchInput
              value={search}
              onChange={onSearchChange}
              label={`Search ${label.toLowerCase()}`}
              className="sm:w-full"
            />
            <div role="group" aria-labelledby={groupId} className="max-h-64 overflow-y-auto">
              <span id={groupId} className="sr-only">
                {label}
              </span>
              {loading ? (
                <p className="flex items-center gap-2 px-2 py-3 text-sm text-muted-foreground">
                  <Loader2 className="size-4 animate-spin" aria-hidden /> Loading…
                </p>
              ) : options.length === 0 ? (
                <p className="px-2 py-3 text-sm text-muted-foreground">{emptyText}</p>
              ) : (
                options.map((option) => (
                  <label
                    key={option.id}
                    className="flex cursor-pointer items-start gap-2 rounded px-2 py-1.5 text-sm hover:bg-muted"
                  >
                    <Checkbox
                      className="mt-0.5"
                      checked={chosen.has(option.id)}
                      onCheckedChange={(on) => toggle(option, on === true)}
                    />
                    <span className="grid">
                      <span className="font-medium">{option.label}</span>
                      {option.hint ? (
                        <span className="text-xs text-muted-foreground">{option.hint}</span>
                      ) : null}
                    </span>
                  </label>
                ))
              )}
            </div>
            {footer}
          </Popover.Content>
        </Popover.Portal>
      </Popover.Root>
      {selected.length > 0 ? (
        <ul className="flex flex-wrap gap-1.5" aria-label={`Selected ${label.toLowerCase()}`}>
          {selected.map((s) => (
            <li key={s.id}>
              <Badge
                tone="primary"
                onRemove={() => toggle(s, false)}
                removeLabel={`Remove ${s.label}`}
              >
                {s.label}
              </Badge>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
