import { useEffect, useRef, type ReactNode } from "react";
import { parts } from "./styles.ts";

/**
 * Asks before a destructive action and says what it affects; takes focus when it appears
 * and Escape cancels.
 */
export function Confirm({
  children,
  confirmLabel,
  pending,
  onConfirm,
  onCancel,
  unstyled,
}: {
  children: ReactNode;
  confirmLabel: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  unstyled?: boolean | undefined;
}) {
  const part = parts(unstyled);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmButton.current?.focus(), []);
  return (
    <div
      role="group"
      aria-label={confirmLabel}
      {...part("confirm")}
      onKeyDown={(event) => {
        if (event.key === "Escape") onCancel();
      }}
    >
      <p style={{ margin: 0 }}>{children}</p>
      <div {...part("inline")}>
        <button
          ref={confirmButton}
          type="button"
          {...part("dangerButton")}
          disabled={pending}
          aria-busy={pending}
          onClick={onConfirm}
        >
          {confirmLabel}
        </button>
        <button type="button" {...part("button")} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
