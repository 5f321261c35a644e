import { parts } from "./styles.ts";

/** Previous/next through a paginated list, with where the user is. */
export function Pagination({
  label,
  page,
  pageSize,
  total,
  noun,
  onPage,
  unstyled,
}: {
  label: string;
  page: number;
  pageSize: number;
  total: number;
  /** Plural, e.g. "members". */
  noun: string;
  onPage: (page: number) => void;
  unstyled?: boolean | undefined;
}) {
  const part = parts(unstyled);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav aria-label={label} {...part("inline")}>
      <button
        type="button"
        {...part("button")}
        disabled={page <= 1}
        onClick={() => onPage(page - 1)}
      >
        Previous
      </button>
      <span>
        Page {page} of {pages} · {total} {noun}
      </span>
      <button
        type="button"
        {...part("button")}
        disabled={page >= pages}
        onClick={() => onPage(page + 1)}
      >
        Next
      </button>
    </nav>
  );
}
