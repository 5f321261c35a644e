import type { InvitationStatus } from "@guildhall/validators";
import { Badge, type BadgeTone } from "@/components/ui/badge";

const tones = {
  Pending: "primary",
  Accepted: "success",
  Declined: "neutral",
  Expired: "warning",
  Revoked: "danger",
} as const satisfies Record<InvitationStatus, BadgeTone>;

export function InvitationStatusBadge({ status }: { status: InvitationStatus }) {
  return (
    <Badge tone={tones[status]} data-testid="invitation-status">
      {status}
    </Badge>
  );
}
