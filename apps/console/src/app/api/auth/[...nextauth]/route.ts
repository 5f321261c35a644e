import NextAuth from "next-auth";
import { authOptions } from "@/auth/options";

// next-auth 4 types its App Router handler as `any`; this is its actual shape.
type RouteHandler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

const handler = NextAuth(authOptions) as RouteHandler;

export { handler as GET, handler as POST };
