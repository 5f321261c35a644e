import {
  appRouter,
  assertSafeTrpcRequest,
  createTrpcContext,
  toTrpcError,
  trpcResponseMeta,
} from "@guildhall/api";
import { clientIp } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import { CROSS_SITE_REQUEST_MESSAGE, isSameOriginRequest } from "@guildhall/core/web-security";
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getConsoleSession } from "@/auth/session";
import { publicBaseUrl, readEnv } from "@/env";
import { emailContext } from "@/features/invitations/email-context";
import { webAuthnRp } from "@/lib/webauthn-rp";

/**
 * The session is a cookie, so a mutation must come from a page of this site (CSRF): Origin
 * must be BASE_URL's. Thrown from the context, so the client gets a tRPC FORBIDDEN (403).
 */
function assertSameOrigin(req: Request) {
  const facts = {
    method: req.method,
    origin: req.headers.get("origin"),
    secFetchSite: req.headers.get("sec-fetch-site"),
  };
  if (!isSameOriginRequest(facts, publicBaseUrl()))
    throw new TRPCError({ code: "FORBIDDEN", message: CROSS_SITE_REQUEST_MESSAGE });
}

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => {
      assertSameOrigin(req);
      // NUL, lone surrogates, bad percent-encoding, deep or huge JSON: a 400/413 before tRPC parses.
      await assertSafeTrpcRequest(req);
      // A session that could not be checked (database down) is a 503, never "signed out".
      const session = await getConsoleSession().catch((error: unknown) => {
        throw toTrpcError(error);
      });
      return createTrpcContext({
        db: getDb(),
        session,
        instanceSecret: readEnv().GUILDHALL_SECRET,
        webhookAllowedHosts: readEnv().WEBHOOK_ALLOWED_HOSTS,
        ip: clientIp({ headers: req.headers }),
        webAuthn: webAuthnRp(publicBaseUrl()),
        ...emailContext(),
      });
    },
    responseMeta: trpcResponseMeta,
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR")
        console.error(`tRPC ${path ?? "?"} failed:`, error);
    },
  });
}

export { handler as GET, handler as POST };
