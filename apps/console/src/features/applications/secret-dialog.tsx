"use client";

import { AlertTriangle } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { CopyButton } from "./copy-button";

/** Shows a freshly created client secret, the only time it is ever shown. */
export function SecretDialog({
  secret,
  clientId,
  onOpenChange,
}: {
  secret: { name: string; value: string } | null;
  clientId: string;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open={secret !== null} onOpenChange={onOpenChange}>
      <DialogContent
        title="Copy the client secret now"
        description={secret ? `Secret “${secret.name}” for client ${clientId}.` : undefined}
      >
        <div
          className="flex items-start gap-2 rounded-md border border-warning/40 bg-warning-muted px-3 py-2 text-sm"
          role="alert"
        >
          <AlertTriangle className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden />
          <p>
            <strong>You won&apos;t see it again.</strong> Guildhall stores only a hash of it. Put it
            in your app&apos;s secret store now; if you lose it, add a new secret and delete this
            one.
          </p>
        </div>
        <div className="flex items-center gap-2">
          <code
            className="min-w-0 flex-1 rounded-md border border-border bg-muted px-2.5 py-2 font-mono text-xs break-all"
            data-testid="secret-value"
          >
            {secret?.value}
          </code>
          {secret ? <CopyButton value={secret.value} label="Copy secret" /> : null}
        </div>
        <DialogFooter>
          <DialogClose asChild>
            <Button data-testid="secret-done">I have copied it</Button>
          </DialogClose>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
