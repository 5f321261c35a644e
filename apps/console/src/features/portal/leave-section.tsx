"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { LogOut } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormError } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { PortalSection } from "./portal-section";

/**
 * Leaving, for every member. Core refuses the last member who can manage roles while others
 * remain; its message (what to do first) is shown here.
 */
export function LeaveSection({
  organizationId,
  organizationName,
}: {
  organizationId: string;
  organizationName: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const leave = useMutation(trpc.portal.leave.mutationOptions());
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <PortalSection
      id="leave"
      title="Leave organization"
      description="You lose your roles here, and its apps stop getting organization tokens for you. To come back, you need a new invitation."
    >
      <FormError message={error} />
      <div>
        <Button
          variant="outline"
          onClick={() => {
            setError(null);
            setConfirming(true);
          }}
          data-testid="portal-leave"
        >
          <LogOut aria-hidden />
          Leave {organizationName}
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Leave ${organizationName}?`}
        description="To come back, you need a new invitation."
        impact={`You lose your roles in ${organizationName}.`}
        confirmLabel="Leave organization"
        pending={leave.isPending}
        onConfirm={() =>
          leave.mutate(
            { organizationId },
            {
              onSuccess: () => {
                setConfirming(false);
                toast.success(`You left ${organizationName}`);
                void queryClient.invalidateQueries({ queryKey: trpc.portal.pathKey() });
                router.push("/portal");
              },
              onError: (e) => {
                setConfirming(false);
                setError(errorMessage(e));
              },
            },
          )
        }
      />
    </PortalSection>
  );
}
