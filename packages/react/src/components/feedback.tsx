import type { ReactNode } from "react";
import { parts } from "./styles.ts";

/**
 * Where a form or list says what went wrong. The region is always rendered, so screen
 * readers announce a message as soon as it appears in it.
 */
export function ErrorRegion({
  error,
  unstyled,
  children,
}: {
  error: { message: string } | string | undefined | null;
  unstyled?: boolean | undefined;
  children?: ReactNode;
}) {
  const part = parts(unstyled);
  const message = typeof error === "string" ? error : error?.message;
  return (
    <div role="alert" aria-live="assertive" aria-atomic="true">
      {message ? (
        <>
          <p {...part("error")}>{message}</p>
          {children}
        </>
      ) : null}
    </div>
  );
}

/** Where a form says it succeeded (polite: it waits for the screen reader to finish). */
export function StatusRegion({
  message,
  unstyled,
}: {
  message: string | undefined | null;
  unstyled?: boolean | undefined;
}) {
  const part = parts(unstyled);
  return (
    <div role="status" aria-live="polite" aria-atomic="true">
      {message ? <p {...part("status")}>{message}</p> : null}
    </div>
  );
}

/** The text to show for an error of any kind. */
export function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong. Try again.";
}
