"use client";

import { useMutation } from "@tanstack/react-query";
import { KeyRound, Pencil, Unlink } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { AssignDialog } from "@/components/assign-dialog";
import { RelationPanel } from "@/components/relation-panel";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { plural } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import { SsoConnectorPicker } from "./sso-connector-picker";
import type { JitQueries } from "./use-jit-queries";

/** The SSO connectors whose users join on their first sign-in: pick the set, or unlink one. */
export function JitSsoConnectors({
  organizationId,
  jit,
}: {
  organizationId: string;
  jit: JitQueries;
}) {
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const replace = useMutation(trpc.organization.jit.ssoConnector.replace.mutationOptions());
  const remove = useMutation(trpc.organization.jit.ssoConnector.remove.mutationOptions());
  const current = jit.connectors.data?.items ?? [];
  return (
    <RelationPanel
      frame={{
        kind: "card",
        title: "Enterprise SSO connectors",
        description:
          "Users who sign in through one of these connectors join this organization on their first sign-in, whatever their email.",
      }}
      action={
        <Button
          variant="outline"
          onClick={() => setEditing(true)}
          data-testid="jit-connectors-edit"
        >
          <Pencil aria-hidden />
          Edit connectors
        </Button>
      }
      query={jit.connectors}
      skeletonRows={2}
      empty={{
        none: {
          icon: <KeyRound />,
          title: "No SSO connectors",
          description: "Link your customer's identity provider so its users join on first sign-in.",
        },
      }}
      table={{ label: "Linked SSO connectors", rowTestId: "jit-connector-row" }}
      columns={[
        {
          header: "Connector",
          cell: (c) => (
            <Link href={`/sso-connectors/${c.id}`} className="font-medium hover:underline">
              {c.connectorName}
            </Link>
          ),
        },
        { header: "Protocol", cell: (c) => c.providerName },
        {
          header: "Domains",
          headClassName: "hidden md:table-cell",
          className: "hidden font-mono text-xs text-muted-foreground md:table-cell",
          cell: (c) => (c.domains.length ? c.domains.join(", ") : "—"),
        },
      ]}
      remove={{
        mutation: remove,
        variables: (c) => ({ organizationId, ssoConnectorId: c.id }),
        label: (c) => `Unlink ${c.connectorName}`,
        icon: <Unlink aria-hidden />,
        confirm: (c) => ({
          title: `Unlink ${c.connectorName}?`,
          description: "Its users will no longer join this organization on first sign-in.",
          impact:
            "Members who already joined through it stay members. The connector itself is kept.",
          confirmLabel: "Unlink connector",
        }),
        removed: (c) => `${c.connectorName} unlinked`,
        onRemoved: jit.refresh,
      }}
    >
      <AssignDialog
        open={editing}
        onOpenChange={setEditing}
        title="Edit linked connectors"
        description="Users of exactly these connectors join this organization on their first SSO sign-in."
        submitLabel="Save connectors"
        submitTestId="jit-connectors-save"
        initial={current.map((c) => ({ id: c.id, label: c.connectorName }))}
        mutation={replace}
        variables={(ssoConnectorIds) => ({ organizationId, ssoConnectorIds })}
        assigned={(count) =>
          count ? `${plural(count, "connector")} linked` : "No connectors linked"
        }
        onAssigned={jit.refresh}
      >
        {(connectors, setConnectors) => (
          <FormField label="SSO connectors">
            <SsoConnectorPicker value={connectors} onChange={setConnectors} />
          </FormField>
        )}
      </AssignDialog>
    </RelationPanel>
  );
}
