import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { Readable } from "node:stream";

/**
 * A node:http listener around a fetch-style handler (tests, benchmarks, or serving the
 * Management API outside Next).
 *
 * @example
 * createServer(createNodeListener(api)).listen(0);
 */
export function createNodeListener(
  handler: (request: Request) => Promise<Response>,
): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      try {
        const host = req.headers.host ?? "localhost";
        const url = new URL(req.url ?? "/", `http://${host}`);
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) {
          if (Array.isArray(value)) for (const v of value) headers.append(name, v);
          else if (value !== undefined) headers.set(name, value);
        }
        const hasBody = req.method !== "GET" && req.method !== "HEAD";
        const request = new Request(url, {
          method: req.method,
          headers,
          ...(hasBody ? { body: Readable.toWeb(req), duplex: "half" } : {}),
        } as RequestInit);
        const response = await handler(request);
        const payload = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
        res.statusCode = response.status;
        response.headers.forEach((value, name) => res.setHeader(name, value));
        // Answered before the body was read (401, 413, ...): close rather than reuse a
        // connection that still carries the rest of the upload.
        if (!req.complete) res.setHeader("Connection", "close");
        res.end(payload);
      } catch (error) {
        console.error(error);
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end("Internal Server Error");
      }
    })();
  };
}
