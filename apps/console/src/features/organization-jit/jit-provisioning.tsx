"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { Switch } from "@/components/ui/switch";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { JitDefaultRoles } from "./jit-default-roles";
import { JitEmailDomains } from "./jit-email-domains";
import { JitSsoConnectors } from "./jit-sso-connectors";
import { useJitQueries, type JitQueries } from "./use-jit-queries";

type Organization = RouterOutputs["organization"]["get"];

/** The organization's just-in-time provisioning: who joins without an invitation, and how. */
export function JitProvisioning({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  const organization = useQuery(trpc.organization.get.queryOptions({ id: organizationId }));
  const jit = useJitQueries(organizationId);
  return (
    <div className="grid gap-6">
      <WhoJoins jit={jit} />
      <JitEmailDomains organizationId={organizationId} jit={jit} />
      <JitSsoConnectors organizationId={organizationId} jit={jit} />
      <JitDefaultRoles organizationId={organizationId} jit={jit} />
      {organization.isPending ? (
        <Skeleton className="h-24" />
      ) : organization.isError ? (
        <ErrorState
          message={errorMessage(organization.error)}
          onRetry={() => void organization.refetch()}
        />
      ) : (
        <SsoOnlyCard organization={organization.data} jit={jit} />
      )}
    </div>
  );
}

const list = (items: string[]) =>
  items.length <= 1
    ? (items[0] ?? "")
    : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1] ?? ""}`;

/** The rules in one sentence, from the settings below: what an admin checks before saving. */
function WhoJoins({ jit }: { jit: JitQueries }) {
  const domains = jit.domains.data?.items.map((d) => `@${d.emailDomain}`) ?? [];
  const connectors = jit.connectors.data?.items.map((c) => c.connectorName) ?? [];
  const roles = jit.roles.data?.items.map((r) => r.name) ?? [];
  const loading = jit.domains.isPending || jit.connectors.isPending || jit.roles.isPending;
  const who = [
    domains.length ? `new users whose verified email ends in ${list(domains)}` : null,
    connectors.length ? `anyone signing in for the first time through ${list(connectors)}` : null,
  ].filter((s): s is string => s !== null);
  return (
    <Card>
      <CardHeader
        title="Just-in-time provisioning"
        description="Users join this organization on their own, without an invitation, when they match a rule below."
      />
      <div aria-live="polite" className="text-sm" data-testid="jit-summary">
        {loading ? (
          <Skeleton className="h-5 w-2/3" />
        ) : who.length === 0 ? (
          <p>Nobody joins automatically: add an email domain or link an SSO connector.</p>
        ) : (
          <p>
            <strong>Who joins:</strong> {list(who)}
            {roles.length
              ? `, with the role${roles.length > 1 ? "s" : ""} ${list(roles)}`
              : ", with no roles"}
            .
          </p>
        )}
        <ul className="mt-3 list-disc space-y-1 pl-5 text-muted-foreground">
          <li>An unverified email never joins; verifying it later does, once.</li>
          <li>
            Existing members and their roles are left as they are; suspended users never join.
          </li>
          <li>Someone who leaves is not added back; removing a rule removes nobody.</li>
        </ul>
      </div>
    </Card>
  );
}

/** SSO-only: users of the email domains must sign in through SSO. Saved at once. */
function SsoOnlyCard({ organization, jit }: { organization: Organization; jit: JitQueries }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.organization.get.queryKey({ id: organization.id });
  const id = useId();
  const toggle = useMutation(
    trpc.organization.update.mutationOptions({
      onMutate: async ({ isSsoOnly }) => {
        await queryClient.cancelQueries({ queryKey: key });
        const previous = queryClient.getQueryData(key);
        queryClient.setQueryData(key, (old) =>
          old ? { ...old, isSsoOnly: isSsoOnly ?? old.isSsoOnly } : old,
        );
        return { previous };
      },
      onError: (error, _vars, context) => {
        if (context?.previous) queryClient.setQueryData(key, context.previous);
        toast.error(errorMessage(error));
      },
      onSuccess: (updated) =>
        toast.success(
          updated.isSsoOnly
            ? "Users of these domains must now sign in through SSO"
            : "Users of these domains may sign in with a password again",
        ),
      onSettled: () => queryClient.invalidateQueries(trpc.organization.list.pathFilter()),
    }),
  );
  const hasDomains = (jit.domains.data?.items.length ?? 0) > 0;
  return (
    <Card>
      <CardHeader title="Sign-in" />
      <div className="flex items-start justify-between gap-4">
        <div className="grid gap-1">
          <label htmlFor={id} className="text-sm font-medium">
            SSO only
          </label>
          <p id={`${id}-hint`} className="text-sm text-muted-foreground">
            Users whose email is at one of this organization&apos;s domains cannot sign in with a
            password: the sign-in page sends them to their SSO connector.
            {hasDomains ? "" : " Takes effect once the organization has an email domain."}
          </p>
        </div>
        <Switch
          id={id}
          aria-describedby={`${id}-hint`}
          checked={organization.isSsoOnly}
          onCheckedChange={(checked) => toggle.mutate({ id: organization.id, isSsoOnly: checked })}
          data-testid="sso-only-switch"
        />
      </div>
    </Card>
  );
}
