"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";

/**
 * Leaves one organization after a confirmation. Core refuses the last admin of an
 * organization that has other members; its message (what to do instead) is shown here.
 */
export function LeaveOrganizationButton({
  organizationId,
  organizationName,
}: {
  organizationId: string;
  organizationName: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const leave = useMutation(trpc.account.leaveOrganization.mutationOptions());
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="grid justify-items-end gap-1">
      <Button
        variant="outline"
        size="sm"
        aria-label={`Leave ${organizationName}`}
        onClick={() => {
          setError(null);
          setConfirming(true);
        }}
      >
        Leave
      </Button>
      {error ? (
        <p
          role="alert"
          className="max-w-xs text-right text-xs text-danger"
          data-testid="leave-error"
        >
          {error}
        </p>
      ) : null}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Leave ${organizationName}?`}
        description="To come back, you need a new invitation."
        impact={`You lose your roles in ${organizationName}, and its apps stop getting organization tokens for you.`}
        confirmLabel="Leave organization"
        pending={leave.isPending}
        onConfirm={() =>
          leave.mutate(
            { organizationId },
            {
              onSuccess: () => {
                setConfirming(false);
                toast.success(`You left ${organizationName}`);
                router.refresh();
              },
              onError: (e) => {
                setConfirming(false);
                setError(errorMessage(e));
              },
            },
          )
        }
      />
    </div>
  );
}
