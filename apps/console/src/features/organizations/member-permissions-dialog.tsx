"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { memberLabel, type MemberSummary } from "./edit-member-roles-dialog";

/** "Explain": each permission the member holds here, and the roles that grant it. */
export function MemberPermissionsDialog({
  organizationId,
  member,
  onOpenChange,
}: {
  organizationId: string;
  member: MemberSummary | null;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const query = useQuery({
    ...trpc.organization.member.permissions.queryOptions({
      organizationId,
      userId: member?.id ?? "",
    }),
    enabled: member !== null,
  });
  return (
    <Dialog open={member !== null} onOpenChange={onOpenChange}>
      <DialogContent
        wide
        title={`Effective permissions of ${member ? memberLabel(member) : ""}`}
        description="What this member can do in this organization: the union of their roles' permissions, as the next organization token will carry it."
      >
        <div data-testid="effective-permissions">
          {query.isPending ? (
            <TableSkeleton rows={3} />
          ) : query.isError ? (
            <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
          ) : query.data.length === 0 ? (
            <EmptyState
              title="No permissions"
              description={
                member?.organizationRoles.length
                  ? "This member's roles grant no permissions. Add permissions to the roles on the template page."
                  : "This member has no roles here. Give them a role to grant permissions."
              }
            />
          ) : (
            <Table label="Effective permissions">
              <THead>
                <TR>
                  <TH>Permission</TH>
                  <TH>Granted by</TH>
                </TR>
              </THead>
              <TBody>
                {query.data.map((p) => (
                  <TR key={p.id} data-testid="effective-permission-row">
                    <TD>
                      <div className="font-mono font-medium">{p.name}</div>
                      {p.description ? (
                        <div className="text-xs text-muted-foreground">{p.description}</div>
                      ) : null}
                    </TD>
                    <TD>
                      <ul className="flex flex-wrap gap-1" aria-label={`Roles granting ${p.name}`}>
                        {p.grantedBy.map((r) => (
                          <li key={r.id}>
                            <Badge tone="primary">{r.name}</Badge>
                          </li>
                        ))}
                      </ul>
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </div>
      </DialogContent>
    </Dialog>
  );
}
