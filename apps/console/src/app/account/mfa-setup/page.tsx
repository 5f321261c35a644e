import { getSignInExperience } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import type { Metadata } from "next";
import { requireSignedIn } from "@/auth/require-signed-in";
import { publicBaseUrl } from "@/env";
import { MfaSetup } from "@/features/account/mfa-setup";
import { brandingOf } from "@/features/sign-in/organization-brand";
import { safeCallbackUrl } from "@/lib/urls";

export const metadata: Metadata = { title: "Set up two-step verification" };
export const dynamic = "force-dynamic";

/**
 * Where a sign-in goes when a second factor is required and the user has none: the
 * instance's MFA policy is "required", or the app asked for an organization that requires
 * MFA. Continue returns to the sign-in (`callbackUrl`, this site only).
 */
export default async function MfaSetupPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireSignedIn();
  const params = await searchParams;
  const continueUrl = safeCallbackUrl(params.callbackUrl, publicBaseUrl(), "/account/security");
  const [experience, organization] = await Promise.all([
    getSignInExperience(getDb()),
    brandingOf(params.organization_id),
  ]);
  const reason =
    experience.mfa.policy === "required"
      ? "Every account on this Guildhall instance must use two-step verification."
      : organization
        ? `${organization.name} requires two-step verification for its members.`
        : "The app you are signing in to requires two-step verification.";
  return (
    <>
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Set up two-step verification</h1>
        <p className="text-sm text-muted-foreground" data-testid="mfa-setup-reason">
          {reason} Add a second factor to continue; it keeps your account safe even if your password
          leaks.
        </p>
      </div>
      <MfaSetup offered={experience.mfa.factors} continueUrl={continueUrl} />
    </>
  );
}
