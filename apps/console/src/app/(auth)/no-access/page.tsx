import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/auth/session";
import { SignOutButton } from "@/components/sign-out-button";
import { userIdentifier } from "@/lib/user-label";

export const metadata: Metadata = { title: "No console access" };

export default async function NoAccessPage() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  if (user.consoleRole) redirect("/");
  return (
    <div className="grid gap-4" data-testid="no-access">
      <h1 className="text-xl font-semibold">No console access</h1>
      <p className="text-sm text-muted-foreground">
        You are signed in as{" "}
        <span className="font-medium text-foreground">{userIdentifier(user)}</span>, but this
        account is not a console member. Ask a console admin to add you, then sign in again.
      </p>
      <p className="text-sm">
        {/* Most accounts are here for an organization's apps, not for the console. */}
        <a
          className="font-medium text-primary underline-offset-4 hover:underline"
          href="/account/organizations"
          data-testid="no-access-organizations"
        >
          See your organizations
        </a>
      </p>
      <SignOutButton variant="outline" className="w-full" />
    </div>
  );
}
