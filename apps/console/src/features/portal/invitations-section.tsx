"use client";

import { portalInviteInput, type Invitation, type InvitationStatus } from "@guildhall/validators";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { Ban, Mail, Send, UserPlus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { RoleBadges } from "@/components/role-badges";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { IconButton } from "@/components/ui/icon-button";
import { Input, NativeSelect } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { QueryList } from "@/components/ui/query-list";
import { EmptyState, Skeleton } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { CopyLinkButton } from "@/features/invitations/copy-link-button";
import { InvitationStatusBadge } from "@/features/invitations/status-badge";
import { errorMessage } from "@/lib/errors";
import { formatDateTime, plural } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import { PortalSection } from "./portal-section";
import { RoleChecklist } from "./role-checklist";
import { useAssignableRoles } from "./use-assignable-roles";
import { usePortalRefresh } from "./use-portal-refresh";

const PAGE_SIZE = 20;
const EXPIRY_DAYS = [1, 3, 7, 14, 30] as const;
const STATUSES: InvitationStatus[] = ["Pending", "Accepted", "Declined", "Expired", "Revoked"];

/**
 * Invitations: invite by email with roles (`guildhall:members:invite`), and the list with
 * resend and revoke (`guildhall:invitations:manage`; resending is part of inviting).
 */
export function InvitationsSection({
  organizationId,
  organizationName,
  canInvite,
  canManage,
}: {
  organizationId: string;
  organizationName: string;
  canInvite: boolean;
  canManage: boolean;
}) {
  const [inviting, setInviting] = useState(false);
  const inviteButton = canInvite ? (
    <Button onClick={() => setInviting(true)} data-testid="portal-invite">
      <UserPlus aria-hidden />
      Invite
    </Button>
  ) : null;
  return (
    <PortalSection
      id="invitations"
      title="Invitations"
      description="People invited by email join with the roles chosen for them when they accept."
      action={inviteButton}
    >
      {canManage ? (
        <InvitationList organizationId={organizationId} canResend={canInvite} />
      ) : (
        <p className="text-sm text-muted-foreground">
          You can invite people. Seeing and revoking the organization&apos;s invitations needs a
          role with guildhall:invitations:manage.
        </p>
      )}
      {canInvite ? (
        <InviteDialog
          organizationId={organizationId}
          organizationName={organizationName}
          open={inviting}
          onOpenChange={setInviting}
        />
      ) : null}
    </PortalSection>
  );
}

function InvitationList({
  organizationId,
  canResend,
}: {
  organizationId: string;
  canResend: boolean;
}) {
  const trpc = useTRPC();
  const refresh = usePortalRefresh();
  const [status, setStatus] = useState<InvitationStatus | "">("Pending");
  const [page, setPage] = useState(1);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const query = useQuery({
    ...trpc.portal.invitation.list.queryOptions({
      organizationId,
      status: status || undefined,
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  const resend = useMutation(trpc.portal.invitation.resend.mutationOptions());
  const revoke = useMutation(trpc.portal.invitation.revoke.mutationOptions());

  return (
    <>
      <NativeSelect
        aria-label="Show invitations"
        className="w-full sm:w-48"
        value={status}
        onChange={(e) => {
          setStatus(e.target.value as InvitationStatus | "");
          setPage(1);
        }}
      >
        <option value="">All invitations</option>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </NativeSelect>
      <QueryList
        query={query}
        skeletonRows={3}
        empty={
          <EmptyState
            icon={<Mail />}
            title={status ? `No ${status.toLowerCase()} invitations` : "No invitations yet"}
          />
        }
      >
        {(data) => (
          <>
            <Table label="Invitations">
              <THead>
                <TR>
                  <TH>Email</TH>
                  <TH className="hidden sm:table-cell">Roles</TH>
                  <TH>Status</TH>
                  <TH className="hidden md:table-cell">Expires</TH>
                  <TH className="w-24 text-right">
                    <span className="sr-only">Actions</span>
                  </TH>
                </TR>
              </THead>
              <TBody>
                {data.items.map((invitation) => {
                  const pending = invitation.status === "Pending";
                  return (
                    <TR key={invitation.id} data-testid="portal-invitation-row">
                      <TD className="break-all">
                        <div className="font-medium">{invitation.invitee}</div>
                        {invitation.inviter ? (
                          <div className="text-xs text-muted-foreground">
                            From {invitation.inviter.name ?? invitation.inviter.email}
                          </div>
                        ) : null}
                      </TD>
                      <TD className="hidden sm:table-cell">
                        <RoleBadges
                          roles={invitation.organizationRoles}
                          label={`Roles for ${invitation.invitee}`}
                        />
                      </TD>
                      <TD>
                        <InvitationStatusBadge status={invitation.status} />
                      </TD>
                      <TD className="hidden text-muted-foreground md:table-cell">
                        {formatDateTime(invitation.expiresAt)}
                      </TD>
                      <TD className="text-right whitespace-nowrap">
                        {pending && canResend ? (
                          <IconButton
                            label={`Resend the invitation to ${invitation.invitee}`}
                            disabled={resend.isPending}
                            onClick={() =>
                              resend.mutate(
                                { id: invitation.id },
                                {
                                  onSuccess: () => {
                                    toast.success(`Invitation sent again to ${invitation.invitee}`);
                                    void refresh();
                                  },
                                  onError: (e) => toast.error(errorMessage(e)),
                                },
                              )
                            }
                          >
                            <Send aria-hidden />
                          </IconButton>
                        ) : null}
                        {pending ? (
                          <IconButton
                            label={`Revoke the invitation to ${invitation.invitee}`}
                            onClick={() => setRevoking(invitation)}
                          >
                            <Ban aria-hidden />
                          </IconButton>
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
              total={data.total}
              onPageChange={setPage}
              label="Invitations pages"
            />
          </>
        )}
      </QueryList>
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => !open && setRevoking(null)}
        title="Revoke this invitation?"
        description="The link in the email stops working."
        impact={revoking ? `${revoking.invitee} can no longer join with it.` : undefined}
        confirmLabel="Revoke invitation"
        pending={revoke.isPending}
        onConfirm={() => {
          if (!revoking) return;
          revoke.mutate(
            { id: revoking.id },
            {
              onSuccess: () => {
                toast.success(`Invitation to ${revoking.invitee} revoked`);
                setRevoking(null);
                void refresh();
              },
              onError: (e) => {
                setRevoking(null);
                toast.error(errorMessage(e));
              },
            },
          );
        }}
      />
    </>
  );
}

function InviteDialog({
  organizationId,
  organizationName,
  open,
  onOpenChange,
}: {
  organizationId: string;
  organizationName: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const refresh = usePortalRefresh();
  const roles = useAssignableRoles(organizationId, open);
  const [email, setEmail] = useState("");
  const [roleIds, setRoleIds] = useState<string[]>([]);
  const [days, setDays] = useState<number>(7);
  const [emailError, setEmailError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<{ invitee: string; link: string } | null>(null);
  const create = useMutation(trpc.portal.invitation.create.mutationOptions());

  const close = (next: boolean) => {
    onOpenChange(next);
    if (!next) {
      setEmail("");
      setRoleIds([]);
      setDays(7);
      setEmailError(null);
      setError(null);
      setSent(null);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const invitee = portalInviteInput.shape.invitee.safeParse(email);
    if (!invitee.success)
      return setEmailError(invitee.error.issues[0]?.message ?? "Enter an email address.");
    setEmailError(null);
    create.mutate(
      {
        organizationId,
        invitee: invitee.data,
        organizationRoleIds: roleIds,
        expiresAt: new Date(Date.now() + days * 86_400_000),
      },
      {
        onSuccess: (result) => {
          setSent({ invitee: result.invitation.invitee, link: result.link });
          toast.success(`Invitation sent to ${result.invitation.invitee}`);
          void refresh();
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent
        title={`Invite to ${organizationName}`}
        description="They get an email with a link to join, with the roles you pick."
        wide
      >
        {sent ? (
          <div className="grid gap-3" data-testid="portal-invite-sent">
            <div className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-border px-3 py-2 text-sm">
              <span className="min-w-0 break-all">
                <strong>{sent.invitee}</strong>
                <span className="block text-muted-foreground">
                  Invited. You can also share the link yourself; it is shown only now.
                </span>
              </span>
              <CopyLinkButton link={sent.link} />
            </div>
            <DialogFooter>
              <Button variant="outline" onClick={() => setSent(null)}>
                Invite someone else
              </Button>
              <Button onClick={() => close(false)}>Done</Button>
            </DialogFooter>
          </div>
        ) : (
          <form onSubmit={submit} className="grid gap-4" noValidate aria-label="Invite a member">
            <FormError message={error} />
            <FormField label="Email" required error={emailError ?? undefined}>
              <Input
                type="email"
                autoComplete="off"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                placeholder="ada@example.com"
                data-testid="portal-invite-email"
              />
            </FormField>
            {roles.isPending ? (
              <Skeleton className="h-24" />
            ) : roles.isError ? (
              <FormError message={errorMessage(roles.error)} />
            ) : (
              <RoleChecklist
                roles={roles.data}
                selected={roleIds}
                onChange={setRoleIds}
                legend="Roles given when they accept"
              />
            )}
            <FormField label="Expires after">
              <NativeSelect value={String(days)} onChange={(e) => setDays(Number(e.target.value))}>
                {EXPIRY_DAYS.map((d) => (
                  <option key={d} value={d}>
                    {plural(d, "day")}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => close(false)}>
                Cancel
              </Button>
              <Button type="submit" pending={create.isPending} data-testid="portal-invite-submit">
                Send invitation
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
