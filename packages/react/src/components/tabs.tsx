import { useId, useRef, type KeyboardEvent, type ReactNode } from "react";
import { parts } from "./styles.ts";

export interface TabDefinition<T extends string> {
  id: T;
  label: string;
  panel: ReactNode;
}

/**
 * WAI-ARIA tabs with automatic activation: arrow keys, Home and End move between tabs and
 * show their panel; only the selected tab is in the tab order.
 */
export function Tabs<T extends string>({
  label,
  tabs,
  selected,
  onSelect,
  unstyled,
}: {
  label: string;
  tabs: TabDefinition<T>[];
  selected: T;
  onSelect: (id: T) => void;
  unstyled?: boolean | undefined;
}) {
  const part = parts(unstyled);
  const base = useId();
  const refs = useRef(new Map<T, HTMLButtonElement>());

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = tabs.findIndex((tab) => tab.id === selected);
    const last = tabs.length - 1;
    const next =
      event.key === "ArrowRight"
        ? index === last
          ? 0
          : index + 1
        : event.key === "ArrowLeft"
          ? index === 0
            ? last
            : index - 1
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? last
              : undefined;
    const tab = next === undefined ? undefined : tabs[next];
    if (!tab) return;
    event.preventDefault();
    onSelect(tab.id);
    refs.current.get(tab.id)?.focus();
  }

  const current = tabs.find((tab) => tab.id === selected);
  return (
    <div className="gh-tabs">
      <div role="tablist" aria-label={label} {...part("tabList")} onKeyDown={onKeyDown}>
        {tabs.map((tab) => {
          const isSelected = tab.id === selected;
          return (
            <button
              key={tab.id}
              ref={(element) => {
                if (element) refs.current.set(tab.id, element);
                else refs.current.delete(tab.id);
              }}
              type="button"
              role="tab"
              id={`${base}-tab-${tab.id}`}
              aria-selected={isSelected}
              aria-controls={`${base}-panel-${tab.id}`}
              tabIndex={isSelected ? 0 : -1}
              {...part(isSelected ? "tabSelected" : "tab")}
              onClick={() => onSelect(tab.id)}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      {current ? (
        <div
          role="tabpanel"
          id={`${base}-panel-${current.id}`}
          aria-labelledby={`${base}-tab-${current.id}`}
          tabIndex={0}
          className="gh-tab-panel"
          style={unstyled ? undefined : { paddingTop: "0.75rem" }}
        >
          {current.panel}
        </div>
      ) : null}
    </div>
  );
}
