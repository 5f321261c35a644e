import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import {
  clientIp,
  completeSignIn,
  CONSOLE_SESSION_IDLE_MS,
  createConsoleSession,
  endConsoleSession,
  isDatabaseUnavailable,
  isDomainError,
} from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import { text } from "@guildhall/validators";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { publicBaseUrl, readEnv } from "@/env";
import { safeRedirectTarget } from "@/lib/urls";
import { loadSessionUser, type SessionUser } from "./session-user";

/** The only thing the credentials provider accepts: a sign-in challenge whose steps are all done. */
const credentialsInput = z.object({ challengeToken: text().min(1).max(512) });

/** What `getServerSession` / `useSession` return in the console. */
export interface ConsoleAuthSession {
  expires: string;
  /** Absent when the account was deleted or suspended since the token was issued. */
  user?: SessionUser;
  /** The session could not be checked (database unavailable): neither signed in nor out. */
  unavailable?: true;
}

/**
 * Whether the sign-out being handled ended its server-side session. next-auth logs and
 * swallows errors thrown by `events.signOut` and clears the cookie anyway; the route handler
 * reads this to answer 503 instead, so a sign-out that did not happen never looks done.
 */
export const signOutOutcome = new AsyncLocalStorage<{ failed: boolean }>();

/** The user next-auth passes from `authorize` to the `jwt` callback. */
interface SignedInUser {
  id: string;
  email: string | null;
  name: string | null;
  sessionToken: string;
}

export const authOptions = {
  secret: readEnv().NEXTAUTH_SECRET,
  // The cookie is a JWT (encrypted with NEXTAUTH_SECRET) carrying `sid`, the random token of
  // a console_sessions row; the row is checked on every request, so deleting it ends the
  // session (sign-out, password change, suspension, role change) even for a copied cookie.
  session: { strategy: "jwt", maxAge: CONSOLE_SESSION_IDLE_MS / 1000 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    // The password, second factor or passkey were checked before, by the sign-in page's
    // server actions (core's beginPasswordSignIn, verifySignIn*, finishSignInPasskey), which
    // hand back a challenge token. Here the challenge is consumed and the session opened, so
    // no credential ever passes through next-auth and no step can be skipped.
    CredentialsProvider({
      name: "Guildhall sign-in",
      credentials: { challengeToken: { label: "Challenge", type: "text" } },
      async authorize(credentials, req): Promise<SignedInUser> {
        const parsed = credentialsInput.safeParse(credentials ?? {});
        if (!parsed.success) throw new Error("Sign in again to continue.");
        const headers = (req.headers ?? {}) as Record<string, string | undefined>;
        try {
          const db = getDb();
          const { user, amr } = await completeSignIn(db, parsed.data);
          const { token } = await createConsoleSession(db, {
            userId: user.id,
            userAgent: headers["user-agent"],
            ip: clientIp({ headers }),
            amr,
          });
          return { id: user.id, email: user.email, name: user.name, sessionToken: token };
        } catch (error) {
          // next-auth passes the message through to the sign-in form.
          if (isDomainError(error)) throw new Error(error.message);
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    // Every callbackUrl next-auth takes (the sign-in or sign-out request's, or its
    // callback-url cookie) goes through the one redirect check. Its client wants it absolute.
    redirect({ url }) {
      const base = publicBaseUrl();
      return new URL(safeRedirectTarget(url, base), base).href;
    },
    jwt({ token, user }) {
      // Only at sign-in is `user` set: the cookie gets the session's token.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- next-auth types `user` as always present; it is undefined after sign-in
      if (user) {
        token.sub = user.id;
        token.sid = (user as SignedInUser).sessionToken;
      }
      return token;
    },
    async session({ session, token }): Promise<ConsoleAuthSession> {
      // Checked on every session fetch (one primary-key lookup): an ended session, a
      // suspension or a role change applies at once. A cookie from before sessions were
      // recorded has no sid and reads as signed out.
      let user: SessionUser | null;
      try {
        user = await loadSessionUser(getDb(), token.sid);
      } catch (error) {
        // next-auth would log a throw here, answer "no session" and clear the cookie: a
        // database outage would sign everyone out. Say "could not check" instead;
        // getSessionUser turns it into a 503.
        if (isDatabaseUnavailable(error)) return { expires: session.expires, unavailable: true };
        throw error;
      }
      return { expires: session.expires, user: user ?? undefined };
    },
  },
  events: {
    async signOut({ token }) {
      try {
        await endConsoleSession(getDb(), { token: (token as { sid?: unknown } | null)?.sid });
      } catch (error) {
        const outcome = signOutOutcome.getStore();
        if (outcome) outcome.failed = true;
        throw error;
      }
    },
  },
} satisfies NextAuthOptions;
