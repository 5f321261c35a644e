import { NextResponse, type NextRequest } from "next/server";
import { publicBaseUrl, readEnv } from "@/env";
import { consoleResponseHeaders } from "@/lib/security-headers";

/**
 * Runs before every page and route handler. Sets the security headers (pages: a CSP with a
 * fresh nonce, which Next reads from the request and puts on its own scripts) and passes
 * the requested path to server components (layouts cannot see it otherwise), so the
 * console layout can send an unauthenticated visitor to sign-in with a callbackUrl.
 * Authentication itself is checked in the layout, against the database.
 */
export function proxy(request: NextRequest) {
  const env = readEnv();
  const { pathname, search } = request.nextUrl;
  const added = consoleResponseHeaders({
    path: pathname,
    baseUrl: publicBaseUrl(env),
    dev: env.NODE_ENV === "development",
  });
  const headers = new Headers(request.headers);
  headers.set("x-guildhall-path", `${pathname}${search}`);
  for (const [name, value] of Object.entries(added.request)) headers.set(name, value);
  const response = NextResponse.next({ request: { headers } });
  for (const [name, value] of Object.entries(added.response)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Pages and API routes; not Next's own assets (`_next/`: static chunks, the HMR socket).
  matcher: ["/((?!_next/|favicon.ico).*)"],
};
