/**
 * The header `apps/console/server.ts` sets on every request to the address of the TCP peer,
 * overwriting whatever a client sent, so code that only sees headers (Next route handlers,
 * next-auth's authorize) gets the same address as code that sees the socket.
 */
export const CLIENT_IP_HEADER = "x-guildhall-client-ip";

type HeaderValue = string | string[] | null | undefined;

/**
 * The caller's IP address, for throttling: the address server.ts stamped, else the socket's.
 * X-Forwarded-For is deliberately not read: any client can set it, so trusting it would let
 * an attacker pick a fresh address per guess. Behind a reverse proxy every request then
 * counts against the proxy's address (stricter, never looser) until proxy trust is
 * configured; when it is, server.ts is the one place that derives the address.
 * @example const ip = clientIp({ headers: req.headers, socket: req.socket });
 */
export function clientIp(req: {
  headers: Headers | Record<string, HeaderValue>;
  socket?: { remoteAddress?: string | undefined } | null;
}): string | null {
  const stamped: HeaderValue =
    req.headers instanceof Headers
      ? req.headers.get(CLIENT_IP_HEADER)
      : req.headers[CLIENT_IP_HEADER];
  const value =
    (Array.isArray(stamped) ? stamped[0] : stamped)?.trim() || req.socket?.remoteAddress || null;
  // IPv4-mapped IPv6 (::ffff:1.2.3.4) is the same caller as 1.2.3.4.
  return value ? value.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "") : null;
}
