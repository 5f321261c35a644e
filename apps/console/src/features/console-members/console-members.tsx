"use client";

import { consoleRole } from "@guildhall/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ShieldPlus, UserMinus } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { NativeSelect } from "@/components/ui/input";
import type { Option } from "@/components/ui/multi-select";
import { PageHeader } from "@/components/ui/page-header";
import { SearchInput } from "@/components/ui/search-input";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { useCurrentUser } from "@/components/shell/current-user";
import { errorMessage } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { userIdentifier, userLabel } from "@/lib/user-label";
import { useTRPC, useTRPCClient } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { InvitationsPanel } from "../invitations/invitations-panel";
import { UserPicker } from "../users/user-picker";

type ConsoleMember = RouterOutputs["consoleMember"]["list"][number];
type Role = ConsoleMember["role"];

const ROLE_LABELS: Record<Role, string> = { admin: "Admin", collaborator: "Collaborator" };

export function ConsoleMembers() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useCurrentUser();
  const query = useQuery(trpc.consoleMember.list.queryOptions());
  const [search, setSearch] = useState("");
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<ConsoleMember | null>(null);

  const setRole = useMutation(
    trpc.consoleMember.setRole.mutationOptions({
      onSuccess: async (m) => {
        toast.success(`${userLabel(m)} is now ${ROLE_LABELS[m.role].toLowerCase()}`);
        await queryClient.invalidateQueries(trpc.consoleMember.list.pathFilter());
      },
      onError: async (e) => {
        toast.error(errorMessage(e));
        // The select shows the attempted value; put it back.
        await queryClient.invalidateQueries(trpc.consoleMember.list.pathFilter());
      },
    }),
  );
  const remove = useMutation(
    trpc.consoleMember.remove.mutationOptions({
      onSuccess: async () => {
        toast.success(`${removing ? userLabel(removing) : "Member"} no longer has console access`);
        setRemoving(null);
        await queryClient.invalidateQueries(trpc.consoleMember.list.pathFilter());
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );

  const items = (query.data ?? []).filter((m) => {
    const q = search.trim().toLowerCase();
    return (
      !q ||
      (m.email ?? "").includes(q) ||
      (m.username ?? "").toLowerCase().includes(q) ||
      (m.name ?? "").toLowerCase().includes(q)
    );
  });
  const addButton = (
    <Button onClick={() => setAdding(true)} data-testid="add-console-member">
      <ShieldPlus aria-hidden />
      Add console member
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Console members"
        description="Who can use this console. Admins can do everything; collaborators everything except managing console members."
        actions={addButton}
      />
      <div className="grid gap-4">
        <SearchInput value={search} onChange={setSearch} label="Search console members" delay={0} />
        {query.isPending ? (
          <TableSkeleton rows={3} />
        ) : query.isError ? (
          <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState
            title={search ? `No console member matches “${search}”` : "No console members"}
          />
        ) : (
          <Table label="Console members">
            <THead>
              <TR>
                <TH>Member</TH>
                <TH>Role</TH>
                <TH className="hidden md:table-cell">Since</TH>
                <TH className="w-16 text-right">
                  <span className="sr-only">Actions</span>
                </TH>
              </TR>
            </THead>
            <TBody>
              {items.map((m) => (
                <TR key={m.userId} data-testid="console-member-row">
                  <TD>
                    <Link href={`/users/${m.userId}`} className="font-medium hover:underline">
                      {userLabel(m)}
                    </Link>
                    {m.userId === me.id ? (
                      <Badge tone="primary" className="ml-2">
                        You
                      </Badge>
                    ) : null}
                    {m.name ? (
                      <div className="text-xs text-muted-foreground">{userIdentifier(m)}</div>
                    ) : null}
                  </TD>
                  <TD>
                    <NativeSelect
                      aria-label={`Console role of ${userIdentifier(m)}`}
                      className="w-34 sm:w-40"
                      value={m.role}
                      disabled={setRole.isPending}
                      onChange={(e) =>
                        setRole.mutate({ userId: m.userId, role: e.target.value as Role })
                      }
                    >
                      {consoleRole.options.map((r) => (
                        <option key={r} value={r}>
                          {ROLE_LABELS[r]}
                        </option>
                      ))}
                    </NativeSelect>
                  </TD>
                  <TD className="hidden text-muted-foreground md:table-cell">
                    {formatDate(m.createdAt)}
                  </TD>
                  <TD className="text-right">
                    <Button
                      variant="ghost"
                      size="icon"
                      onClick={() => setRemoving(m)}
                      aria-label={`Remove console access of ${userIdentifier(m)}`}
                    >
                      <UserMinus aria-hidden />
                    </Button>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </div>
      <div className="mt-8">
        <InvitationsPanel scope={{ kind: "console" }} />
      </div>
      <AddConsoleMemberDialog open={adding} onOpenChange={setAdding} />
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={`Remove console access of ${removing ? userLabel(removing) : ""}?`}
        description={
          removing?.userId === me.id
            ? "This is you: you will lose access to this console at once."
            : undefined
        }
        impact={
          <p>
            They can no longer open the console. Their user account, memberships and roles stay.
          </p>
        }
        confirmLabel="Remove access"
        pending={remove.isPending}
        onConfirm={() => removing && remove.mutate({ userId: removing.userId })}
      />
    </>
  );
}

function AddConsoleMemberDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [users, setUsers] = useState<Option[]>([]);
  const [role, setRole] = useState<Role>("collaborator");
  const [error, setError] = useState<string | null>(null);
  const [usersError, setUsersError] = useState<string | undefined>();
  useEffect(() => {
    if (open) {
      setUsers([]);
      setRole("collaborator");
      setError(null);
      setUsersError(undefined);
    }
  }, [open]);
  const mutation = useMutation({
    mutationFn: async () => {
      for (const u of users) await client.consoleMember.setRole.mutate({ userId: u.id, role });
    },
    onSuccess: () => {
      toast.success(
        users.length === 1
          ? `${users[0]?.label ?? "User"} added`
          : `${users.length} console members added`,
      );
      onOpenChange(false);
    },
    onError: (e) => setError(errorMessage(e)),
    onSettled: () => queryClient.invalidateQueries(trpc.consoleMember.list.pathFilter()),
  });
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="Add console member"
        description="Give existing users access to this console. To add someone without an account, invite them by email under Console invitations."
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (users.length === 0) {
              setUsersError("Pick at least one user");
              return;
            }
            setError(null);
            mutation.mutate();
          }}
          noValidate
          className="grid gap-4"
          aria-label="Add console member"
        >
          <FormError message={error} />
          <FormField label="Users" required error={usersError}>
            <UserPicker
              value={users}
              onChange={(v) => {
                setUsers(v);
                setUsersError(undefined);
              }}
            />
          </FormField>
          <FormField label="Console role">
            <NativeSelect value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {consoleRole.options.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </NativeSelect>
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button
              type="submit"
              pending={mutation.isPending}
              data-testid="add-console-member-submit"
            >
              Add
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
