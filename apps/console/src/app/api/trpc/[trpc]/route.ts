import { appRouter, createTrpcContext } from "@guildhall/api";
import { getDb } from "@guildhall/db/client";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getConsoleSession } from "@/auth/session";
import { readEnv } from "@/env";
import { emailContext } from "@/features/invitations/email-context";

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => createTrpcContext({ db: getDb(), session: await getConsoleSession(), instanceSecret: readEnv().GUILDHALL_SECRET, ...emailContext() }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error);
    },
  });
}

export { handler as GET, handler as POST };
