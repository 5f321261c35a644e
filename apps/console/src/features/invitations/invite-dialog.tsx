"use client";

import { consoleRole as consoleRoles, type ConsoleRole } from "@guildhall/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { NativeSelect, Textarea } from "@/components/ui/input";
import type { Option } from "@/components/ui/multi-select";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { plural } from "@/lib/format";
import { RolePicker } from "@/features/organizations/role-picker";
import { useTRPC } from "@/trpc/react";
import { CopyLinkButton } from "./copy-link-button";
import { CONSOLE_ROLE_LABELS, scopeName, type InvitationScope } from "./scope";

const EXPIRY_DAYS = [1, 3, 7, 14, 30] as const;

/** Splits pasted addresses on commas, semicolons, spaces and new lines. */
export function parseEmails(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

type Result = { invitee: string; link: string | null; error: string | null };

/**
 * Invite several emails at once, with the same roles and expiry: into an organization (with
 * organization roles) or into the console (with a console role). Shows each result and its link.
 */
export function InviteDialog({
  scope,
  open,
  onOpenChange,
}: {
  scope: InvitationScope;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [emails, setEmails] = useState("");
  const [roles, setRoles] = useState<Option[]>([]);
  const [consoleRole, setConsoleRole] = useState<ConsoleRole>("collaborator");
  const [days, setDays] = useState<number>(7);
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<Result[] | null>(null);

  const create = useMutation(
    trpc.invitation.create.mutationOptions({
      onSuccess: async (data) => {
        setResults(
          data.map((r) => ({
            invitee: r.invitee,
            link: r.result?.link ?? null,
            error: r.error?.message ?? null,
          })),
        );
        const sent = data.filter((r) => r.result).length;
        if (sent) toast.success(`${plural(sent, "invitation")} sent`);
        await queryClient.invalidateQueries({ queryKey: trpc.invitation.list.pathKey() });
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );

  const close = (next: boolean) => {
    onOpenChange(next);
    if (!next) {
      setEmails("");
      setRoles([]);
      setConsoleRole("collaborator");
      setDays(7);
      setError(null);
      setResults(null);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const invitees = parseEmails(emails);
    if (invitees.length === 0) return setError("Enter at least one email address.");
    const expiresAt = new Date(Date.now() + days * 86_400_000);
    create.mutate(
      scope.kind === "organization"
        ? {
            organizationId: scope.organization.id,
            invitees,
            organizationRoleIds: roles.map((r) => r.id),
            expiresAt,
          }
        : { consoleRole, invitees, expiresAt },
    );
  };

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent
        title={
          scope.kind === "organization" ? `Invite to ${scopeName(scope)}` : "Invite console members"
        }
        description={
          scope.kind === "organization"
            ? "Each address gets an email with a link to join, with the roles you pick."
            : "Each address gets an email with a link to create an account (or sign in) and get console access with the role you pick."
        }
        wide
      >
        {results ? (
          <div className="grid gap-3" data-testid="invite-results">
            <ul className="grid gap-2 text-sm">
              {results.map((r) => (
                <li
                  key={r.invitee}
                  className="flex items-center justify-between gap-2 rounded-md border border-border px-3 py-2"
                >
                  <span className="min-w-0 truncate">
                    <strong>{r.invitee}</strong>
                    {r.error ? (
                      <span className="block text-danger">{r.error}</span>
                    ) : (
                      <span className="block text-muted-foreground">Invited</span>
                    )}
                  </span>
                  {r.link ? <CopyLinkButton link={r.link} /> : null}
                </li>
              ))}
            </ul>
            <DialogFooter>
              <Button onClick={() => close(false)}>Done</Button>
            </DialogFooter>
          </div>
        ) : (
          <form
            onSubmit={submit}
            className="grid gap-4"
            noValidate
            aria-label={scope.kind === "organization" ? "Invite members" : "Invite console members"}
          >
            <FormError message={error} />
            <FormField label="Emails" hint="Separate several addresses with commas or new lines.">
              <Textarea
                rows={3}
                value={emails}
                onChange={(e) => setEmails(e.target.value)}
                placeholder="ada@example.com, grace@example.com"
                data-testid="invite-emails"
              />
            </FormField>
            {scope.kind === "organization" ? (
              <FormField label="Roles" hint="Given when the invitation is accepted.">
                <RolePicker value={roles} onChange={setRoles} />
              </FormField>
            ) : (
              <FormField
                label="Console role"
                hint="Admins can also manage console members; collaborators everything else."
              >
                <NativeSelect
                  value={consoleRole}
                  onChange={(e) => setConsoleRole(consoleRoles.parse(e.target.value))}
                  data-testid="invite-console-role"
                >
                  {consoleRoles.options.map((r) => (
                    <option key={r} value={r}>
                      {CONSOLE_ROLE_LABELS[r]}
                    </option>
                  ))}
                </NativeSelect>
              </FormField>
            )}
            <FormField label="Expires after">
              <NativeSelect
                value={String(days)}
                onChange={(e) => setDays(Number(e.target.value))}
                data-testid="invite-expiry"
              >
                {EXPIRY_DAYS.map((d) => (
                  <option key={d} value={d}>
                    {plural(d, "day")}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
            <DialogFooter>
              <Button variant="secondary" onClick={() => close(false)}>
                Cancel
              </Button>
              <Button type="submit" pending={create.isPending} data-testid="invite-submit">
                Send invitations
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
