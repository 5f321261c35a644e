import "server-only";
import { getToken } from "next-auth/jwt";
import { cookies } from "next/headers";
import { cache } from "react";
import { readEnv } from "@/env";

/**
 * The console session token (`sid`) of this request's cookie, for core calls that must tell
 * the current session from the others (keep it on a password change, mark it "This device",
 * add a factor to its `amr`). Read from the cookie only: an Authorization header is never a
 * session here. Null when signed out.
 */
export const getSessionToken = cache(async (): Promise<string | null> => {
  const token = await getToken({
    req: { cookies: await cookies(), headers: new Headers() } as unknown as Parameters<
      typeof getToken
    >[0]["req"],
    secret: readEnv().NEXTAUTH_SECRET,
  });
  return typeof token?.sid === "string" ? token.sid : null;
});
