import { ShieldAlert } from "lucide-react";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/states";

/**
 * What someone sees on the portal page of an organization they are not in (or that does not
 * exist: the two look the same, so the page reveals nothing about other organizations).
 */
export function NotAMember({ signedInAs }: { signedInAs?: string }) {
  return (
    <div data-testid="portal-not-member">
      <EmptyState
        icon={<ShieldAlert />}
        title="You are not a member of this organization"
        description={
          <>
            Only its members can open this page. If you should have access, ask an admin of the
            organization to invite you.
            {signedInAs ? (
              <>
                {" "}
                You are signed in as <strong className="text-foreground">{signedInAs}</strong>.
              </>
            ) : null}
          </>
        }
        action={
          <Link href="/portal" className={buttonClasses("outline")}>
            Your organizations
          </Link>
        }
      />
    </div>
  );
}
