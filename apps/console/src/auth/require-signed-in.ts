import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { publicBaseUrl } from "@/env";
import { safeRedirectTarget } from "@/lib/urls";
import { getSessionUser } from "./session";
import type { SessionUser } from "./session-user";

/**
 * The signed-in user, any account (console role or not); otherwise off to sign-in with a
 * callbackUrl back to the page asked for (the proxy passes the path along).
 */
export async function requireSignedIn(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (user) return user;
  const path = safeRedirectTarget((await headers()).get("x-guildhall-path"), publicBaseUrl());
  redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
}
