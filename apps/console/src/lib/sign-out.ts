import { signOut } from "next-auth/react";
import { toast } from "@/components/ui/toaster";

/**
 * Signs out and goes to `callbackUrl` (the sign-in page by default). No automatic redirect: the server answers 503 when
 * it could not end the session (the cookie stays valid then), and the user must not be
 * shown the sign-in page as if they were signed out. Resolves false (with a toast) on failure.
 */
export async function signOutOfConsole(callbackUrl = "/sign-in"): Promise<boolean> {
  try {
    const data = (await signOut({ callbackUrl, redirect: false })) as {
      url?: string;
      error?: string;
    };
    if (data.error || !data.url) throw new Error(data.error ?? "Sign-out failed. Try again.");
    window.location.assign(data.url);
    return true;
  } catch (error) {
    toast.error(error instanceof Error ? error.message : "Sign-out failed. Try again.");
    return false;
  }
}
