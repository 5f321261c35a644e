"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Eye, EyeOff, RotateCw } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toaster";
import { CopyButton } from "@/features/applications/copy-button";
import { errorMessage } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { VerificationNote } from "./verification-note";
import type { WebhookDetailData } from "./webhook-detail";

/** The key the receiver verifies signatures with: hidden until asked, copy, rotate. */
export function SigningKeyCard({ webhook }: { webhook: WebhookDetailData }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [revealed, setRevealed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const rotate = useMutation(
    trpc.webhook.rotateSigningKey.mutationOptions({
      onSuccess: async (updated) => {
        queryClient.setQueryData(trpc.webhook.get.queryKey({ id: updated.id }), updated);
        setConfirming(false);
        // Shown at once: the receiver needs the new key now.
        setRevealed(true);
        toast.success("New signing key created: give it to your endpoint now.");
        await queryClient.invalidateQueries(trpc.webhook.list.pathFilter());
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const key = webhook.signingKey;
  // The prefix stays visible so the key can be recognized without being revealed.
  const masked = `${key.slice(0, 6)}${"•".repeat(24)}`;

  return (
    <Card>
      <CardHeader
        title="Signing key"
        description="Every request is signed with this key; your endpoint uses it to check that the request came from Guildhall and was not changed."
        action={
          <Button
            variant="outline"
            onClick={() => setConfirming(true)}
            data-testid="rotate-webhook-key"
          >
            <RotateCw aria-hidden />
            Rotate key
          </Button>
        }
      />
      <div className="grid gap-4">
        <div className="flex min-w-0 items-center gap-2">
          <code
            className="min-w-0 flex-1 truncate rounded-md border border-border bg-muted px-2.5 py-2 font-mono text-xs"
            data-testid="webhook-signing-key"
          >
            {revealed ? (
              key
            ) : (
              <>
                {masked}
                <span className="sr-only"> (hidden: use Reveal signing key to read it)</span>
              </>
            )}
          </code>
          <Button
            variant="outline"
            size="icon"
            aria-label={revealed ? "Hide signing key" : "Reveal signing key"}
            aria-pressed={revealed}
            onClick={() => setRevealed((r) => !r)}
            data-testid="reveal-webhook-key"
          >
            {revealed ? <EyeOff aria-hidden /> : <Eye aria-hidden />}
          </Button>
          <CopyButton value={key} label="Copy signing key" />
        </div>
        <VerificationNote />
      </div>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Rotate the signing key?"
        description="Do it when the key may have leaked, then update your endpoint right away."
        impact={`From now on every request to ${webhook.config.url}, retries included, is signed with a new key: requests fail verification at your endpoint until it has the new key.`}
        confirmLabel="Rotate key"
        pending={rotate.isPending}
        onConfirm={() => rotate.mutate({ id: webhook.id })}
      />
    </Card>
  );
}
