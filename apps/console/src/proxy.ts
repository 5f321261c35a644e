import { NextResponse, type NextRequest } from "next/server";

/**
 * Passes the requested path to server components (layouts cannot see it otherwise), so
 * the console layout can send an unauthenticated visitor to sign-in with a callbackUrl.
 * Authentication itself is checked in the layout, against the database.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set("x-guildhall-path", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/((?!api/|_next/|favicon.ico).*)"],
};
