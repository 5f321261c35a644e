"use client";

import { useMutation } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/features/applications/copy-button";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";

/** Backup codes: generated 10 at a time, shown once; generating again voids the old ones. */
export function BackupCodes({
  remaining,
  onChanged,
}: {
  /** Unused codes left, or null when the user has none yet. */
  remaining: number | null;
  onChanged: () => void;
}) {
  const trpc = useTRPC();
  const regenerate = useMutation(trpc.account.mfa.backupCodes.regenerate.mutationOptions());
  const [codes, setCodes] = useState<string[] | null>(null);
  const [confirming, setConfirming] = useState(false);

  const generate = () =>
    regenerate.mutate(undefined, {
      onSuccess: ({ codes: fresh }) => {
        setConfirming(false);
        setCodes(fresh);
        onChanged();
      },
      onError: (error) => {
        setConfirming(false);
        toast.error(errorMessage(error));
      },
    });

  if (codes) return <NewCodes codes={codes} onDone={() => setCodes(null)} />;
  return (
    <>
      <div>
        <Button
          variant="outline"
          pending={regenerate.isPending}
          onClick={() => (remaining === null ? generate() : setConfirming(true))}
          data-testid="backup-codes-generate"
        >
          {remaining === null ? "Generate backup codes" : "Regenerate backup codes"}
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Regenerate backup codes?"
        description="You get 10 new codes."
        impact={`Your ${remaining ?? 0} unused backup codes stop working at once.`}
        confirmLabel="Regenerate"
        pending={regenerate.isPending}
        onConfirm={generate}
      />
    </>
  );
}

function NewCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const text = `Guildhall backup codes. Each works once.\n\n${codes.join("\n")}\n`;
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = "guildhall-backup-codes.txt";
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div
      className="grid gap-3 rounded-md border border-warning/40 bg-warning-muted p-4"
      data-testid="backup-codes"
    >
      <h3 className="font-semibold">Save your backup codes</h3>
      <p className="text-sm">
        Each code signs you in once if you cannot use your other factors. This is the only time they
        are shown: keep them somewhere safe, like a password manager.
      </p>
      <ul className="grid grid-cols-2 gap-2 font-mono text-sm" aria-label="Backup codes">
        {codes.map((code) => (
          <li key={code} className="rounded border border-border bg-card px-2 py-1 text-center">
            {code}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap justify-end gap-2">
        <CopyButton value={codes.join("\n")} label="Copy codes" showLabel />
        <Button variant="outline" size="sm" onClick={download}>
          <Download aria-hidden />
          Download
        </Button>
        <Button size="sm" onClick={onDone}>
          I saved them
        </Button>
      </div>
    </div>
  );
}
