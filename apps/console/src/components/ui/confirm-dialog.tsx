"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { useId, useState, type ReactNode } from "react";
import { cn } from "@/lib/cn";
import { Button, buttonClasses } from "./button";
import { Input } from "./input";
import { Label } from "./label";

/**
 * Asks before a destructive action and says what it will affect (`impact`). With
 * `confirmText`, the user must type it (e.g. the organization's name) to enable the button.
 */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  impact,
  confirmLabel = "Delete",
  confirmText,
  pending,
  onConfirm,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  /** What will change: counts, names. Shown in a highlighted box. */
  impact?: ReactNode;
  confirmLabel?: string;
  confirmText?: string;
  pending?: boolean;
  onConfirm: () => void;
}) {
  const [typed, setTyped] = useState("");
  const inputId = useId();
  const blocked = confirmText !== undefined && typed.trim() !== confirmText;
  return (
    <AlertDialog.Root
      open={open}
      onOpenChange={(next) => {
        if (!next) setTyped("");
        onOpenChange(next);
      }}
    >
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-50 bg-overlay" />
        <AlertDialog.Content
          className={cn(
            "fixed top-1/2 left-1/2 z-50 grid w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 gap-4",
            "rounded-lg border border-border bg-card p-5 shadow-xl focus:outline-none",
          )}
          data-testid="confirm-dialog"
        >
          <AlertDialog.Title className="text-lg font-semibold">{title}</AlertDialog.Title>
          <AlertDialog.Description asChild>
            <div className="grid gap-3 text-sm text-muted-foreground">
              {description ? <p>{description}</p> : null}
              {impact ? (
                <div
                  className="rounded-md border border-danger/30 bg-danger-muted px-3 py-2 text-foreground"
                  data-testid="confirm-impact"
                >
                  {impact}
                </div>
              ) : null}
            </div>
          </AlertDialog.Description>
          {confirmText !== undefined ? (
            <div className="grid gap-1.5">
              <Label htmlFor={inputId}>
                Type <span className="font-mono font-semibold">{confirmText}</span> to confirm
              </Label>
              <Input
                id={inputId}
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                autoComplete="off"
              />
            </div>
          ) : null}
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <AlertDialog.Cancel className={buttonClasses("outline")}>Cancel</AlertDialog.Cancel>
            <Button
              variant="danger"
              pending={pending}
              disabled={blocked}
              onClick={onConfirm}
              data-testid="confirm-button"
            >
              {confirmLabel}
            </Button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
