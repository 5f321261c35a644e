"use client";

import type { Invitation } from "@guildhall/validators";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { MailPlus, RotateCw, XCircle } from "lucide-react";
import { useState } from "react";
import { RoleBadges } from "@/components/role-badges";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { NativeSelect } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { formatDateTime, list } from "@/lib/format";
import { usePageClamp, useListParams } from "@/lib/use-list-params";
import { useTRPC } from "@/trpc/react";
import { CopyLinkButton } from "./copy-link-button";
import { InviteDialog } from "./invite-dialog";
import { CONSOLE_ROLE_LABELS, scopeName, type InvitationScope } from "./scope";
import { InvitationStatusBadge } from "./status-badge";

const PAGE_SIZE = 20;
const STATUSES = ["Pending", "Accepted", "Declined", "Expired", "Revoked"] as const;

/** The organization's Invitations tab. */
export function OrganizationInvitationsPanel({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.organization.get.queryOptions({ id: organizationId }));
  return (
    <InvitationsPanel
      scope={{
        kind: "organization",
        organization: { id: organizationId, name: detail.data?.name ?? "this organization" },
      }}
    />
  );
}

/**
 * Invite, list with status, resend, revoke, copy a fresh link: an organization's
 * invitations, or the console's own (console admins; the services check).
 */
export function InvitationsPanel({ scope }: { scope: InvitationScope }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const where =
    scope.kind === "organization"
      ? { organizationId: scope.organization.id }
      : { kind: "console" as const };
  const { page, filters, setPage, setFilter } = useListParams(["status"] as const);
  const status = STATUSES.find((s) => s === filters.status);
  const [inviting, setInviting] = useState(false);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const [links, setLinks] = useState<Record<string, string>>({});

  const query = useQuery({
    ...trpc.invitation.list.queryOptions({ ...where, status, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const pastEnd = usePageClamp(query.data, page, setPage);
  const invalidate = () =>
    queryClient.invalidateQueries({ queryKey: trpc.invitation.list.pathKey() });

  const resend = useMutation(
    trpc.invitation.resend.mutationOptions({
      onSuccess: async ({ invitation, link }) => {
        toast.success(
          `Invitation sent again to ${invitation.invitee}. The previous link no longer works.`,
        );
        setLinks((l) => ({ ...l, [invitation.id]: link }));
        await invalidate();
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const revoke = useMutation(
    trpc.invitation.revoke.mutationOptions({
      onSuccess: async (invitation) => {
        toast.success(`Invitation to ${invitation.invitee} revoked`);
        setRevoking(null);
        await invalidate();
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );

  const inviteButton = (
    <Button onClick={() => setInviting(true)} data-testid="invite-members">
      <MailPlus aria-hidden />
      {scope.kind === "console" ? "Invite by email" : "Invite"}
    </Button>
  );

  return (
    <section aria-labelledby="invitations-heading" className="grid gap-4">
      {/* On an organization the tab names the list; on Console members it follows the members table. */}
      <h2
        id="invitations-heading"
        className={scope.kind === "console" ? "text-base font-semibold" : "sr-only"}
      >
        {scope.kind === "console" ? "Console invitations" : "Invitations"}
      </h2>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <NativeSelect
          aria-label="Filter by status"
          className="w-full sm:w-44"
          value={status ?? ""}
          onChange={(e) => setFilter("status", e.target.value)}
        >
          <option value="">All statuses</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </NativeSelect>
        {inviteButton}
      </div>

      {query.isPending || pastEnd ? (
        <TableSkeleton />
      ) : query.isError ? (
        <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        status ? (
          <EmptyState
            title={`No ${status.toLowerCase()} invitations`}
            description="Pick another status, or show all."
          />
        ) : (
          <EmptyState
            icon={<MailPlus />}
            title="No invitations yet"
            description={
              scope.kind === "organization"
                ? `Invite people by email: they join ${scopeName(scope)} with the roles you pick when they accept.`
                : "Invite people by email: they get console access with the role you pick when they accept."
            }
            action={inviteButton}
          />
        )
      ) : (
        <>
          <Table label="Invitations">
            <THead>
              <TR>
                <TH>Invitee</TH>
                <TH>{scope.kind === "organization" ? "Roles" : "Console role"}</TH>
                <TH>Status</TH>
                <TH className="hidden md:table-cell">Expires</TH>
                <TH className="w-56 text-right">
                  <span className="sr-only">Actions</span>
                </TH>
              </TR>
            </THead>
            <TBody>
              {query.data.items.map((inv) => {
                const pending = inv.status === "Pending";
                const link = links[inv.id];
                return (
                  <TR key={inv.id} data-testid="invitation-row">
                    <TD>
                      <div className="font-medium">{inv.invitee}</div>
                      {inv.inviter ? (
                        <div className="text-xs text-muted-foreground">
                          by {inv.inviter.name ?? inv.inviter.email}
                        </div>
                      ) : null}
                    </TD>
                    <TD>
                      {inv.consoleRole ? (
                        <Badge tone="primary">{CONSOLE_ROLE_LABELS[inv.consoleRole]}</Badge>
                      ) : (
                        <RoleBadges
                          roles={inv.organizationRoles}
                          label={`Roles for ${inv.invitee}`}
                        />
                      )}
                    </TD>
                    <TD>
                      <InvitationStatusBadge status={inv.status} />
                    </TD>
                    <TD className="hidden text-muted-foreground md:table-cell">
                      {formatDateTime(inv.expiresAt)}
                    </TD>
                    <TD className="text-right whitespace-nowrap">
                      {link ? <CopyLinkButton link={link} /> : null}
                      {pending ? (
                        <>
                          <Button
                            variant="ghost"
                            size="icon"
                            title="Resend (new link)"
                            aria-label={`Resend the invitation to ${inv.invitee}`}
                            pending={resend.isPending && resend.variables.id === inv.id}
                            onClick={() => resend.mutate({ id: inv.id })}
                          >
                            <RotateCw aria-hidden />
                          </Button>
                          <Button
                            variant="ghost"
                            size="icon"
                            title="Revoke"
                            aria-label={`Revoke the invitation to ${inv.invitee}`}
                            onClick={() => setRevoking(inv)}
                          >
                            <XCircle aria-hidden />
                          </Button>
                        </>
                      ) : null}
                    </TD>
                  </TR>
                );
              })}
            </TBody>
          </Table>
          <Pagination
            page={page}
            pageSize={PAGE_SIZE}
            total={query.data.total}
            onPageChange={setPage}
            label="Invitation pages"
          />
        </>
      )}
      <p className="text-xs text-muted-foreground">
        Links are stored only as hashes, so they can be copied only when made. Resending emails a
        new link and the previous one stops working.
      </p>

      <InviteDialog scope={scope} open={inviting} onOpenChange={setInviting} />
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(o) => !o && setRevoking(null)}
        title={`Revoke the invitation to ${revoking?.invitee ?? ""}?`}
        description="The link in the email stops working at once. You can invite the address again later."
        impact={
          revoking ? (
            <p>
              {revoking.invitee} will not join <strong>{scopeName(scope)}</strong>
              {revoking.consoleRole || revoking.organizationRoles.length ? (
                <>
                  {" "}
                  as{" "}
                  <strong>
                    {revoking.consoleRole
                      ? CONSOLE_ROLE_LABELS[revoking.consoleRole]
                      : list(revoking.organizationRoles.map((r) => r.name))}
                  </strong>
                </>
              ) : null}
              .
            </p>
          ) : null
        }
        confirmLabel="Revoke invitation"
        pending={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate({ id: revoking.id })}
      />
    </section>
  );
}
