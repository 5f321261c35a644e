import NextAuth from "next-auth";
import { authOptions, signOutOutcome } from "@/auth/options";

// next-auth 4 types its App Router handler as `any`; this is its actual shape.
type RouteHandler = (
  req: Request,
  ctx: { params: Promise<{ nextauth: string[] }> },
) => Promise<Response>;

const handler = NextAuth(authOptions) as RouteHandler;

/**
 * Sign-out must end the server-side session, not only clear the cookie (a copy of the cookie
 * would still work). When that fails next-auth still answers with a cleared cookie, so the
 * answer is replaced with a 503 that keeps the cookie and tells the button to say so.
 */
async function POST(
  req: Request,
  ctx: { params: Promise<{ nextauth: string[] }> },
): Promise<Response> {
  const outcome = { failed: false };
  const response = await signOutOutcome.run(outcome, () => handler(req, ctx));
  if (!outcome.failed) return response;
  return Response.json(
    { error: "Could not sign you out: the server is unavailable. Try again in a moment." },
    { status: 503, headers: { "Retry-After": "5", "Cache-Control": "no-store" } },
  );
}

export { handler as GET, POST };
