import { getSetupStatus, getSignInExperience } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/auth/session";
import { publicBaseUrl } from "@/env";
import { authPageHref } from "@/features/sign-in/links";
import { brandingOf, OrganizationBrand } from "@/features/sign-in/organization-brand";
import { SignUpFlow } from "@/features/sign-up/sign-up-flow";
import { safeCallbackUrl } from "@/lib/urls";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const db = getDb();
  if ((await getSetupStatus(db)).needsSetup) redirect("/setup");
  const callbackUrl = safeCallbackUrl(params.callbackUrl, publicBaseUrl());
  if (await getSessionUser()) redirect(callbackUrl);
  const organization = await brandingOf(params.organization_id);
  const signInHref = authPageHref("/sign-in", { callbackUrl, organizationId: organization?.id });
  const experience = await getSignInExperience(db);

  if (!experience.registrationEnabled)
    return (
      <div className="grid gap-3 text-center" data-testid="sign-up-closed">
        <p className="text-sm font-medium text-muted-foreground">403</p>
        <h1 className="text-xl font-semibold">Registration is closed</h1>
        <p className="text-sm text-muted-foreground">
          New accounts cannot be created here. Ask an administrator of this Guildhall instance to
          invite you.
        </p>
        <a
          className="text-sm font-medium text-primary underline-offset-4 hover:underline"
          href={signInHref}
        >
          Back to sign in
        </a>
      </div>
    );

  return (
    <div className="grid gap-5">
      {organization ? <OrganizationBrand organization={organization} /> : null}
      <div className="grid gap-1">
        <h1 className="text-xl font-semibold">
          {organization ? `Create your account for ${organization.name}` : "Create an account"}
        </h1>
        <p className="text-sm text-muted-foreground">
          Sign up with your email address. We will send you a code to confirm it.
        </p>
      </div>
      <SignUpFlow
        callbackUrl={callbackUrl}
        signInHref={signInHref}
        minPasswordLength={experience.passwordPolicy.minLength}
      />
    </div>
  );
}
