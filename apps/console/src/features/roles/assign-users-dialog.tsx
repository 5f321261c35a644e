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
import { UserPicker } from "../users/user-picker";
import type { Role } from "./role-detail";

export function AssignUsersDialog({
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
  const [users, setUsers] = useState<Option[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      setUsers([]);
      setError(null);
    }
  }, [open]);
  const assign = useMutation(
    trpc.role.user.assign.mutationOptions({
      onSuccess: async () => {
        toast.success(`${plural(users.length, "user")} now hold ${role.name}`);
        onOpenChange(false);
        await queryClient.invalidateQueries(trpc.role.pathFilter());
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="Assign users"
        description={`They get the permissions of ${role.name} in their next access token, in every app.`}
      >
        <form
          noValidate
          className="grid gap-4"
          aria-label="Assign users"
          onSubmit={(e) => {
            e.preventDefault();
            if (users.length === 0) return setError("Pick at least one user.");
            setError(null);
            assign.mutate({ roleId: role.id, userIds: users.map((u) => u.id) });
          }}
        >
          <FormError message={error} />
          <FormField label="Users" required>
            <UserPicker value={users} onChange={setUsers} />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button type="submit" pending={assign.isPending} data-testid="assign-users-submit">
              Assign users
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
