"use client";

import type { EventName } from "@guildhall/validators";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { Badge } from "@/components/ui/badge";
import { Checkbox } from "@/components/ui/checkbox";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { errorMessage } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { EVENT_CATEGORY_HINTS, groupEvents } from "./webhook-form";

/**
 * The events a webhook subscribes to, as checkbox groups by category (User, Role, …), each
 * with a checkbox for the whole group. Every control is a labelled checkbox: Tab and Space.
 */
export function EventPicker({
  value,
  onChange,
  error,
  disabled,
}: {
  value: readonly EventName[];
  onChange: (events: EventName[]) => void;
  error?: string;
  disabled?: boolean;
}) {
  const trpc = useTRPC();
  const catalog = useQuery({ ...trpc.webhook.eventNames.queryOptions(), staleTime: Infinity });
  const errorId = useId();
  const chosen = new Set(value);
  const set = (names: readonly EventName[], on: boolean) => {
    const next = new Set(chosen);
    for (const name of names) {
      if (on) next.add(name);
      else next.delete(name);
    }
    // Catalog order, so the saved list reads like the picker.
    const order = (catalog.data ?? []).map((e) => e.name);
    onChange(order.filter((name) => next.has(name)));
  };

  return (
    <fieldset
      className="grid gap-2"
      aria-describedby={error ? errorId : undefined}
      data-testid="webhook-events"
    >
      <legend className="mb-1.5 text-sm font-medium">
        Events
        <span className="text-danger" aria-hidden>
          {" "}
          *
        </span>
        <span className="ml-2 font-normal text-muted-foreground">{value.length} selected</span>
      </legend>
      {catalog.isPending ? (
        <Skeleton className="h-40" />
      ) : catalog.isError ? (
        <ErrorState message={errorMessage(catalog.error)} onRetry={() => void catalog.refetch()} />
      ) : (
        <div className="grid gap-3 sm:grid-cols-2">
          {groupEvents(catalog.data).map((group) => {
            const names = group.events.map((e) => e.name);
            const count = names.filter((n) => chosen.has(n)).length;
            const all = count === names.length;
            const groupId = `${errorId}-${group.category.replace(/\s+/g, "-")}`;
            return (
              <fieldset
                key={group.category}
                className="grid content-start gap-2 rounded-md border border-border p-3"
              >
                <legend className="sr-only">{group.category} events</legend>
                <div className="flex items-start gap-2">
                  <Checkbox
                    id={groupId}
                    checked={all ? true : count > 0 ? "indeterminate" : false}
                    disabled={disabled}
                    onCheckedChange={(checked) => set(names, checked === true)}
                    aria-describedby={`${groupId}-hint`}
                    className="mt-0.5"
                    data-testid={`event-group-${group.category}`}
                  />
                  <div className="grid gap-0.5 text-sm">
                    <span>
                      <label htmlFor={groupId} className="font-medium">
                        All {group.category.toLowerCase()} events
                      </label>{" "}
                      <span className="text-muted-foreground">
                        ({count}/{names.length})
                      </span>
                    </span>
                    <span id={`${groupId}-hint`} className="text-xs text-muted-foreground">
                      {EVENT_CATEGORY_HINTS[group.category]}
                    </span>
                  </div>
                </div>
                <ul className="grid gap-1.5 border-t border-border pt-2 pl-1">
                  {group.events.map((event) => {
                    const id = `${errorId}-${event.name}`;
                    return (
                      <li key={event.name} className="flex items-start gap-2">
                        <Checkbox
                          id={id}
                          checked={chosen.has(event.name)}
                          disabled={disabled}
                          onCheckedChange={(checked) => set([event.name], checked === true)}
                          aria-describedby={`${id}-description`}
                          className="mt-0.5"
                        />
                        <div className="grid gap-0.5 text-sm">
                          <span className="flex flex-wrap items-center gap-1.5">
                            <label htmlFor={id} className="font-mono text-xs">
                              {event.name}
                            </label>
                            {/* Logto has no such event: a receiver written for Logto never sees it. */}
                            {event.logto ? null : <Badge>Guildhall</Badge>}
                          </span>
                          <span id={`${id}-description`} className="text-xs text-muted-foreground">
                            {event.description}
                          </span>
                        </div>
                      </li>
                    );
                  })}
                </ul>
              </fieldset>
            );
          })}
        </div>
      )}
      {error ? (
        <p id={errorId} className="text-xs font-medium text-danger" data-testid="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
