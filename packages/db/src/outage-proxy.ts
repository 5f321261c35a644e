import { createServer, connect, type Server, type Socket } from "node:net";

/** A TCP forwarder in front of a PostgreSQL server that a test takes down and brings back. */
export interface OutageProxy {
  /** `databaseUrl` with the host and port of the forwarder. */
  url: string;
  /** The outage: open connections are cut and new ones refused, as when the server goes away. */
  down(): Promise<void>;
  /** The database is back, on the same address. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Puts a forwarder between clients and a real PostgreSQL, so tests see a genuine outage
 * (ECONNRESET on open connections, ECONNREFUSED on new ones) and the recovery after it,
 * without stopping the server that other tests share.
 * @example const proxy = await startOutageProxy(t.url); const db = createPrismaClient(proxy.url);
 */
export async function startOutageProxy(databaseUrl: string): Promise<OutageProxy> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;

  async function up() {
    if (server) return;
    const listening = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
        socket.on("error", () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      listening.once("error", reject);
      listening.listen(port, "127.0.0.1", () => resolve());
    });
    const address = listening.address();
    if (address && typeof address === "object") port = address.port;
    server = listening;
  }

  async function down() {
    const closing = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  }

  await up();
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  return { url: url.toString(), down, up, close: down };
}
