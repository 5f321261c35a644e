import { getSignInExperience } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import type { Metadata } from "next";
import { ResetPasswordForm } from "@/features/password-reset/reset-password-form";

export const metadata: Metadata = { title: "Choose a new password", robots: { index: false } };
// The token is a credential: never cache a render of it.
export const dynamic = "force-dynamic";

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await searchParams;
  if (typeof token !== "string" || token.length === 0)
    return (
      <div className="grid gap-3 text-center" data-testid="reset-link-invalid">
        <h1 className="text-xl font-semibold">This link is incomplete</h1>
        <p className="text-sm text-muted-foreground">
          Open the whole link from the email, or ask for a new one.
        </p>
        <a
          className="text-sm font-medium text-primary underline-offset-4 hover:underline"
          href="/forgot-password"
        >
          Request a new link
        </a>
      </div>
    );
  // Whether the token is still good is only known when it is used (one check, in core).
  const { passwordPolicy } = await getSignInExperience(getDb());
  return (
    <div className="grid gap-5">
      <div className="grid gap-1">
        <h1 className="text-xl font-semibold">Choose a new password</h1>
        <p className="text-sm text-muted-foreground">
          After the change, every device signed in to your account is signed out.
        </p>
      </div>
      <ResetPasswordForm token={token} minPasswordLength={passwordPolicy.minLength} />
    </div>
  );
}
