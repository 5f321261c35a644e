"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Monitor } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorState, TableSkeleton } from "@/components/ui/states";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { formatDateTime, plural } from "@/lib/format";
import { describeUserAgent } from "@/lib/user-agent";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";

type OwnSession = RouterOutputs["account"]["session"]["list"][number];

/** Where the account is signed in: each device, and signing out one or all the others. */
export function SessionsList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.account.session.list.queryOptions());
  const endOthers = useMutation(trpc.account.session.endOthers.mutationOptions());
  const [confirming, setConfirming] = useState(false);
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.account.session.list.queryKey() });

  if (query.isPending) return <TableSkeleton rows={3} />;
  if (query.isError)
    return <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />;
  const others = query.data.filter((s) => !s.current);
  return (
    <Card>
      <CardHeader
        title="Active sessions"
        description="The browsers where your account is signed in."
        action={
          others.length > 0 ? (
            <Button variant="outline" onClick={() => setConfirming(true)}>
              Sign out all other sessions
            </Button>
          ) : null
        }
      />
      <ul className="grid gap-2" aria-label="Your sessions">
        {query.data.map((session) => (
          <SessionRow key={session.id} session={session} onEnded={() => void refresh()} />
        ))}
      </ul>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Sign out all other sessions?"
        description="This device stays signed in."
        impact={`${plural(others.length, "other session")} will be signed out.`}
        confirmLabel="Sign out others"
        pending={endOthers.isPending}
        onConfirm={() =>
          endOthers.mutate(undefined, {
            onSuccess: () => {
              setConfirming(false);
              toast.success("Your other sessions were signed out");
              void refresh();
            },
            onError: (error) => {
              setConfirming(false);
              toast.error(errorMessage(error));
            },
          })
        }
      />
    </Card>
  );
}

function SessionRow({ session, onEnded }: { session: OwnSession; onEnded: () => void }) {
  const trpc = useTRPC();
  const end = useMutation(trpc.account.session.end.mutationOptions());
  const [confirming, setConfirming] = useState(false);
  const device = describeUserAgent(session.userAgent);
  return (
    <li
      className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-border px-3 py-2"
      data-testid="own-session"
    >
      <div className="flex min-w-0 items-center gap-3">
        <Monitor className="size-5 shrink-0 text-muted-foreground" aria-hidden />
        <div className="grid min-w-0 gap-0.5">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="truncate text-sm font-medium">{device}</h3>
            {session.current ? <Badge tone="primary">This device</Badge> : null}
          </div>
          <p className="text-xs text-muted-foreground">
            {session.ip ? `${session.ip} · ` : ""}Last seen {formatDateTime(session.lastSeenAt)} ·
            Signed in {formatDateTime(session.createdAt)}
          </p>
        </div>
      </div>
      {session.current ? null : (
        <>
          <Button
            variant="outline"
            size="sm"
            aria-label={`Sign out ${device}, last seen ${formatDateTime(session.lastSeenAt)}`}
            onClick={() => setConfirming(true)}
          >
            Sign out
          </Button>
          <ConfirmDialog
            open={confirming}
            onOpenChange={setConfirming}
            title="Sign out this session?"
            impact={`${device}${session.ip ? ` (${session.ip})` : ""} will be signed out.`}
            confirmLabel="Sign out"
            pending={end.isPending}
            onConfirm={() =>
              end.mutate(
                { sessionId: session.id },
                {
                  onSuccess: () => {
                    setConfirming(false);
                    toast.success("Session signed out");
                    onEnded();
                  },
                  onError: (error) => {
                    setConfirming(false);
                    toast.error(errorMessage(error));
                  },
                },
              )
            }
          />
        </>
      )}
    </li>
  );
}
