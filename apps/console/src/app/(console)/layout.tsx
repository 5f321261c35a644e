import { getSetupStatus } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { getSessionUser } from "@/auth/session";
import { ConsoleShell } from "@/components/shell/console-shell";
import { publicBaseUrl } from "@/env";
import { safeRedirectTarget } from "@/lib/urls";

/** Every console page: signed in, and a console member. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  if (!user) {
    if ((await getSetupStatus(getDb())).needsSetup) redirect("/setup");
    const path = safeRedirectTarget((await headers()).get("x-guildhall-path"), publicBaseUrl());
    redirect(path === "/" ? "/sign-in" : `/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  }
  if (!user.consoleRole) redirect("/no-access");
  return <ConsoleShell user={{ ...user, consoleRole: user.consoleRole }}>{children}</ConsoleShell>;
}
