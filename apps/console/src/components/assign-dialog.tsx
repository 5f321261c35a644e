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
  /**
   * Shown when the user submits with nothing picked, e.g. "Pick at least one user". Without
   * it an empty pick is submitted: replacing a set with none removes them all.
   */
  emptyMessage?: string;
  /** What is picked when the dialog opens: nothing to add rows, the current set to replace it. */
  initial?: Option[];
  mutation: RunnableMutation<V, D>;
  /** The mutation's input for the picked ids; null when the entity is gone and there is nothing to save. */
  variables: (ids: string[]) => V | null;
  /** The toast once saved: `count` picked, `data` the mutation's answer. */
  assigned: (count: number, data: D) => string;
  /** Refreshes what the assignment changed; runs once the dialog has closed. */
  onAssigned: () => Promise<unknown>;
  /** The fields that pick the rows: a picker bound to `picked` / `setPicked`. */
  children: (picked: Option[], setPicked: (picked: Option[]) => void) => ReactNode;
}

/**
 * Pick some rows (users, applications, permissions, roles) and relate them to one entity:
 * add them, or (with `initial`, the current set) replace the set with the pick.
 * A service error is shown in the dialog, which stays open.
 */
export function AssignDialog<V, D>(props: AssignDialogProps<V, D>) {
  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange}>
      <DialogContent title={props.title} description={props.description}>
        {/* Mounted only while open, so each opening starts from `initial` and no error. */}
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
  initial = [],
  mutation,
  variables,
  assigned,
  onAssigned,
  children,
}: AssignDialogProps<V, D>) {
  const [picked, setPicked] = useState<Option[]>(initial);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      noValidate
      className="grid gap-4"
      aria-label={formLabel}
      onSubmit={(e) => {
        e.preventDefault();
        const input = variables(picked.map((p) => p.id));
        if (input === null) return;
        if (picked.length === 0 && emptyMessage) return setError(emptyMessage);
        setError(null);
        mutation.mutate(input, {
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
