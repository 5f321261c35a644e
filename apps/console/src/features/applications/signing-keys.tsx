"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, RotateCw } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";

type SigningKey = RouterOutputs["signingKey"]["list"][number];

function status(key: SigningKey, now: Date) {
  if (key.isCurrent) return <Badge tone="success">Current</Badge>;
  if (key.expiresAt && key.expiresAt <= now) return <Badge>Expired</Badge>;
  if (key.retiredAt && key.retiredAt <= now) return <Badge tone="warning">Retiring</Badge>;
  return <Badge tone="primary">Published, not signing yet</Badge>;
}

export function SigningKeys() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const query = useQuery(trpc.signingKey.list.queryOptions());
  const rotate = useMutation(
    trpc.signingKey.rotate.mutationOptions({
      onSuccess: async ({ kid }) => {
        toast.success(
          `New signing key ${kid.slice(0, 12)}… created. The OIDC service starts using it within a minute.`,
        );
        setConfirming(false);
        await queryClient.invalidateQueries(trpc.signingKey.list.queryFilter());
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const now = new Date();
  return (
    <>
      <PageHeader
        title="Signing keys"
        description="The keys that sign ID tokens and organization tokens. Every key listed is published in the JWKS, so tokens it signed keep verifying until it expires."
        actions={
          <Button onClick={() => setConfirming(true)} data-testid="rotate-signing-key">
            <RotateCw aria-hidden />
            Rotate key
          </Button>
        }
      />
      {query.isPending ? (
        <TableSkeleton />
      ) : query.isError ? (
        <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      ) : query.data.length === 0 ? (
        <EmptyState
          icon={<KeyRound />}
          title="No signing keys yet"
          description="Guildhall creates the first key when it starts. Restart it, or rotate to create one now."
        />
      ) : (
        <Table label="Signing keys">
          <THead>
            <TR>
              <TH>Key id (kid)</TH>
              <TH>Algorithm</TH>
              <TH>Status</TH>
              <TH className="hidden md:table-cell">Created</TH>
              <TH className="hidden md:table-cell">Unpublished</TH>
            </TR>
          </THead>
          <TBody>
            {query.data.map((key) => (
              <TR key={key.kid} data-testid="signing-key-row">
                <TD className="max-w-64 truncate font-mono text-xs" title={key.kid}>
                  {key.kid}
                </TD>
                <TD>{key.alg}</TD>
                <TD>{status(key, now)}</TD>
                <TD className="hidden text-muted-foreground md:table-cell">
                  {formatDateTime(key.createdAt)}
                </TD>
                <TD className="hidden text-muted-foreground md:table-cell">
                  {key.expiresAt ? formatDateTime(key.expiresAt) : "—"}
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      <p className="mt-4 text-sm text-muted-foreground">
        Rotation creates a new ES256 key that signs from now on. The old key stops signing and stays
        published for one more day, until every token it signed has expired. The OIDC service
        reloads its keys every minute, so it may sign with the old key for up to a minute after
        rotating.
      </p>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Rotate the signing key?"
        description="Customer apps that cache the JWKS fetch the new key when they first see its kid; tokens already issued keep verifying."
        impact="A new key signs every new token from now on (the OIDC service picks it up within a minute). The current key stops signing and is unpublished in 24 hours."
        confirmLabel="Rotate key"
        pending={rotate.isPending}
        onConfirm={() => rotate.mutate()}
      />
    </>
  );
}
