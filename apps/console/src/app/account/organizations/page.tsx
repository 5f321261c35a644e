import { getOwnOrganizations } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import type { Metadata } from "next";
import { requireSignedIn } from "@/auth/require-signed-in";
import { OwnOrganizationsList, OwnPendingInvitations } from "@/features/account/own-organizations";

export const metadata: Metadata = { title: "Your organizations" };
export const dynamic = "force-dynamic";

export default async function AccountOrganizationsPage() {
  // The layout checks too, but a page renders alongside its layout, not after it.
  const user = await requireSignedIn();
  const own = await getOwnOrganizations({ db: getDb(), actor: { type: "user", userId: user.id } });
  return (
    <>
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Your organizations</h1>
        <p className="text-sm text-muted-foreground">
          Where your account is a member, and your roles in each. Apps of these organizations let
          you sign in with this account.
        </p>
      </div>
      <OwnOrganizationsList organizations={own.organizations} />
      <OwnPendingInvitations invitations={own.pendingInvitations} />
    </>
  );
}
