import http from "node:http";
import https from "node:https";
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from "request-filtering-agent";

/** How long one request may take, connection to last byte, before it counts as failed. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** How much of a response body is kept on the delivery. */
export const RESPONSE_EXCERPT_CHARS = 1000;
// Read at most this much of a response (the rest is discarded with the connection).
const MAX_RESPONSE_BYTES = 64 * 1024;

export const WEBHOOK_USER_AGENT = "Guildhall-Webhooks/1.0";

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookSendResult {
  /** A 2xx answer. */
  ok: boolean;
  responseStatus: number | null;
  /** The first 1,000 characters of the response body. */
  responseBody: string | null;
  latencyMs: number;
  /** Why it failed (status, timeout, network error, refusal); null when ok. */
  error: string | null;
  /** Refused before connecting: the host resolves to a private, loopback, link-local or metadata address. */
  refused: boolean;
}

export interface WebhookSender {
  send(request: WebhookRequest): Promise<WebhookSendResult>;
  /** Closes the kept-alive connections. */
  close(): void;
}

export interface WebhookSenderOptions {
  /**
   * Hosts (`host` or `host:port`, WEBHOOK_ALLOWED_HOSTS) reached without the address filter:
   * a receiver on the operator's own network or this machine.
   */
  allowedHosts?: readonly string[];
  timeoutMs?: number;
  /** Connections kept per host (keep-alive). */
  maxSockets?: number;
}

/** Normalizes WEBHOOK_ALLOWED_HOSTS entries: lower-cased, trimmed, empty ones dropped. */
export function parseWebhookAllowedHosts(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "");
}

function isAllowedHost(url: URL, allowed: ReadonlySet<string>): boolean {
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const hostname = url.hostname.toLowerCase();
  return allowed.has(hostname) || allowed.has(`${hostname}:${port}`);
}

const REFUSED = /is not allowed\. Because/;

function describe(error: unknown, url: URL): { message: string; refused: boolean } {
  const message = error instanceof Error ? error.message : String(error);
  if (REFUSED.test(message))
    return {
      message: `Refused: ${url.host} is (or resolves to) a private, loopback, link-local or metadata address, which webhooks may not reach (SSRF protection). An operator can allow it with WEBHOOK_ALLOWED_HOSTS.`,
      refused: true,
    };
  const code = (error as { code?: unknown }).code;
  return { message: typeof code === "string" ? `${code}: ${message}` : message, refused: false };
}

/**
 * Sends webhook requests over kept-alive connections. Every host not in `allowedHosts` goes
 * through request-filtering-agent, which checks the address after DNS resolution, so a
 * hostname that resolves to 127.0.0.1, 10.x, 169.254.169.254 or ::1 is refused at connect
 * time — a name that resolved elsewhere when the webhook was saved cannot be used to reach
 * the instance's own network later. Redirects are not followed (a 3xx is a failed attempt).
 */
export function createWebhookSender(options: WebhookSenderOptions = {}): WebhookSender {
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const allowed = new Set(parseWebhookAllowedHosts((options.allowedHosts ?? []).join(",")));
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 16 };
  const agents = {
    filteredHttp: new RequestFilteringHttpAgent(agentOptions),
    filteredHttps: new RequestFilteringHttpsAgent(agentOptions),
    http: new http.Agent(agentOptions),
    https: new https.Agent(agentOptions),
  };

  function agentFor(url: URL): http.Agent {
    const trusted = isAllowedHost(url, allowed);
    if (url.protocol === "https:") return trusted ? agents.https : agents.filteredHttps;
    return trusted ? agents.http : agents.filteredHttp;
  }

  function send(request: WebhookRequest): Promise<WebhookSendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return Promise.resolve(failure(`Invalid URL: ${request.url}`, elapsed()));
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      return Promise.resolve(failure(`Unsupported protocol ${url.protocol}`, elapsed()));
    const body = Buffer.from(request.body, "utf8");
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: WebhookSendResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const client = url.protocol === "https:" ? https : http;
      const req = client.request(url, {
        method: "POST",
        agent: agentFor(url),
        headers: {
          ...request.headers,
          "content-type": "application/json",
          "content-length": String(body.length),
          "user-agent": WEBHOOK_USER_AGENT,
        },
      });
      const timer = setTimeout(() => {
        req.destroy(new Error(`Timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      req.on("error", (error) => {
        const { message, refused } = describe(error, url);
        finish({ ...failure(message, elapsed()), refused });
      });
      req.on("response", (res) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          const text = Buffer.concat(chunks).toString("utf8").slice(0, RESPONSE_EXCERPT_CHARS);
          const ok = status >= 200 && status < 300;
          finish({
            ok,
            responseStatus: status,
            responseBody: text,
            latencyMs: elapsed(),
            error: ok ? null : `The endpoint answered ${status}`,
            refused: false,
          });
        };
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
          else {
            // Enough read: drop the connection rather than download a huge body.
            res.destroy();
            done();
          }
        });
        res.on("end", done);
        res.on("error", (error) => {
          if (chunks.length > 0 || size > MAX_RESPONSE_BYTES) done();
          else
            finish({ ...failure(describe(error, url).message, elapsed()), responseStatus: status });
        });
      });
      req.end(body);
    });
  }

  return {
    send,
    close() {
      for (const agent of Object.values(agents)) agent.destroy();
    },
  };
}

function failure(error: string, latencyMs: number): WebhookSendResult {
  return {
    ok: false,
    responseStatus: null,
    responseBody: null,
    latencyMs,
    error,
    refused: false,
  };
}
