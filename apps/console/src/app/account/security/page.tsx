import { getOwnAccount, getSignInExperience } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import type { Metadata } from "next";
import { requireSignedIn } from "@/auth/require-signed-in";
import { MfaCard } from "@/features/account/security/mfa-card";
import { PasswordCard } from "@/features/account/security/password-card";

export const metadata: Metadata = { title: "Security" };
export const dynamic = "force-dynamic";

export default async function AccountSecurityPage() {
  // The layout checks too, but a page renders alongside its layout, not after it.
  const user = await requireSignedIn();
  const db = getDb();
  const [account, experience] = await Promise.all([
    getOwnAccount({ db, actor: { type: "user", userId: user.id } }),
    getSignInExperience(db),
  ]);
  return (
    <>
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Security</h1>
        <p className="text-sm text-muted-foreground">
          Your password and the second factors that protect your account.
        </p>
      </div>
      <PasswordCard
        hasPassword={account.hasPassword}
        minPasswordLength={experience.passwordPolicy.minLength}
      />
      <MfaCard offered={experience.mfa.factors} />
    </>
  );
}
