"use client";

import { createContext, useContext, useId, type ReactNode } from "react";
import { cn } from "@/lib/cn";
import { Label } from "./label";

interface FieldContext {
  id: string;
  describedBy: string | undefined;
  invalid: boolean;
}

const Ctx = createContext<FieldContext | null>(null);

/** Ids and state of the enclosing FormField, for the control inside it. */
export function useFormField(): FieldContext | null {
  return useContext(Ctx);
}

/**
 * A labelled control with an optional hint and an inline error. The control inside
 * (Input, Textarea, Select, ...) picks up its id, aria-invalid and aria-describedby.
 */
export function FormField({
  label,
  hint,
  error,
  required,
  className,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  className?: string;
  children: ReactNode;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <Ctx.Provider value={{ id, describedBy, invalid: Boolean(error) }}>
      <div className={cn("grid gap-1.5", className)}>
        <Label htmlFor={id}>
          {label}
          {required ? (
            <span className="text-danger" aria-hidden>
              {" "}
              *
            </span>
          ) : null}
        </Label>
        {children}
        {hint ? (
          <p id={hintId} className="text-xs text-muted-foreground">
            {hint}
          </p>
        ) : null}
        {error ? (
          <p id={errorId} className="text-xs font-medium text-danger" data-testid="field-error">
            {error}
          </p>
        ) : null}
      </div>
    </Ctx.Provider>
  );
}

/** A form-level error (a DomainError message), announced to screen readers. */
export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div
      role="status"
      aria-live="polite"
      className="rounded-md border border-danger/40 bg-danger-muted px-3 py-2 text-sm text-danger"
      data-testid="form-error"
    >
      {message}
    </div>
  );
}
