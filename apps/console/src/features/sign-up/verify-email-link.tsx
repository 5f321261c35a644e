"use client";

import { useState } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-field";
import { useHydrated } from "@/lib/use-hydrated";
import { verifyEmailLinkAction } from "./actions";

/**
 * Confirms the address with the link's token on a click, not on page load: mail scanners
 * open links, and a GET that spends the token would leave the user a "link already used".
 */
export function VerifyEmailLink({ token }: { token: string }) {
  const hydrated = useHydrated();
  const [state, setState] = useState<"idle" | "pending" | "done">("idle");
  const [error, setError] = useState<string | null>(null);

  async function verify() {
    setError(null);
    setState("pending");
    const result = await verifyEmailLinkAction({ token });
    if (result.ok) return setState("done");
    setError(result.message);
    setState("idle");
  }

  if (state === "done")
    return (
      <div className="grid gap-4 text-center" role="status" data-testid="email-verified">
        <h1 className="text-xl font-semibold">Your email address is verified</h1>
        <p className="text-sm text-muted-foreground">Thank you. You can close this page.</p>
        <a href="/account" className={buttonClasses("primary", "md", "w-full")}>
          Go to your account
        </a>
      </div>
    );

  return (
    <div className="grid gap-4">
      <div className="grid gap-1">
        <h1 className="text-xl font-semibold">Verify your email address</h1>
        <p className="text-sm text-muted-foreground">Confirm that this address belongs to you.</p>
      </div>
      <FormError message={error} />
      <Button
        className="w-full"
        disabled={!hydrated}
        pending={state === "pending"}
        onClick={() => void verify()}
        data-testid="verify-email-submit"
      >
        Verify email address
      </Button>
    </div>
  );
}
