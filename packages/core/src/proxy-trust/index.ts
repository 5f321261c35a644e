// Which reverse proxies Guildhall believes. Imported by the console's env.ts (to validate
// TRUST_PROXY) and by server.ts before Next loads, so it pulls in nothing but proxy-addr.
import type { IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";
import { CLIENT_IP_HEADER } from "../auth/client-ip.ts";

/**
 * Whether the hop at `address` (`hop` 0 is the TCP peer, 1 the address it forwarded for,
 * ...) is a proxy whose forwarding headers are believed. proxy-addr's trust function.
 */
export type ProxyTrust = (address: string, hop: number) => boolean;

/** The default: no proxy is trusted, so forwarding headers are never believed. */
export const trustNoProxy: ProxyTrust = () => false;

/**
 * Parses `TRUST_PROXY` with Express's `trust proxy` conventions (proxy-addr, the library
 * Express uses):
 * - unset or empty: trust no proxy;
 * - a whole number `n`: trust the `n` hops nearest to Guildhall, whatever their address;
 * - a comma-separated list of IP addresses, CIDR ranges (`10.0.0.0/8`, `fd00::/8`) and
 *   proxy-addr's names `loopback`, `linklocal`, `uniquelocal`.
 * Express's `true` (trust every hop) is refused: any client could then choose its address.
 * @throws Error with a message fit for the environment check
 * @example parseTrustProxy("127.0.0.1, 10.0.0.0/8")("10.1.2.3", 0) // true
 */
export function parseTrustProxy(value: string | undefined): ProxyTrust {
  const text = value?.trim() ?? "";
  if (text === "") return trustNoProxy;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return (_address, hop) => hop < hops;
  }
  const entries = text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  try {
    return proxyaddr.compile(entries);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `TRUST_PROXY must be a hop count or a comma-separated list of proxy addresses, CIDR ranges, loopback, linklocal or uniquelocal (${reason})`,
    );
  }
}

/** Whether the TCP peer is a trusted proxy: only then are its X-Forwarded-* headers believed. */
export function isFromTrustedProxy(req: IncomingMessage, trust: ProxyTrust): boolean {
  const peer = req.socket.remoteAddress;
  return peer !== undefined && trust(peer, 0);
}

const FORWARDING_HEADERS = [
  "forwarded",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
];

/**
 * The edge step for every request, before anything reads it (`apps/console/server.ts`):
 * - sets `CLIENT_IP_HEADER` to the client's address, overwriting what the client sent:
 *   the socket's address, or through trusted proxies the nearest untrusted address in
 *   X-Forwarded-For (proxy-addr); `clientIp(req)` reads it;
 * - unless the TCP peer is a trusted proxy, removes the forwarding headers, so nothing
 *   behind (Next, the OIDC provider) can be told another host, scheme or address.
 */
export function applyProxyTrust(req: IncomingMessage, trust: ProxyTrust): void {
  req.headers[CLIENT_IP_HEADER] = proxyaddr(req, trust);
  if (isFromTrustedProxy(req, trust)) return;
  for (const name of FORWARDING_HEADERS) delete req.headers[name];
}
