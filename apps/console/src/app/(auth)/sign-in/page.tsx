import { getOrganization, getSetupStatus, isDomainError, systemContext } from "@guildhall/core";
import type { Organization } from "@guildhall/validators";
import { getDb } from "@guildhall/db/client";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/auth/session";
import { publicBaseUrl } from "@/env";
import { isConsolePath, safeCallbackUrl } from "@/lib/urls";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  if ((await getSetupStatus(getDb())).needsSetup) redirect("/setup");
  const callbackUrl = safeCallbackUrl(params.callbackUrl, publicBaseUrl());
  const user = await getSessionUser();
  // Console pages need console access; other pages (an app's OIDC sign-in) any account.
  const forConsole = isConsolePath(callbackUrl);
  if (user) redirect(user.consoleRole || !forConsole ? callbackUrl : "/no-access");
  const error = typeof params.error === "string" ? params.error : undefined;
  // An app's sign-in for one organization (organization_id on the authorization request).
  const organization =
    typeof params.organization_id === "string" ? await brandingOf(params.organization_id) : null;
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
      <SignInForm
        callbackUrl={callbackUrl}
        initialError={error ? signInErrorMessage(error) : null}
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

async function brandingOf(id: string): Promise<Organization | null> {
  try {
    return await getOrganization(systemContext(getDb()), { id });
  } catch (error) {
    // An unknown organization id gets the plain page; it reveals nothing.
    if (isDomainError(error)) return null;
    throw error;
  }
}

function OrganizationBrand({ organization }: { organization: Organization }) {
  const color = organization.branding.primaryColor;
  return (
    <div
      className="flex items-center gap-3 border-l-4 pl-3"
      style={color ? { borderColor: color } : undefined}
      data-testid="organization-branding"
    >
      {organization.branding.logoUrl ? (
        <img
          src={organization.branding.logoUrl}
          alt=""
          className="h-8 w-8 rounded object-contain"
        />
      ) : null}
      <span className="font-medium">{organization.name}</span>
    </div>
  );
}
