"use client";

import { emailDomain } from "@guildhall/validators";
import { useMutation, useQuery } from "@tanstack/react-query";
import { AtSign, Trash2 } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { IconButton } from "@/components/ui/icon-button";
import { Input } from "@/components/ui/input";
import { QueryList } from "@/components/ui/query-list";
import { EmptyState } from "@/components/ui/states";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { PortalSection } from "./portal-section";
import { usePortalRefresh } from "./use-portal-refresh";

// An organization has at most 100 domains (the set limit), so one page holds them all and
// the whole list can be sent back with one added or removed.
const ALL = 100;

/** The organization's email domains (`guildhall:domains:manage`): add yours, remove any. */
export function DomainsSection({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  const refresh = usePortalRefresh();
  const query = useQuery(trpc.portal.domain.list.queryOptions({ organizationId, pageSize: ALL }));
  const replace = useMutation(trpc.portal.domain.replace.mutationOptions());
  const [removing, setRemoving] = useState<string | null>(null);
  const domains = query.data?.items.map((d) => d.emailDomain) ?? [];

  const save = (next: string[], done: string, after?: () => void) =>
    new Promise<boolean>((resolve) =>
      replace.mutate(
        { organizationId, emailDomains: next },
        {
          onSuccess: () => {
            toast.success(done);
            after?.();
            void refresh();
            resolve(true);
          },
          onError: (e) => {
            after?.();
            toast.error(errorMessage(e));
            resolve(false);
          },
        },
      ),
    );

  return (
    <PortalSection
      id="domains"
      title="Email domains"
      description="New users with a verified email address at one of these domains join this organization automatically, and existing users there can ask to join."
    >
      <QueryList
        query={query}
        skeletonRows={2}
        empty={
          <EmptyState
            icon={<AtSign />}
            title="No email domains"
            description="Add your company's domain so colleagues can join."
          />
        }
      >
        {(data) => (
          <ul className="grid gap-2" aria-label="Email domains">
            {data.items.map((d) => (
              <li
                key={d.emailDomain}
                className="flex items-center justify-between gap-2 rounded-md border border-border px-3 py-1.5"
                data-testid="portal-domain-row"
              >
                <span className="font-mono text-sm break-all">{d.emailDomain}</span>
                <IconButton
                  label={`Remove ${d.emailDomain}`}
                  onClick={() => setRemoving(d.emailDomain)}
                >
                  <Trash2 aria-hidden />
                </IconButton>
              </li>
            ))}
          </ul>
        )}
      </QueryList>
      {query.isSuccess ? (
        <AddDomainForm
          pending={replace.isPending}
          onAdd={(domain) =>
            domains.includes(domain)
              ? Promise.resolve(true)
              : save([...domains, domain], `${domain} added`)
          }
        />
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => !open && setRemoving(null)}
        title={`Remove ${removing ?? "this domain"}?`}
        description="New users at this domain will no longer join automatically."
        impact="Members who already joined through it stay members, with their roles."
        confirmLabel="Remove domain"
        pending={replace.isPending}
        onConfirm={() => {
          if (!removing) return;
          void save(
            domains.filter((d) => d !== removing),
            `${removing} removed`,
            () => setRemoving(null),
          );
        }}
      />
    </PortalSection>
  );
}

function AddDomainForm({
  pending,
  onAdd,
}: {
  pending: boolean;
  onAdd: (domain: string) => Promise<boolean>;
}) {
  const id = useId();
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      noValidate
      aria-label="Add an email domain"
      className="grid gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = emailDomain.safeParse(value);
        if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Invalid domain");
        setError(null);
        void onAdd(parsed.data).then((added) => added && setValue(""));
      }}
    >
      <label htmlFor={id} className="text-sm font-medium">
        Add a domain
      </label>
      <div className="flex gap-2">
        <Input
          id={id}
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            if (error) setError(null);
          }}
          placeholder="acme.com"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
          data-testid="portal-domain-input"
        />
        <Button type="submit" variant="outline" pending={pending} data-testid="portal-domain-add">
          Add
        </Button>
      </div>
      <p id={`${id}-hint`} className="text-xs text-muted-foreground">
        You can add the domain of your own verified email address; ask the app&apos;s administrators
        for others.
      </p>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
    </form>
  );
}
