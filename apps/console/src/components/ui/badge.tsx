import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

const tones = {
  neutral: "bg-muted text-foreground border-border",
  primary: "bg-accent text-accent-foreground border-transparent",
  success: "bg-success-muted text-success border-transparent",
  warning: "bg-warning-muted text-warning border-transparent",
  danger: "bg-danger-muted text-danger border-transparent",
} as const;

export type BadgeTone = keyof typeof tones;

/** A short label (status, role, type). `onRemove` turns it into a removable chip. */
export function Badge({
  tone = "neutral",
  children,
  className,
  onRemove,
  removeLabel,
}: {
  tone?: BadgeTone;
  children: ReactNode;
  className?: string;
  onRemove?: () => void;
  removeLabel?: string;
}) {
  return (
    <span
      className={cn(
        "inline-flex max-w-full items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap",
        tones[tone],
        className,
      )}
    >
      <span className="truncate">{children}</span>
      {onRemove ? (
        <button
          type="button"
          onClick={onRemove}
          aria-label={removeLabel ?? "Remove"}
          className="-mr-1 rounded-full px-1 leading-none hover:bg-black/10 dark:hover:bg-white/10"
        >
          ×
        </button>
      ) : null}
    </span>
  );
}
