import { CheckCircle2, CircleDashed, CirclePause, Loader2, XCircle } from "lucide-react";
import type { ReactNode } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { RouterOutputs } from "@/trpc/types";

export type DeliveryStatus = RouterOutputs["webhook"]["deliveries"]["items"][number]["status"];

/** Whether a webhook sends: the word says it, the color only repeats it. */
export function EnabledBadge({ enabled }: { enabled: boolean }) {
  return enabled ? (
    <Badge tone="success">
      <span className="inline-flex items-center gap-1">
        <CheckCircle2 className="size-3" aria-hidden />
        Enabled
      </span>
    </Badge>
  ) : (
    <Badge>
      <span className="inline-flex items-center gap-1">
        <CirclePause className="size-3" aria-hidden />
        Disabled
      </span>
    </Badge>
  );
}

const DELIVERY = {
  Pending: { tone: "warning", icon: <CircleDashed className="size-3" aria-hidden /> },
  Sending: { tone: "primary", icon: <Loader2 className="size-3" aria-hidden /> },
  Sent: { tone: "success", icon: <CheckCircle2 className="size-3" aria-hidden /> },
  Failed: { tone: "danger", icon: <XCircle className="size-3" aria-hidden /> },
} satisfies Record<DeliveryStatus, { tone: BadgeTone; icon: ReactNode }>;

/** A delivery's status as a word and an icon (the color only repeats it). */
export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  const { tone, icon } = DELIVERY[status];
  return (
    <Badge tone={tone}>
      <span className="inline-flex items-center gap-1" data-testid="delivery-status">
        {icon}
        {status}
      </span>
    </Badge>
  );
}
