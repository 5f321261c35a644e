"use client";

import { MASKED_SECRET } from "@guildhall/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ExternalLink } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useCurrentUser } from "@/components/shell/current-user";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Switch } from "@/components/ui/switch";
import { toast } from "@/components/ui/toaster";
import { CopyField } from "@/features/applications/copy-button";
import { errorMessage } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { READ_ONLY_NOTE } from "./read-only-note";
import { serviceProviderValues, testConnectionUrl } from "./sp-values";

type Connector = RouterOutputs["ssoConnector"]["get"];

const str = (value: unknown) => (typeof value === "string" ? value : "");

function useSave(connector: Connector, done: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const update = useMutation(
    trpc.ssoConnector.update.mutationOptions({
      onSuccess: async () => {
        setError(null);
        toast.success(done);
        await queryClient.invalidateQueries(trpc.ssoConnector.pathFilter());
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  return { update, error, id: connector.id };
}

export function SsoConnectorDetail({ initial, baseUrl }: { initial: Connector; baseUrl: string }) {
  const trpc = useTRPC();
  const isAdmin = useCurrentUser().consoleRole === "admin";
  const { data: connector } = useQuery({
    ...trpc.ssoConnector.get.queryOptions({ id: initial.id }),
    initialData: initial,
  });
  const configured = Object.keys(connector.config).length > 0;
  return (
    <>
      <PageHeader
        breadcrumbs={[
          { label: "Enterprise SSO", href: "/sso-connectors" },
          { label: connector.connectorName },
        ]}
        title={connector.connectorName}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge>{connector.providerName}</Badge>
            <span>Created {formatDate(connector.createdAt)}</span>
            {!configured ? <Badge>Not configured</Badge> : null}
          </span>
        }
        actions={
          <Button
            variant="outline"
            disabled={!configured}
            title={configured ? undefined : "Enter the IdP's settings first"}
            onClick={() =>
              window.open(
                testConnectionUrl(connector.id),
                "guildhall-sso-test",
                "popup,width=560,height=720",
              )
            }
            data-testid="test-sso-connection"
          >
            <ExternalLink aria-hidden />
            Test connection
          </Button>
        }
      />
      <div className="grid gap-6">
        {!isAdmin ? (
          <p className="text-sm text-muted-foreground" data-testid="sso-read-only">
            {READ_ONLY_NOTE}
          </p>
        ) : null}
        <ServiceProviderCard connector={connector} baseUrl={baseUrl} />
        {connector.providerName === "OIDC" ? (
          <OidcSettingsCard connector={connector} readOnly={!isAdmin} />
        ) : (
          <SamlSettingsCard connector={connector} readOnly={!isAdmin} />
        )}
        {configured ? <AttributeMappingCard connector={connector} readOnly={!isAdmin} /> : null}
        <SignInCard connector={connector} readOnly={!isAdmin} />
        {isAdmin ? <DangerZone connector={connector} /> : null}
      </div>
    </>
  );
}

function ServiceProviderCard({ connector, baseUrl }: { connector: Connector; baseUrl: string }) {
  const values = serviceProviderValues(connector.providerName, baseUrl, connector.id);
  return (
    <Card>
      <CardHeader
        title="For the identity provider's admin"
        description={
          connector.providerName === "SAML"
            ? "Create a SAML application in the IdP with these values. Guildhall requires signed assertions and asks for the user's email (NameID or an email attribute) and name."
            : "Create an OpenID Connect web application in the IdP with this redirect URI, then copy its issuer, client ID and client secret below."
        }
      />
      <dl className="grid gap-3">
        {values.map((row) => (
          <div key={row.label} className="grid gap-1 sm:grid-cols-[12rem_1fr] sm:items-start">
            <dt className="text-sm font-medium">{row.label}</dt>
            <dd className="grid min-w-0 gap-1">
              <CopyField value={row.value} label={row.label} testId={`sp-${row.label}`} />
              <span className="text-xs text-muted-foreground">{row.hint}</span>
            </dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

/** Claim or attribute names for the email and the name, when the IdP uses its own. */
function AttributeMappingCard({
  connector,
  readOnly,
}: {
  connector: Connector;
  readOnly: boolean;
}) {
  const { update, error } = useSave(connector, "Attribute mapping saved");
  const stored = (connector.config.attributeMapping ?? {}) as { email?: unknown; name?: unknown };
  const [email, setEmail] = useState(str(stored.email));
  const [name, setName] = useState(str(stored.name));
  const what = connector.providerName === "SAML" ? "attribute" : "claim";
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({
      id: connector.id,
      config: {
        attributeMapping: {
          ...(email.trim() ? { email: email.trim() } : {}),
          ...(name.trim() ? { name: name.trim() } : {}),
        },
      },
    });
  };
  return (
    <Card>
      <CardHeader
        title="Attribute mapping"
        description={`Guildhall reads the email and the name from the usual ${what}s (email, mail, name, displayName, and the Entra ID and LDAP names). If this IdP sends them under other names, enter those here; they are tried first.`}
      />
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Attribute mapping">
        <FormError message={error} />
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField label={`Email ${what}`}>
            <Input
              value={email}
              readOnly={readOnly}
              placeholder="email"
              onChange={(e) => setEmail(e.target.value)}
              data-testid="mapping-email"
            />
          </FormField>
          <FormField label={`Name ${what}`}>
            <Input
              value={name}
              readOnly={readOnly}
              placeholder="name"
              onChange={(e) => setName(e.target.value)}
              data-testid="mapping-name"
            />
          </FormField>
        </div>
        <SaveButton pending={update.isPending} readOnly={readOnly} testId="save-mapping" />
      </form>
    </Card>
  );
}

function SaveButton({
  pending,
  readOnly,
  testId,
}: {
  pending: boolean;
  readOnly: boolean;
  testId: string;
}) {
  if (readOnly) return null;
  return (
    <div className="flex justify-end">
      <Button type="submit" pending={pending} data-testid={testId}>
        Save
      </Button>
    </div>
  );
}

function OidcSettingsCard({ connector, readOnly }: { connector: Connector; readOnly: boolean }) {
  const { update, error } = useSave(connector, "OIDC settings saved");
  const hasSecret = connector.config.clientSecret === MASKED_SECRET;
  const [issuer, setIssuer] = useState(str(connector.config.issuer));
  const [clientId, setClientId] = useState(str(connector.config.clientId));
  const [clientSecret, setClientSecret] = useState("");
  const [scope, setScope] = useState(str(connector.config.scope) || "openid profile email");
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({
      id: connector.id,
      // A secret left empty keeps the stored one (the server never sends it back).
      config: { issuer, clientId, scope, ...(clientSecret ? { clientSecret } : {}) },
    });
  };
  return (
    <Card>
      <CardHeader
        title="Identity provider (OIDC)"
        description="Guildhall reads the IdP's endpoints from /.well-known/openid-configuration under the issuer. The client secret is stored encrypted and never shown again."
      />
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="OIDC settings">
        <FormError message={error} />
        <FormField
          label="Issuer"
          required
          hint="e.g. https://acme.okta.com or https://login.microsoftonline.com/{tenant}/v2.0"
        >
          <Input
            value={issuer}
            readOnly={readOnly}
            onChange={(e) => setIssuer(e.target.value)}
            data-testid="oidc-issuer"
          />
        </FormField>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField label="Client ID" required>
            <Input
              value={clientId}
              readOnly={readOnly}
              onChange={(e) => setClientId(e.target.value)}
              data-testid="oidc-client-id"
            />
          </FormField>
          <FormField
            label="Client secret"
            required={!hasSecret}
            hint={
              hasSecret
                ? "Stored. Leave empty to keep it; type a new one to replace it."
                : undefined
            }
          >
            <Input
              type="password"
              autoComplete="off"
              value={clientSecret}
              readOnly={readOnly}
              placeholder={hasSecret ? MASKED_SECRET : ""}
              onChange={(e) => setClientSecret(e.target.value)}
              data-testid="oidc-client-secret"
            />
          </FormField>
        </div>
        <FormField label="Scope" hint="Space-separated; must include openid.">
          <Input value={scope} readOnly={readOnly} onChange={(e) => setScope(e.target.value)} />
        </FormField>
        <SaveButton pending={update.isPending} readOnly={readOnly} testId="save-oidc" />
      </form>
    </Card>
  );
}

function SamlSettingsCard({ connector, readOnly }: { connector: Connector; readOnly: boolean }) {
  const { update, error } = useSave(connector, "SAML settings saved");
  const [mode, setMode] = useState<"metadata" | "manual">(
    connector.config.entityId !== undefined ? "manual" : "metadata",
  );
  const [xml, setXml] = useState(str(connector.config.idpMetadataXml));
  const [entityId, setEntityId] = useState(str(connector.config.entityId));
  const [ssoUrl, setSsoUrl] = useState(str(connector.config.ssoUrl));
  const [certificate, setCertificate] = useState(str(connector.config.x509Certificate));
  const idp = connector.providerConfig as
    | {
        entityId?: string;
        ssoUrl?: string;
        certificates?: { subject: string; validTo: string; fingerprint256: string }[];
      }
    | undefined;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({
      id: connector.id,
      config:
        mode === "metadata"
          ? { idpMetadataXml: xml, entityId: null, ssoUrl: null, x509Certificate: null }
          : { idpMetadataXml: null, entityId, ssoUrl, x509Certificate: certificate },
    });
  };
  return (
    <Card>
      <CardHeader
        title="Identity provider (SAML)"
        description="Paste the IdP's SAML metadata XML, or enter its entity ID, SSO URL and signing certificate. Only assertions signed with that certificate are accepted."
      />
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="SAML settings">
        <FormError message={error} />
        <fieldset className="flex flex-wrap gap-4 text-sm" disabled={readOnly}>
          <legend className="sr-only">How to enter the IdP settings</legend>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name="saml-mode"
              checked={mode === "metadata"}
              onChange={() => setMode("metadata")}
            />
            Metadata XML
          </label>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name="saml-mode"
              checked={mode === "manual"}
              onChange={() => setMode("manual")}
              data-testid="saml-manual"
            />
            Enter values
          </label>
        </fieldset>
        {mode === "metadata" ? (
          <FormField
            label="IdP metadata XML"
            required
            hint="Download it from the IdP (often “IdP metadata” or “Federation metadata”)."
          >
            <Textarea
              rows={8}
              className="font-mono text-xs"
              value={xml}
              readOnly={readOnly}
              onChange={(e) => setXml(e.target.value)}
              data-testid="saml-metadata"
            />
          </FormField>
        ) : (
          <>
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField label="IdP entity ID" required>
                <Input
                  value={entityId}
                  readOnly={readOnly}
                  onChange={(e) => setEntityId(e.target.value)}
                />
              </FormField>
              <FormField label="SSO URL" required hint="HTTP-Redirect binding.">
                <Input
                  value={ssoUrl}
                  readOnly={readOnly}
                  onChange={(e) => setSsoUrl(e.target.value)}
                />
              </FormField>
            </div>
            <FormField
              label="Signing certificate"
              required
              hint="PEM (-----BEGIN CERTIFICATE-----) or its base64 body."
            >
              <Textarea
                rows={6}
                className="font-mono text-xs"
                value={certificate}
                readOnly={readOnly}
                onChange={(e) => setCertificate(e.target.value)}
              />
            </FormField>
          </>
        )}
        {idp?.entityId ? (
          <dl
            className="grid gap-1 rounded-md border border-border bg-muted/40 p-3 text-xs"
            data-testid="saml-idp-summary"
          >
            <div>
              <dt className="inline font-medium">Entity ID: </dt>
              <dd className="inline font-mono">{idp.entityId}</dd>
            </div>
            <div>
              <dt className="inline font-medium">SSO URL: </dt>
              <dd className="inline font-mono">{idp.ssoUrl}</dd>
            </div>
            {(idp.certificates ?? []).map((c) => (
              <div key={c.fingerprint256}>
                <dt className="inline font-medium">Certificate: </dt>
                <dd className="inline">
                  {c.subject}, valid until {c.validTo} (SHA-256 {c.fingerprint256.slice(0, 23)}…)
                </dd>
              </div>
            ))}
          </dl>
        ) : null}
        <SaveButton pending={update.isPending} readOnly={readOnly} testId="save-saml" />
      </form>
    </Card>
  );
}

function SignInCard({ connector, readOnly }: { connector: Connector; readOnly: boolean }) {
  const { update, error } = useSave(connector, "Sign-in settings saved");
  const [connectorName, setConnectorName] = useState(connector.connectorName);
  const [domains, setDomains] = useState(connector.domains.join("\n"));
  const [displayName, setDisplayName] = useState(connector.branding.displayName ?? "");
  const [logo, setLogo] = useState(connector.branding.logo ?? "");
  const [syncProfile, setSyncProfile] = useState(connector.syncProfile);
  const [allowPasswordSignIn, setAllowPasswordSignIn] = useState(connector.allowPasswordSignIn);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({
      id: connector.id,
      connectorName,
      domains: domains.split(/[\s,]+/).filter((d) => d !== ""),
      branding: { displayName, logo, darkLogo: connector.branding.darkLogo ?? "" },
      syncProfile,
      allowPasswordSignIn,
    });
  };
  return (
    <Card>
      <CardHeader
        title="Sign-in"
        description="Who is sent to this IdP, and how it appears on the sign-in page."
      />
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Sign-in settings">
        <FormError message={error} />
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField label="Connector name" required>
            <Input
              value={connectorName}
              readOnly={readOnly}
              onChange={(e) => setConnectorName(e.target.value)}
            />
          </FormField>
          <FormField label="Display name" hint="Shown on the sign-in page, e.g. “Acme employees”.">
            <Input
              value={displayName}
              readOnly={readOnly}
              onChange={(e) => setDisplayName(e.target.value)}
            />
          </FormField>
        </div>
        <FormField
          label="Email domains"
          hint="One per line. Someone typing an email of these domains on the sign-in page is sent to this IdP. Public mail domains (gmail.com...) and domains of another connector are refused."
        >
          <Textarea
            rows={3}
            value={domains}
            readOnly={readOnly}
            onChange={(e) => setDomains(e.target.value)}
            data-testid="sso-domains"
          />
        </FormField>
        <FormField label="Logo URL" hint="https:// image shown on the sign-in button.">
          <Input value={logo} readOnly={readOnly} onChange={(e) => setLogo(e.target.value)} />
        </FormField>
        <div className="flex items-center gap-2">
          <Switch
            id="sync-profile"
            checked={syncProfile}
            disabled={readOnly}
            onCheckedChange={setSyncProfile}
          />
          <label htmlFor="sync-profile" className="text-sm">
            Update the user&apos;s name and email from the IdP at every sign-in
          </label>
        </div>
        <div className="flex items-center gap-2">
          <Switch
            id="allow-password"
            checked={allowPasswordSignIn}
            disabled={readOnly}
            onCheckedChange={setAllowPasswordSignIn}
          />
          <label htmlFor="allow-password" className="text-sm">
            Offer “sign in with password instead” to these domains
          </label>
        </div>
        <SaveButton pending={update.isPending} readOnly={readOnly} testId="save-sign-in" />
      </form>
    </Card>
  );
}

function DangerZone({ connector }: { connector: Connector }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.ssoConnector.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Connector ${connector.connectorName} deleted`);
        setOpen(false);
        await queryClient.invalidateQueries(trpc.ssoConnector.list.pathFilter());
        router.push("/sso-connectors");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <Card className="border-danger/40">
      <CardHeader
        title="Delete connector"
        description="Users of its domains sign in with a password again (if they have one); their accounts stay."
        action={
          <Button variant="danger" onClick={() => setOpen(true)} data-testid="delete-sso-connector">
            Delete connector
          </Button>
        }
      />
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Delete ${connector.connectorName}?`}
        description="This cannot be undone."
        impact={`Its links to users' IdP identities and to organizations (just-in-time provisioning) are deleted${connector.domains.length ? `; ${connector.domains.join(", ")} no longer sign in through SSO` : ""}.`}
        confirmText={connector.connectorName}
        confirmLabel="Delete connector"
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ id: connector.id })}
      />
    </Card>
  );
}
