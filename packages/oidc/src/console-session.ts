import type { IncomingMessage } from "node:http";
import { decode } from "next-auth/jwt";

const COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

function parseCookies(header: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) map.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()));
  }
  return map;
}

/**
 * The user signed in to Guildhall's own pages (next-auth JWT session), so an OIDC
 * sign-in reuses it: one session for the console, invitation pages and customer apps.
 */
export async function readSignedInUserId(req: IncomingMessage, secret: string): Promise<string | null> {
  const cookies = parseCookies(req.headers.cookie);
  for (const name of COOKIE_NAMES) {
    // next-auth splits large cookies into name.0, name.1, ...
    let token = cookies.get(name);
    if (!token && cookies.has(`${name}.0`)) {
      token = "";
      for (let i = 0; cookies.has(`${name}.${i}`); i++) token += cookies.get(`${name}.${i}`);
    }
    if (!token) continue;
    try {
      const payload = await decode({ token, secret });
      const id = payload?.sub ?? (payload as { userId?: unknown } | null)?.userId;
      if (typeof id === "string" && id) return id;
    } catch {
      return null;
    }
  }
  return null;
}
