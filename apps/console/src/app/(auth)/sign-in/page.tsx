import { getSetupStatus, getSignInExperience } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/auth/session";
import { publicBaseUrl } from "@/env";
import { authPageHref } from "@/features/sign-in/links";
import { brandingOf, OrganizationBrand } from "@/features/sign-in/organization-brand";
import { SignInFlow } from "@/features/sign-in/sign-in-flow";
import { isConsolePath, safeCallbackUrl } from "@/lib/urls";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const db = getDb();
  if ((await getSetupStatus(db)).needsSetup) redirect("/setup");
  const callbackUrl = safeCallbackUrl(params.callbackUrl, publicBaseUrl());
  const user = await getSessionUser();
  // Console pages need console access; other pages (an app's OIDC sign-in) any account.
  const forConsole = isConsolePath(callbackUrl);
  if (user) redirect(user.consoleRole || !forConsole ? callbackUrl : "/no-access");
  const error = typeof params.error === "string" ? params.error : undefined;
  // An app's sign-in for one organization (organization_id on the authorization request).
  const organization = await brandingOf(params.organization_id);
  const experience = await getSignInExperience(db);
  const keep = { callbackUrl, organizationId: organization?.id };
  return (
    <div className="grid gap-5">
      {organization ? <OrganizationBrand organization={organization} /> : null}
      <div className="grid gap-1">
        <h1 className="text-xl font-semibold">
          {forConsole
            ? "Sign in to the console"
            : organization
              ? `Sign in to ${organization.name}`
              : "Sign in"}
        </h1>
        <p className="text-sm text-muted-foreground">
          {forConsole
            ? "Use the email and password of your console account."
            : "Use your email and password to continue."}
        </p>
      </div>
      <SignInFlow
        callbackUrl={callbackUrl}
        initialError={error ? signInErrorMessage(error) : null}
        passkeysOffered={experience.mfa.factors.includes("webauthn")}
        links={{
          signUp: experience.registrationEnabled ? authPageHref("/sign-up", keep) : null,
          forgotPassword: authPageHref("/forgot-password", keep),
        }}
      />
    </div>
  );
}

// next-auth's redirect errors are codes; the credentials provider passes our message as-is.
function signInErrorMessage(error: string): string {
  switch (error) {
    case "CredentialsSignin":
      return "Email or password is incorrect.";
    case "SessionRequired":
      return "Sign in to continue.";
    case "Configuration":
    case "Callback":
      return "Sign-in is not available right now. Try again in a moment.";
    default:
      return error.length < 200 ? error : "Could not sign you in.";
  }
}
