"use client";

import { emailDomain } from "@guildhall/validators";
import { useMutation } from "@tanstack/react-query";
import { AtSign } from "lucide-react";
import { useId, useState } from "react";
import { RelationPanel } from "@/components/relation-panel";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import type { JitQueries } from "./use-jit-queries";

/** The organization's email domains: add one (checked as the server checks it), remove one. */
export function JitEmailDomains({
  organizationId,
  jit,
}: {
  organizationId: string;
  jit: JitQueries;
}) {
  const trpc = useTRPC();
  const remove = useMutation(trpc.organization.jit.emailDomain.remove.mutationOptions());
  return (
    <RelationPanel
      frame={{
        kind: "card",
        title: "Email domains",
        description:
          "New users with a verified address at one of these domains join this organization. Public mail domains (gmail.com, outlook.com…) cannot be used.",
      }}
      query={jit.domains}
      skeletonRows={2}
      empty={{
        none: {
          icon: <AtSign />,
          title: "No email domains",
          description: "Add your customer's domain, e.g. acme.com, to let its employees join.",
        },
      }}
      table={{ label: "Email domains", rowTestId: "jit-domain-row" }}
      columns={[{ header: "Domain", className: "font-mono", cell: (d) => d.emailDomain }]}
      remove={{
        mutation: remove,
        variables: (d) => ({ organizationId, emailDomain: d.emailDomain }),
        label: (d) => `Remove ${d.emailDomain}`,
        confirm: (d) => ({
          title: `Remove ${d.emailDomain}?`,
          description: "New users of this domain will no longer join automatically.",
          impact: "Members who already joined through it stay members, with their roles.",
          confirmLabel: "Remove domain",
        }),
        removed: (d) => `${d.emailDomain} removed`,
        onRemoved: jit.refresh,
      }}
    >
      <AddDomainForm organizationId={organizationId} onAdded={jit.refresh} />
    </RelationPanel>
  );
}

function AddDomainForm({
  organizationId,
  onAdded,
}: {
  organizationId: string;
  onAdded: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const id = useId();
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const add = useMutation(trpc.organization.jit.emailDomain.add.mutationOptions());
  return (
    <form
      noValidate
      aria-label="Add an email domain"
      className="mt-4 grid gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = emailDomain.safeParse(value);
        if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Invalid domain");
        setError(null);
        add.mutate(
          { organizationId, emailDomain: parsed.data },
          {
            onSuccess: (row) => {
              toast.success(`${row.emailDomain} added`);
              setValue("");
              void onAdded();
            },
            onError: (err) => setError(errorMessage(err)),
          },
        );
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
          aria-describedby={error ? `${id}-error` : undefined}
          data-testid="jit-domain-input"
        />
        <Button
          type="submit"
          variant="outline"
          pending={add.isPending}
          data-testid="jit-domain-add"
        >
          Add
        </Button>
      </div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
    </form>
  );
}
