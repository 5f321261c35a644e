import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { clientIp } from "../auth/client-ip.ts";
import { applyProxyTrust, parseTrustProxy, type ProxyTrust } from "./index.ts";

describe("parseTrustProxy (Express's trust proxy conventions)", () => {
  it("trusts nothing when unset or empty", () => {
    for (const value of [undefined, "", "  "])
      expect(parseTrustProxy(value)("127.0.0.1", 0)).toBe(false);
  });

  it("reads a hop count: the n hops nearest to the server", () => {
    const trust = parseTrustProxy("2");
    expect([0, 1, 2].map((hop) => trust("203.0.113.9", hop))).toEqual([true, true, false]);
    expect(parseTrustProxy("0")("127.0.0.1", 0)).toBe(false);
  });

  it("reads addresses, CIDR ranges and proxy-addr's names", () => {
    const trust = parseTrustProxy("192.0.2.10, 10.0.0.0/8,loopback, fd00::/8");
    expect(trust("192.0.2.10", 0)).toBe(true);
    expect(trust("10.20.30.40", 0)).toBe(true);
    expect(trust("127.0.0.1", 0)).toBe(true);
    expect(trust("::1", 0)).toBe(true);
    expect(trust("fd12::1", 0)).toBe(true);
    expect(trust("192.0.2.11", 0)).toBe(false);
    expect(trust("203.0.113.9", 0)).toBe(false);
  });

  it("refuses anything else, including Express's trust-everything `true`", () => {
    for (const value of ["true", "evil.example", "10.0.0.0/33", "1.2.3"]) {
      expect(() => parseTrustProxy(value), value).toThrow(/TRUST_PROXY/);
    }
  });
});

describe("applyProxyTrust, on a real request from 127.0.0.1", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  /** What the code behind the edge sees: the headers, and clientIp's answer. */
  async function seenBehind(trust: ProxyTrust, headers: Record<string, string>) {
    server = createServer((req, res) => {
      applyProxyTrust(req, trust);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ headers: req.headers, ip: clientIp(req) }));
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`, { headers });
    return (await response.json()) as { headers: IncomingHttpHeaders; ip: string };
  }

  const forwarded = {
    "x-forwarded-for": "198.51.100.7, 203.0.113.9",
    "x-forwarded-host": "evil.example",
    "x-forwarded-proto": "https",
    forwarded: "for=198.51.100.7;host=evil.example",
    "x-guildhall-client-ip": "192.0.2.99",
  };

  it("without trust: the socket's address, and no forwarding header survives", async () => {
    const { headers, ip } = await seenBehind(parseTrustProxy(undefined), forwarded);
    expect(ip).toBe("127.0.0.1");
    for (const name of ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "forwarded"])
      expect(headers).not.toHaveProperty(name);
  });

  it("trusting the peer: the nearest untrusted X-Forwarded-For address, headers kept", async () => {
    const { headers, ip } = await seenBehind(parseTrustProxy("127.0.0.1"), forwarded);
    expect(ip).toBe("203.0.113.9");
    expect(headers["x-forwarded-host"]).toBe("evil.example");
    // Trusting one more hop walks one further left.
    expect((await seenBehind(parseTrustProxy("127.0.0.1, 203.0.113.9"), forwarded)).ip).toBe(
      "198.51.100.7",
    );
  });

  it("a hop count of 1 trusts the peer only", async () => {
    expect((await seenBehind(parseTrustProxy("1"), forwarded)).ip).toBe("203.0.113.9");
  });

  it("trusting other addresses leaves a direct client's headers unbelieved", async () => {
    const { headers, ip } = await seenBehind(parseTrustProxy("10.0.0.0/8"), forwarded);
    expect(ip).toBe("127.0.0.1");
    expect(headers).not.toHaveProperty("x-forwarded-host");
  });
});
