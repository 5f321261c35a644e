"use client";

import type { ComponentProps } from "react";
import { cn } from "@/lib/cn";
import { useFormField } from "./form-field";

export const controlClasses = cn(
  "w-full rounded-md border border-input bg-background px-3 text-sm text-foreground shadow-xs",
  "placeholder:text-muted-foreground/80 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring",
  "disabled:cursor-not-allowed disabled:opacity-60 aria-invalid:border-danger",
);

export function Input({ className, id, ...props }: ComponentProps<"input">) {
  const field = useFormField();
  return (
    <input
      id={id ?? field?.id}
      aria-invalid={field?.invalid || undefined}
      aria-describedby={field?.describedBy}
      className={cn(controlClasses, "h-9", className)}
      {...props}
    />
  );
}

export function Textarea({ className, id, ...props }: ComponentProps<"textarea">) {
  const field = useFormField();
  return (
    <textarea
      id={id ?? field?.id}
      aria-invalid={field?.invalid || undefined}
      aria-describedby={field?.describedBy}
      className={cn(controlClasses, "min-h-20 py-2", className)}
      {...props}
    />
  );
}

/** A native select: accessible and keyboard-friendly on every device. */
export function NativeSelect({ className, id, ...props }: ComponentProps<"select">) {
  const field = useFormField();
  return (
    <select
      id={id ?? field?.id}
      aria-invalid={field?.invalid || undefined}
      aria-describedby={field?.describedBy}
      className={cn(controlClasses, "h-9 pr-8", className)}
      {...props}
    />
  );
}
