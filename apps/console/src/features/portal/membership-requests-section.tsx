"use client";

import type { MembershipRequest } from "@guildhall/validators";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { Check, Inbox, X } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-field";
import { Pagination } from "@/components/ui/pagination";
import { QueryList } from "@/components/ui/query-list";
import { EmptyState } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { userLabel } from "@/lib/user-label";
import { useTRPC } from "@/trpc/react";
import { PortalSection } from "./portal-section";
import { AssignableRolesField } from "./role-checklist";
import { useAssignableRoles } from "./use-assignable-roles";
import { usePortalRefresh } from "./use-portal-refresh";

const PAGE_SIZE = 20;

const requesterLabel = (request: MembershipRequest) => userLabel(request.user);

/**
 * Pending requests to join from people whose verified email is at one of the organization's
 * domains: approve (with roles the approver may give) or decline (they cannot ask again).
 */
export function MembershipRequestsSection({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  const refresh = usePortalRefresh();
  const [page, setPage] = useState(1);
  const [approving, setApproving] = useState<MembershipRequest | null>(null);
  const [declining, setDeclining] = useState<MembershipRequest | null>(null);
  const query = useQuery({
    ...trpc.portal.membershipRequest.list.queryOptions({
      organizationId,
      status: "Pending",
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  const decide = useMutation(trpc.portal.membershipRequest.decide.mutationOptions());

  return (
    <PortalSection
      id="requests"
      title="Membership requests"
      description="People with an email address at one of this organization's domains who asked to join."
    >
      <QueryList
        query={query}
        skeletonRows={2}
        empty={
          <EmptyState
            icon={<Inbox />}
            title="No pending requests"
            description="When someone asks to join, their request shows up here."
          />
        }
      >
        {(data) => (
          <>
            <Table label="Membership requests">
              <THead>
                <TR>
                  <TH>Person</TH>
                  <TH className="hidden sm:table-cell">Asked</TH>
                  <TH className="w-48 text-right">
                    <span className="sr-only">Actions</span>
                  </TH>
                </TR>
              </THead>
              <TBody>
                {data.items.map((request) => (
                  <TR key={request.id} data-testid="portal-request-row">
                    <TD className="break-all">
                      <div className="font-medium">{requesterLabel(request)}</div>
                      {request.user.email && request.user.name ? (
                        <div className="text-xs text-muted-foreground">{request.user.email}</div>
                      ) : null}
                    </TD>
                    <TD className="hidden text-muted-foreground sm:table-cell">
                      {formatDateTime(request.createdAt)}
                    </TD>
                    <TD className="text-right whitespace-nowrap">
                      <div className="flex justify-end gap-2">
                        <Button
                          size="sm"
                          onClick={() => setApproving(request)}
                          aria-label={`Approve ${requesterLabel(request)}`}
                        >
                          <Check aria-hidden />
                          Approve
                        </Button>
                        <Button
                          size="sm"
                          variant="outline"
                          onClick={() => setDeclining(request)}
                          aria-label={`Decline ${requesterLabel(request)}`}
                        >
                          <X aria-hidden />
                          Decline
                        </Button>
                      </div>
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
            <Pagination
              page={page}
              pageSize={PAGE_SIZE}
              total={data.total}
              onPageChange={setPage}
              label="Membership request pages"
            />
          </>
        )}
      </QueryList>
      <ApproveDialog
        organizationId={organizationId}
        request={approving}
        onClose={() => setApproving(null)}
      />
      <ConfirmDialog
        open={declining !== null}
        onOpenChange={(open) => !open && setDeclining(null)}
        title="Decline this request?"
        description="They will not be able to ask to join this organization again; you can still invite them."
        impact={declining ? `${requesterLabel(declining)} does not join.` : undefined}
        confirmLabel="Decline request"
        pending={decide.isPending}
        onConfirm={() => {
          if (!declining) return;
          decide.mutate(
            { organizationId, requestId: declining.id, decision: "decline" },
            {
              onSuccess: () => {
                toast.success(`Request from ${requesterLabel(declining)} declined`);
                setDeclining(null);
                void refresh();
              },
              onError: (e) => {
                setDeclining(null);
                toast.error(errorMessage(e));
              },
            },
          );
        }}
      />
    </PortalSection>
  );
}

function ApproveDialog({
  organizationId,
  request,
  onClose,
}: {
  organizationId: string;
  request: MembershipRequest | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const refresh = usePortalRefresh();
  const roles = useAssignableRoles(organizationId, request !== null);
  const [roleIds, setRoleIds] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<MembershipRequest | null>(null);
  if (request && request !== shown) {
    setShown(request);
    setRoleIds([]);
    setError(null);
  }
  const decide = useMutation(trpc.portal.membershipRequest.decide.mutationOptions());
  const label = shown ? requesterLabel(shown) : "";
  return (
    <Dialog open={request !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent
        title={`Approve ${label}?`}
        description="They become a member at once, with the roles you pick."
      >
        <form
          className="grid gap-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!shown) return;
            setError(null);
            decide.mutate(
              {
                organizationId,
                requestId: shown.id,
                decision: "approve",
                organizationRoleIds: roleIds,
              },
              {
                onSuccess: () => {
                  toast.success(`${label} joined the organization`);
                  onClose();
                  void refresh();
                },
                onError: (e) => setError(errorMessage(e)),
              },
            );
          }}
        >
          <FormError message={error} />
          <AssignableRolesField roles={roles} selected={roleIds} onChange={setRoleIds} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" pending={decide.isPending} data-testid="portal-approve-submit">
              Approve
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
