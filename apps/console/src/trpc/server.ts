import "server-only";
import { appRouter, createCallerFactory, createTrpcContext } from "@guildhall/api";
import { getDb } from "@guildhall/db/client";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getConsoleSession } from "@/auth/session";
import { readEnv } from "@/env";
import { emailContext } from "@/features/invitations/email-context";

const createCaller = createCallerFactory(appRouter);

/**
 * tRPC for server components: the same procedures (and the same authorization) as the
 * browser, without HTTP. One caller per request. Next renders a page alongside its layout,
 * so the page cannot rely on the layout's redirect: without console access this redirects
 * too, instead of failing the render.
 */
export const getServerCaller = cache(async () => {
  const session = await getConsoleSession();
  if (!session) redirect("/sign-in");
  if (!session.consoleRole) redirect("/no-access");
  return createCaller(
    createTrpcContext({
      db: getDb(),
      session,
      instanceSecret: readEnv().GUILDHALL_SECRET,
      ...emailContext(),
    }),
  );
});
