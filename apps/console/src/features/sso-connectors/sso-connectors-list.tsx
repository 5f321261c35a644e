"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Fingerprint, Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useCurrentUser } from "@/components/shell/current-user";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { usePageClamp, useListParams } from "@/lib/use-list-params";
import { useTRPC } from "@/trpc/react";
import { CreateSsoConnectorDialog } from "./create-sso-connector-dialog";
import { READ_ONLY_NOTE } from "./read-only-note";

const PAGE_SIZE = 20;

export function SsoConnectorsList() {
  const trpc = useTRPC();
  const isAdmin = useCurrentUser().consoleRole === "admin";
  const { page, setPage } = useListParams([] as const);
  const [creating, setCreating] = useState(false);
  const query = useQuery({
    ...trpc.ssoConnector.list.queryOptions({ page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const pastEnd = usePageClamp(query.data, page, setPage);
  const createButton = isAdmin ? (
    <Button onClick={() => setCreating(true)} data-testid="create-sso-connector">
      <Plus aria-hidden />
      Add connector
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Enterprise SSO"
        description="Let a company's employees sign in with their own identity provider (OIDC or SAML). When someone types an email of a connector's domain on the sign-in page, they are sent to that IdP."
        actions={createButton}
      />
      <div className="grid gap-4">
        {!isAdmin ? (
          <p className="text-sm text-muted-foreground" data-testid="sso-read-only">
            {READ_ONLY_NOTE}
          </p>
        ) : null}
        {query.isPending || pastEnd ? (
          <TableSkeleton />
        ) : query.isError ? (
          <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
        ) : query.data.items.length === 0 ? (
          <EmptyState
            icon={<Fingerprint />}
            title="No SSO connectors yet"
            description="A connector links Guildhall to a company's identity provider (Okta, Microsoft Entra ID, Google Workspace, ADFS...). Add one, enter the IdP's settings, and list the company's email domains."
            action={createButton}
          />
        ) : (
          <>
            <Table label="SSO connectors">
              <THead>
                <TR>
                  <TH>Name</TH>
                  <TH>Protocol</TH>
                  <TH>Email domains</TH>
                  <TH className="hidden md:table-cell">Created</TH>
                </TR>
              </THead>
              <TBody>
                {query.data.items.map((connector) => (
                  <TR key={connector.id} data-testid="sso-connector-row">
                    <TD>
                      <Link
                        href={`/sso-connectors/${connector.id}`}
                        className="font-medium hover:underline"
                      >
                        {connector.connectorName}
                      </Link>
                      <div className="font-mono text-xs text-muted-foreground">{connector.id}</div>
                    </TD>
                    <TD>
                      <Badge>{connector.providerName}</Badge>
                      {Object.keys(connector.config).length === 0 ? (
                        <span className="ml-2 text-xs text-muted-foreground">Not configured</span>
                      ) : null}
                    </TD>
                    <TD className="text-sm">
                      {connector.domains.length > 0 ? (
                        connector.domains.join(", ")
                      ) : (
                        <span className="text-muted-foreground">None</span>
                      )}
                    </TD>
                    <TD className="hidden text-muted-foreground md:table-cell">
                      {formatDate(connector.createdAt)}
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
            <Pagination
              page={page}
              pageSize={PAGE_SIZE}
              total={query.data.total}
              onPageChange={setPage}
              label="SSO connector pages"
            />
          </>
        )}
      </div>
      <CreateSsoConnectorDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}
