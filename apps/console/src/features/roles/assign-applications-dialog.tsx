"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import type { Option } from "@/components/ui/multi-select";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { plural } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import { MachineApplicationPicker } from "../applications/machine-application-picker";
import type { Role } from "./role-detail";

export function AssignApplicationsDialog({
  role,
  open,
  onOpenChange,
}: {
  role: Role;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [apps, setApps] = useState<Option[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      setApps([]);
      setError(null);
    }
  }, [open]);
  const assign = useMutation(
    trpc.role.application.assign.mutationOptions({
      onSuccess: async () => {
        toast.success(`${plural(apps.length, "application")} now hold ${role.name}`);
        onOpenChange(false);
        await Promise.all([
          queryClient.invalidateQueries(trpc.role.pathFilter()),
          queryClient.invalidateQueries(trpc.application.pathFilter()),
        ]);
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="Assign applications"
        description={`Their client-credentials tokens carry the permissions of ${role.name}.`}
      >
        <form
          noValidate
          className="grid gap-4"
          aria-label="Assign applications"
          onSubmit={(e) => {
            e.preventDefault();
            if (apps.length === 0) return setError("Pick at least one application.");
            setError(null);
            assign.mutate({ roleId: role.id, applicationIds: apps.map((a) => a.id) });
          }}
        >
          <FormError message={error} />
          <FormField label="Applications" required>
            <MachineApplicationPicker value={apps} onChange={setApps} />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button
              type="submit"
              pending={assign.isPending}
              data-testid="assign-applications-submit"
            >
              Assign applications
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
