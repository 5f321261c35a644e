import { getSignInExperience } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import type { Metadata } from "next";
import { cookies } from "next/headers";
import { openCompletion, SSO_STATE_COOKIE } from "@/features/sso/handoff";
import { SsoError } from "@/features/sso/sso-error";
import { SsoCompletion } from "@/features/sso/sso-completion";

export const metadata: Metadata = { title: "Signing in" };

/** After the IdP: completes the sign-in in this browser (or asks for the second factor). */
export default async function SsoCompletePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { r } = await searchParams;
  const completion = openCompletion(r, (await cookies()).get(SSO_STATE_COOKIE)?.value);
  if (!completion)
    return (
      <SsoError message="This sign-in was started in another browser, or has expired. Start it again from the sign-in page." />
    );
  const experience = await getSignInExperience(getDb());
  return (
    <SsoCompletion
      step={completion.step}
      callbackUrl={completion.callbackUrl}
      passkeysOffered={experience.mfa.factors.includes("webauthn")}
    />
  );
}
