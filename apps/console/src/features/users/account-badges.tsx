import type { MfaFactorType } from "@guildhall/validators";
import { Badge } from "@/components/ui/badge";
import { FACTOR_LABELS } from "@/features/sign-in-experience/factor-labels";

/** Whether the user proved they read their email address. */
export function VerificationBadge({ verified }: { verified: boolean }) {
  return verified ? (
    <Badge tone="success">Verified</Badge>
  ) : (
    <Badge tone="warning">Unverified</Badge>
  );
}

/** One badge per kind of confirmed second factor, or "None". */
export function MfaBadges({ factors }: { factors: readonly MfaFactorType[] }) {
  if (factors.length === 0) return <span className="text-sm text-muted-foreground">None</span>;
  return (
    <div className="flex flex-wrap gap-1">
      {factors.map((type) => (
        <Badge key={type} tone="primary">
          {FACTOR_LABELS[type]}
        </Badge>
      ))}
    </div>
  );
}
