"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, FormField, useFormField } from "@/components/ui/form-field";
import { NativeSelect } from "@/components/ui/input";
import { MultiSelect, type Option } from "@/components/ui/multi-select";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { plural } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import type { Role } from "./role-detail";

/**
 * Pick an API resource, then some of its permissions. The Management API is left out:
 * its permission belongs to the built-in role alone.
 */
export function AssignPermissionsDialog({
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
  const [resourceId, setResourceId] = useState("");
  const [scopes, setScopes] = useState<Option[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      setResourceId("");
      setScopes([]);
      setError(null);
    }
  }, [open]);

  const resources = useQuery({
    ...trpc.apiResource.list.queryOptions({ pageSize: 100 }),
    enabled: open,
  });
  const choices = (resources.data?.items ?? []).filter((r) => !r.isManagementApi);
  const assign = useMutation(
    trpc.role.scope.assign.mutationOptions({
      onSuccess: async (assigned) => {
        toast.success(`${plural(assigned.length, "permission")} assigned to ${role.name}`);
        onOpenChange(false);
        await queryClient.invalidateQueries(trpc.role.pathFilter());
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="Assign permissions"
        description={`Holders of ${role.name} get these permissions in their access tokens for the API.`}
      >
        <form
          noValidate
          className="grid gap-4"
          aria-label="Assign permissions"
          onSubmit={(e) => {
            e.preventDefault();
            if (scopes.length === 0) return setError("Pick at least one permission.");
            setError(null);
            assign.mutate({ roleId: role.id, scopeIds: scopes.map((s) => s.id) });
          }}
        >
          <FormError message={error} />
          <FormField
            label="API resource"
            required
            hint={
              choices.length === 0 && resources.isSuccess
                ? "No API resources yet: register one under API resources."
                : undefined
            }
          >
            <NativeSelect
              value={resourceId}
              onChange={(e) => {
                setResourceId(e.target.value);
                setScopes([]);
              }}
              data-testid="assign-permissions-resource"
            >
              <option value="">Choose an API resource</option>
              {choices.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </NativeSelect>
          </FormField>
          {resourceId ? (
            <FormField label="Permissions" required>
              <ScopePicker resourceId={resourceId} value={scopes} onChange={setScopes} />
            </FormField>
          ) : null}
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button
              type="submit"
              pending={assign.isPending}
              data-testid="assign-permissions-submit"
            >
              Assign permissions
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function ScopePicker({
  resourceId,
  value,
  onChange,
}: {
  resourceId: string;
  value: Option[];
  onChange: (value: Option[]) => void;
}) {
  const trpc = useTRPC();
  const field = useFormField();
  const [search, setSearch] = useState("");
  const query = useQuery(
    trpc.apiResource.scope.list.queryOptions({ resourceId, q: search || undefined, pageSize: 100 }),
  );
  return (
    <MultiSelect
      label="Permissions"
      id={field?.id}
      describedBy={field?.describedBy}
      invalid={field?.invalid}
      selected={value}
      onChange={onChange}
      options={(query.data?.items ?? []).map((s) => ({
        id: s.id,
        label: s.name,
        hint: s.description,
      }))}
      search={search}
      onSearchChange={setSearch}
      loading={query.isPending}
      placeholder="Choose permissions"
      emptyText={
        search ? `No permission matches “${search}”.` : "This API resource has no permissions yet."
      }
    />
  );
}
