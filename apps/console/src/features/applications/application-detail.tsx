"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { createApplicationInput } from "@guildhall/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/states";
import { Switch } from "@/components/ui/switch";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { useCurrentUser } from "@/components/shell/current-user";
import { applyServerErrors, errorMessage } from "@/lib/errors";
import { formatDate, formatDateTime } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { applicationTypeLabel, hasSecrets, managementTokenCurl } from "./application-types";
import { CopyButton, CopyField } from "./copy-button";
import { useListDrafts } from "@/lib/use-list-drafts";
import { rowErrors } from "./create-application-dialog";
import { SecretDialog } from "./secret-dialog";
import { UriListEditor } from "./uri-list-editor";

type Application = RouterOutputs["application"]["get"];

export function ApplicationDetail({ initial, baseUrl }: { initial: Application; baseUrl: string }) {
  const trpc = useTRPC();
  const { data: application } = useQuery({
    ...trpc.application.get.queryOptions({ id: initial.id }),
    initialData: initial,
  });
  return (
    <>
      <PageHeader
        breadcrumbs={[
          { label: "Applications", href: "/applications" },
          { label: application.name },
        ]}
        title={application.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge>{applicationTypeLabel(application.type)}</Badge>
            <span>Created {formatDate(application.createdAt)}</span>
          </span>
        }
      />
      <div className="grid gap-6">
        <EndpointsCard application={application} baseUrl={baseUrl} />
        {application.type === "MachineToMachine" ? (
          <ManagementApiCard application={application} baseUrl={baseUrl} />
        ) : null}
        {hasSecrets(application.type) ? <SecretsCard application={application} /> : null}
        <SettingsCard application={application} />
        <DangerZone application={application} />
      </div>
    </>
  );
}

