"use client";

import { Toaster as Sonner } from "sonner";

export { toast } from "sonner";

/** Toasts in the console's own colors (sonner's rich colors fall short of WCAG contrast). */
export function Toaster() {
  return (
    <Sonner
      theme="system"
      position="bottom-right"
      closeButton
      toastOptions={{
        classNames: {
          toast: "!bg-card !text-foreground !border-border",
          description: "!text-muted-foreground",
          success: "[&_[data-icon]]:!text-success",
          error: "!border-danger/40 [&_[data-icon]]:!text-danger",
          closeButton: "!bg-card !text-foreground !border-border",
        },
      }}
    />
  );
}
