import type { IncomingMessage } from "node:http";
import { getConsoleSession } from "@guildhall/core";
import type { Db } from "@guildhall/db";
import { decode } from "next-auth/jwt";

export const SESSION_COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

function parseCookies(header: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i <= 0) continue;
    try {
      map.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()));
    } catch {
      // A cookie that is not valid percent-encoding is not ours.
    }
  }
  return map;
}

/**
 * The console session token (`sid`) in the request's next-auth cookie, or null. The JWT is
 * only decrypted here; whether the session still exists is the database's answer
 * (getConsoleSessionUser).
 */
export async function readConsoleSessionToken(
  req: IncomingMessage,
  secret: string,
): Promise<string | null> {
  const cookies = parseCookies(req.headers.cookie);
  for (const name of SESSION_COOKIE_NAMES) {
    // next-auth splits large cookies into name.0, name.1, ...
    let token = cookies.get(name);
    if (!token && cookies.has(`${name}.0`)) {
      token = "";
      for (let i = 0; cookies.has(`${name}.${i}`); i++) token += cookies.get(`${name}.${i}`);
    }
    if (!token) continue;
    try {
      const payload = await decode({ token, secret });
      const sid = (payload as { sid?: unknown } | null)?.sid;
      if (typeof sid === "string" && sid) return sid;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The user signed in to Guildhall's own pages, so an OIDC sign-in reuses it: one session
 * for the console, invitation pages and customer apps. Checked against console_sessions
 * like every console request, so a signed-out, revoked or suspended session is not reused.
 */
export async function readSignedInUserId(
  req: IncomingMessage,
  { db, secret }: { db: Db; secret: string },
): Promise<string | null> {
  return (await readSignedInSession(req, { db, secret }))?.userId ?? null;
}

/** As readSignedInUserId, with how the user signed in (the ID token's `amr`). */
export async function readSignedInSession(
  req: IncomingMessage,
  { db, secret }: { db: Db; secret: string },
): Promise<{ userId: string; amr: string[] } | null> {
  const token = await readConsoleSessionToken(req, secret);
  if (!token) return null;
  const session = await getConsoleSession(db, { token });
  return session ? { userId: session.user.id, amr: session.amr } : null;
}
