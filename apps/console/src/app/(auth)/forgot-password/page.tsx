import type { Metadata } from "next";
import { publicBaseUrl } from "@/env";
import { ForgotPasswordForm } from "@/features/password-reset/forgot-password-form";
import { authPageHref } from "@/features/sign-in/links";
import { safeCallbackUrl } from "@/lib/urls";

export const metadata: Metadata = { title: "Forgot password" };

export default async function ForgotPasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl, publicBaseUrl());
  const organizationId =
    typeof params.organization_id === "string" ? params.organization_id : undefined;
  return (
    <div className="grid gap-5">
      <div className="grid gap-1">
        <h1 className="text-xl font-semibold">Forgot your password?</h1>
        <p className="text-sm text-muted-foreground">
          Enter the email address of your account and we will send you a link to choose a new
          password.
        </p>
      </div>
      <ForgotPasswordForm signInHref={authPageHref("/sign-in", { callbackUrl, organizationId })} />
    </div>
  );
}
