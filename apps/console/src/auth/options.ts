import "server-only";
import { isDomainError, verifyCredentials } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import { signInInput } from "@guildhall/validators";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { readEnv } from "@/env";
import { loadSessionUser, type SessionUser } from "./session-user";

/** What `getServerSession` / `useSession` return in the console. */
export interface ConsoleAuthSession {
  expires: string;
  /** Absent when the account was deleted or suspended since the token was issued. */
  user?: SessionUser;
}

export const authOptions = {
  secret: readEnv().NEXTAUTH_SECRET,
  // JWT sessions: nothing to store, and they survive restarts because the secret is persisted.
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials) {
        const parsed = signInInput.safeParse(credentials ?? {});
        if (!parsed.success) throw new Error("Enter your email and password.");
        try {
          const user = await verifyCredentials(getDb(), parsed.data);
          return { id: user.id, email: user.email, name: user.name };
        } catch (error) {
          // next-auth passes the message through to the sign-in form.
          if (isDomainError(error)) throw new Error(error.message);
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    async session({ session, token }): Promise<ConsoleAuthSession> {
      // Re-read on every session fetch (one primary-key lookup) so role changes apply at once.
      const user = token.sub ? await loadSessionUser(getDb(), token.sub) : null;
      return { expires: session.expires, user: user ?? undefined };
    },
  },
} satisfies NextAuthOptions;
