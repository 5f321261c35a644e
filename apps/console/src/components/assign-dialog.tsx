"use client";

import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-field";
import type { Option } from "@/components/ui/multi-select";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import type { RunnableMutation } from "@/lib/mutation";

interface AssignDialogProps<V, D> {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: string;
  /** Accessible name of the form; the title unless given. */
  formLabel?: string;
  /** The submit button's text; the title unless given. */
  submitLabel?: string;
  submitTestId: string;
  /** Shown when the user submits with nothing picked, e.g. "Pick at least one user." */
  emptyMessage: string;
  mutation: RunnableMutation<V, D>;
  /** The mutation's input for the picked ids. */
  variables: (ids: string[]) => V;
  /** The toast once assigned: `count` picked, `data` the mutation's answer. */
  assigned: (count: number, data: D) => string;
  /** Refreshes what the assignment changed; runs once the dialog has closed. */
  onAssigned: () => Promise<unknown>;
  /** The fields that pick the rows: a picker bound to `picked` / `setPicked`. */
  children: (picked: Option[], setPicked: (picked: Option[]) => void) => ReactNode;
}

/**
 * Pick some rows (users, applications, permissions, roles) and relate them to one entity.
 * A service error is shown in the dialog, which stays open.
 */
export function AssignDialog<V, D>(props: AssignDialogProps<V, D>) {
  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange}>
      <DialogContent title={props.title} description={props.description}>
        {/* Mounted only while open, so each opening starts with nothing picked and no error. */}
        <AssignForm {...props} />
      </DialogContent>
    </Dialog>
  );
}

function AssignForm<V, D>({
  onOpenChange,
  title,
  formLabel = title,
  submitLabel = title,
  submitTestId,
  emptyMessage,
  mutation,
  variables,
  assigned,
  onAssigned,
  children,
}: AssignDialogProps<V, D>) {
  const [picked, setPicked] = useState<Option[]>([]);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      noValidate
      className="grid gap-4"
      aria-label={formLabel}
      onSubmit={(e) => {
        e.preventDefault();
        if (picked.length === 0) return setError(emptyMessage);
        setError(null);
        mutation.mutate(variables(picked.map((p) => p.id)), {
          onSuccess: (data) => {
            toast.success(assigned(picked.length, data));
            onOpenChange(false);
            void onAssigned();
          },
          onError: (e) => setError(errorMessage(e)),
        });
      }}
    >
      <FormError message={error} />
      {children(picked, setPicked)}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">Cancel</Button>
        </DialogClose>
        <Button type="submit" pending={mutation.isPending} data-testid={submitTestId}>
          {submitLabel}
        </Button>
      </DialogFooter>
    </form>
  );
}
