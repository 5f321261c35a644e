import type { CSSProperties } from "react";

/** What every component takes to fit the app's look. */
export interface StyleProps {
  /** Added to the component's root element (every element also has a `gh-…` class to style). */
  className?: string;
  /** Merged into the root element's style. */
  style?: CSSProperties;
  /** Drop the built-in inline styles and style the `gh-…` classes yourself. */
  unstyled?: boolean;
}

const line = "1px solid rgba(127, 127, 127, 0.45)";

/**
 * The built-in look: neutral, inherits the app's font and colors (light or dark), and sets
 * styles through the DOM, so a Content-Security-Policy without 'unsafe-inline' allows it.
 */
export const defaultStyles = {
  root: { display: "grid", gap: "0.75rem", fontFamily: "inherit", color: "inherit" },
  heading: { margin: 0, fontSize: "1.125rem" },
  form: { display: "grid", gap: "0.5rem", maxWidth: "32rem" },
  inline: { display: "flex", flexWrap: "wrap", gap: "0.5rem", alignItems: "center" },
  field: { display: "grid", gap: "0.25rem" },
  label: { fontWeight: 600 },
  input: {
    font: "inherit",
    padding: "0.4rem 0.55rem",
    border: line,
    borderRadius: "0.375rem",
    background: "transparent",
    color: "inherit",
  },
  button: {
    font: "inherit",
    padding: "0.4rem 0.85rem",
    borderRadius: "0.375rem",
    border: "1px solid currentColor",
    background: "transparent",
    color: "inherit",
    cursor: "pointer",
  },
  primaryButton: {
    font: "inherit",
    padding: "0.4rem 0.85rem",
    borderRadius: "0.375rem",
    border: "1px solid #4338ca",
    background: "#4338ca",
    color: "#fff",
    cursor: "pointer",
  },
  dangerButton: {
    font: "inherit",
    padding: "0.4rem 0.85rem",
    borderRadius: "0.375rem",
    border: "1px solid #b91c1c",
    background: "#b91c1c",
    color: "#fff",
    cursor: "pointer",
  },
  table: { width: "100%", borderCollapse: "collapse" },
  cell: { textAlign: "left", padding: "0.45rem", borderBottom: line, verticalAlign: "top" },
  list: { listStyle: "none", margin: 0, padding: 0, display: "grid", gap: "0.25rem" },
  item: {
    display: "flex",
    gap: "0.5rem",
    alignItems: "center",
    justifyContent: "space-between",
    padding: "0.35rem 0.5rem",
    border: line,
    borderRadius: "0.375rem",
  },
  tabList: { display: "flex", gap: "0.25rem", borderBottom: line },
  tab: {
    fontFamily: "inherit",
    fontSize: "inherit",
    fontWeight: 400,
    padding: "0.45rem 0.85rem",
    border: "none",
    borderBottom: "2px solid transparent",
    background: "transparent",
    color: "inherit",
    cursor: "pointer",
  },
  tabSelected: {
    fontFamily: "inherit",
    fontSize: "inherit",
    padding: "0.45rem 0.85rem",
    border: "none",
    borderBottom: "2px solid currentColor",
    background: "transparent",
    color: "inherit",
    fontWeight: 600,
    cursor: "pointer",
  },
  muted: { opacity: 0.75 },
  error: {
    margin: 0,
    padding: "0.5rem 0.75rem",
    border: "1px solid #b91c1c",
    borderLeftWidth: "4px",
    borderRadius: "0.375rem",
  },
  status: { margin: 0 },
  confirm: {
    display: "grid",
    gap: "0.5rem",
    padding: "0.5rem 0.75rem",
    border: "1px solid #b91c1c",
    borderRadius: "0.375rem",
  },
} satisfies Record<string, CSSProperties>;

export type StylePart = keyof typeof defaultStyles;

/** Hidden from sight, read by screen readers: labels of controls a table row already explains. */
export const visuallyHidden: CSSProperties = {
  position: "absolute",
  width: "1px",
  height: "1px",
  padding: 0,
  margin: "-1px",
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
  border: 0,
};

/** `part(name)`: the class and built-in style of one element (no style when unstyled). */
export interface PartProps {
  className: string;
  style?: CSSProperties;
}

export function parts(
  unstyled: boolean | undefined,
): (name: StylePart, extra?: CSSProperties) => PartProps {
  return (name, extra) => ({
    className: `gh-${name}`,
    ...(unstyled
      ? extra
        ? { style: extra }
        : {}
      : { style: { ...defaultStyles[name], ...extra } }),
  });
}

/** The root element's class and style: the component's own, then the app's. */
export function rootProps(name: string, props: StyleProps): Required<PartProps> {
  return {
    className: [`gh-${name}`, props.className].filter(Boolean).join(" "),
    style: { ...(props.unstyled ? {} : defaultStyles.root), ...props.style },
  };
}