function EndpointsCard({ application, baseUrl }: { application: Application; baseUrl: string }) {
  const issuer = `${baseUrl}/oidc`;
  const rows = [
    { label: "Client ID", value: application.id, testId: "client-id" },
    { label: "Issuer", value: issuer },
    { label: "Discovery URL", value: `${issuer}/.well-known/openid-configuration` },
    { label: "Token endpoint", value: `${issuer}/token` },
    { label: "JWKS URI", value: `${issuer}/jwks` },
  ];
  return (
    <Card>
      <CardHeader
        title="Credentials and endpoints"
        description={
          hasSecrets(application.type)
            ? "Configure your OIDC client library with these values and a client secret."
            : "A public client: configure your OIDC client library with these values and use PKCE (no secret)."
        }
      />
      <dl className="grid gap-3">
        {rows.map((row) => (
          <div key={row.label} className="grid gap-1 sm:grid-cols-[10rem_1fr] sm:items-center">
            <dt className="text-sm font-medium">{row.label}</dt>
            <dd className="min-w-0">
              <CopyField value={row.value} label={row.label} testId={row.testId} />
            </dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

const LOCKED_CREDENTIALS =
  "This application has Management API access, so its secrets, token lifetimes and deletion are for console admins only.";

/**
 * Whether the signed-in member may not touch this application's credentials: a collaborator,
 * on an application holding the Management API role (only machine-to-machine apps can). The
 * server refuses anyway (`assertMayChangeCredentials`); this only spares a failing click.
 */
function useCredentialsLocked(application: Application): boolean {
  const trpc = useTRPC();
  const isAdmin = useCurrentUser().consoleRole === "admin";
  const access = useQuery({
    ...trpc.application.managementApiAccess.queryOptions({ applicationId: application.id }),
    enabled: !isAdmin && application.type === "MachineToMachine",
  });
  return !isAdmin && access.data === true;
}

function ManagementApiCard({
  application,
  baseUrl,
}: {
  application: Application;
  baseUrl: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const user = useCurrentUser();
  const isAdmin = user.consoleRole === "admin";
  const access = useQuery(
    trpc.application.managementApiAccess.queryOptions({ applicationId: application.id }),
  );
  const set = useMutation(
    trpc.application.setManagementApiAccess.mutationOptions({
      onSuccess: async (_, { enabled }) => {
        toast.success(enabled ? "Management API access granted" : "Management API access revoked");
        await queryClient.invalidateQueries(
          trpc.application.managementApiAccess.queryFilter({ applicationId: application.id }),
        );
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const curl = managementTokenCurl(baseUrl, application.id);
  return (
    <Card>
      <CardHeader
        title="Management API access"
        description="With access, this application can automate everything the console does through the REST Management API, with a token from client credentials."
        action={
          <div className="flex items-center gap-2">
            <Switch
              id="management-api-access"
              checked={access.data ?? false}
              disabled={!isAdmin || access.isPending || set.isPending}
              onCheckedChange={(enabled) => set.mutate({ applicationId: application.id, enabled })}
              aria-label="Management API access"
              data-testid="management-api-switch"
            />
            <label htmlFor="management-api-access" className="text-sm">
              {access.data ? "Enabled" : "Disabled"}
            </label>
          </div>
        }
      />
      {!isAdmin ? (
        <p className="mb-3 text-sm text-muted-foreground">Only console admins can change this.</p>
      ) : null}
      <div className="grid gap-1.5">
        <p className="text-sm font-medium">Get a token</p>
        <div className="flex items-start gap-2">
          <pre
            className="min-w-0 flex-1 overflow-x-auto rounded-md border border-border bg-muted px-3 py-2 font-mono text-xs whitespace-pre-wrap break-all"
            data-testid="token-curl"
          >
            {curl}
          </pre>
          <CopyButton value={curl} label="Copy command" />
        </div>
        <p className="text-xs text-muted-foreground">
          Replace <code>&lt;secret&gt;</code> with a client secret, then send the{" "}
          <code>access_token</code> as <code>Authorization: Bearer …</code> to{" "}
          <code>{baseUrl}/api</code>. See the{" "}
          <a className="underline" href="/api-reference">
            API reference
          </a>
          .
        </p>
      </div>
    </Card>
  );
}

const secretName = createApplicationInput.shape.name;

function SecretsCard({ application }: { application: Application }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const [shown, setShown] = useState<{ name: string; value: string } | null>(null);
  const [deleting, setDeleting] = useState<Application["secrets"][number] | null>(null);
  const locked = useCredentialsLocked(application);
  const refresh = () =>
    queryClient.invalidateQueries(trpc.application.get.queryFilter({ id: application.id }));

  const create = useMutation(
    trpc.application.secret.create.mutationOptions({
      onSuccess: async (secret) => {
        setAdding(false);
        setShown(secret);
        await refresh();
      },
      onError: (e) => setNameError(errorMessage(e)),
    }),
  );
  const remove = useMutation(
    trpc.application.secret.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Secret ${deleting?.name ?? ""} deleted`);
        setDeleting(null);
        await refresh();
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const addButton = (
    <Button
      variant="outline"
      disabled={locked}
      onClick={() => {
        setName(`Secret ${application.secrets.length + 1}`);
        setNameError(null);
        setAdding(true);
      }}
      data-testid="add-secret"
    >
      <Plus aria-hidden />
      Add secret
    </Button>
  );

  return (
    <Card>
      <CardHeader
        title="Client secrets"
        description="To rotate a secret: add a new one, move your app over to it, then delete the old one. Every secret listed here works until it is deleted."
        action={addButton}
      />
      {locked ? (
        <p className="mb-3 text-sm text-muted-foreground" data-testid="credentials-locked">
          {LOCKED_CREDENTIALS}
        </p>
      ) : null}
      {application.secrets.length === 0 ? (
        <EmptyState
          icon={<KeyRound />}
          title="No secrets"
          description="This application cannot authenticate until you add a secret."
        />
      ) : (
        <Table label="Client secrets">
          <THead>
            <TR>
              <TH>Name</TH>
              <TH>Secret</TH>
              <TH className="hidden sm:table-cell">Created</TH>
              <TH className="hidden md:table-cell">Last used</TH>
              <TH className="w-16 text-right">
                <span className="sr-only">Actions</span>
              </TH>
            </TR>
          </THead>
          <TBody>
            {application.secrets.map((s) => (
              <TR key={s.id} data-testid="secret-row">
                <TD className="font-medium">{s.name}</TD>
                <TD className="font-mono text-xs text-muted-foreground">…{s.hint}</TD>
                <TD className="hidden text-muted-foreground sm:table-cell">
                  {formatDate(s.createdAt)}
                </TD>
                <TD className="hidden text-muted-foreground md:table-cell">
                  {s.lastUsedAt ? formatDateTime(s.lastUsedAt) : "Never"}
                </TD>
                <TD className="text-right">
                  <Button
                    variant="ghost"
                    size="icon"
                    aria-label={`Delete secret ${s.name}`}
                    disabled={locked}
                    onClick={() => setDeleting(s)}
                  >
                    <Trash2 aria-hidden />
                  </Button>
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}

      <Dialog open={adding} onOpenChange={setAdding}>
        <DialogContent
          title="Add a client secret"
          description="The new secret works at once, alongside the existing ones. It is shown once."
        >
          <form
            className="grid gap-4"
            aria-label="Add client secret"
            onSubmit={(e) => {
              e.preventDefault();
              const parsed = secretName.max(64).safeParse(name);
              if (!parsed.success) {
                setNameError(parsed.error.issues[0]?.message ?? "Name is required");
                return;
              }
              setNameError(null);
              create.mutate({ applicationId: application.id, name: parsed.data });
            }}
          >
            <FormField
              label="Name"
              required
              error={nameError ?? undefined}
              hint="Say where it is used, e.g. “Production”."
            >
              <Input value={name} onChange={(e) => setName(e.target.value)} />
            </FormField>
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="outline">Cancel</Button>
              </DialogClose>
              <Button type="submit" pending={create.isPending} data-testid="secret-submit">
                Create secret
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
      <SecretDialog
        secret={shown}
        clientId={application.id}
        onOpenChange={(o) => !o && setShown(null)}
      />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete secret ${deleting?.name ?? ""}?`}
        description="Clients still using it can no longer get tokens. Tokens already issued stay valid until they expire."
        impact={
          application.secrets.length === 1
            ? "This is the application's only secret: it will not be able to authenticate until you add another."
            : `Secret …${deleting?.hint ?? ""}, last used ${deleting?.lastUsedAt ? formatDateTime(deleting.lastUsedAt) : "never"}.`
        }
        confirmLabel="Delete secret"
        pending={remove.isPending}
        onConfirm={() =>
          deleting && remove.mutate({ applicationId: application.id, secretId: deleting.id })
        }
      />
    </Card>
  );
}

const settingsSchema = createApplicationInput.pick({
  name: true,
  description: true,
  redirectUris: true,
  postLogoutRedirectUris: true,
  accessTokenTtl: true,
  refreshTokenTtl: true,
});

function SettingsCard({ application }: { application: Application }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const signsUsersIn = application.type !== "MachineToMachine";
  const locked = useCredentialsLocked(application);
  const values = {
    name: application.name,
    description: application.description ?? "",
    redirectUris: application.redirectUris,
    postLogoutRedirectUris: application.postLogoutRedirectUris,
    accessTokenTtl: application.accessTokenTtl,
    refreshTokenTtl: application.refreshTokenTtl,
  };
  const form = useForm({ resolver: zodResolver(settingsSchema), values });
  const drafts = useListDrafts(form);
  const { errors, isDirty } = form.formState;
  const update = useMutation(
    trpc.application.update.mutationOptions({
      onSuccess: async () => {
        toast.success("Settings saved");
        await queryClient.invalidateQueries(trpc.application.pathFilter());
      },
      onError: (error) =>
        setFormError(
          applyServerErrors(error, form.setError, [
            "name",
            "description",
            "redirectUris",
            "postLogoutRedirectUris",
            "accessTokenTtl",
            "refreshTokenTtl",
          ]),
        ),
    }),
  );
  const onSubmit = drafts.submit(
    form.handleSubmit((v) => {
      setFormError(null);
      update.mutate({
        id: application.id,
        name: v.name,
        description: v.description?.trim() ? v.description : null,
        // Locked: send only the labels, which collaborators may change.
        ...(locked ? {} : { accessTokenTtl: v.accessTokenTtl, refreshTokenTtl: v.refreshTokenTtl }),
        ...(signsUsersIn
          ? { redirectUris: v.redirectUris, postLogoutRedirectUris: v.postLogoutRedirectUris }
          : {}),
      });
    }),
  );
  return (
    <Card>
      <CardHeader title="Settings" />
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Application settings">
        <FormError message={formError} />
        <FormField label="Name" required error={errors.name?.message}>
          <Input {...form.register("name")} />
        </FormField>
        <FormField label="Description" error={errors.description?.message}>
          <Textarea rows={2} {...form.register("description")} />
        </FormField>
        {signsUsersIn ? (
          <>
            <FormField
              label="Redirect URIs"
              hint="Where Guildhall may send users back after sign-in."
            >
              <Controller
                control={form.control}
                name="redirectUris"
                render={({ field }) => (
                  <UriListEditor
                    {...drafts.editor("redirectUris")}
                    label="Redirect URIs"
                    value={field.value ?? []}
                    onChange={field.onChange}
                    errors={rowErrors(errors.redirectUris)}
                  />
                )}
              />
            </FormField>
            <FormField
              label="Post sign-out redirect URIs"
              hint="Where users may land after signing out."
            >
              <Controller
                control={form.control}
                name="postLogoutRedirectUris"
                render={({ field }) => (
                  <UriListEditor
                    {...drafts.editor("postLogoutRedirectUris")}
                    label="Post sign-out redirect URIs"
                    placeholder="https://app.example.com/"
                    value={field.value ?? []}
                    onChange={field.onChange}
                    errors={rowErrors(errors.postLogoutRedirectUris)}
                  />
                )}
              />
            </FormField>
          </>
        ) : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField
            label="Access token lifetime (seconds)"
            error={errors.accessTokenTtl?.message}
            hint={
              locked
                ? "Only console admins can change this for an application with Management API access."
                : undefined
            }
          >
            <Input
              type="number"
              min={60}
              readOnly={locked}
              {...form.register("accessTokenTtl", { valueAsNumber: true })}
            />
          </FormField>
          {signsUsersIn ? (
            <FormField
              label="Refresh token lifetime (seconds)"
              error={errors.refreshTokenTtl?.message}
            >
              <Input
                type="number"
                min={60}
                readOnly={locked}
                {...form.register("refreshTokenTtl", { valueAsNumber: true })}
              />
            </FormField>
          ) : null}
        </div>
        <div className="flex justify-end">
          <Button
            type="submit"
            disabled={!isDirty && !drafts.pending}
            pending={update.isPending}
            data-testid="application-save"
          >
            Save settings
          </Button>
        </div>
      </form>
    </Card>
  );
}

function DangerZone({ application }: { application: Application }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const locked = useCredentialsLocked(application);
  const remove = useMutation(
    trpc.application.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Application ${application.name} deleted`);
        setOpen(false);
        await queryClient.invalidateQueries(trpc.application.list.pathFilter());
        router.push("/applications");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <Card className="border-danger/40">
      <CardHeader
        title="Delete application"
        description={
          locked
            ? LOCKED_CREDENTIALS
            : "Its users can no longer sign in through it, its secrets stop working, and the tokens and sessions issued to it are revoked."
        }
        action={
          <Button
            variant="danger"
            disabled={locked}
            onClick={() => setOpen(true)}
            data-testid="delete-application"
          >
            Delete application
          </Button>
        }
      />
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Delete ${application.name}?`}
        description="This cannot be undone."
        impact={
          application.type === "MachineToMachine"
            ? "The application, its secrets, its organization memberships and its Management API access are deleted; its tokens are revoked."
            : "The application and its secrets are deleted; its users' sessions and refresh tokens for it are revoked."
        }
        confirmText={application.name}
        confirmLabel="Delete application"
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ id: application.id })}
      />
    </Card>
  );
}
