import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export const EMBEDDED_MARKER = "guildhall_embedded";

export interface EmbeddedPostgres {
  /** postgresql:// URL of the local socket server. */
  url: string;
  /** A gzipped copy of the data directory, loadable with `loadDataDir`. */
  dump(): Promise<Blob>;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (persisted under `dataDir`, or in memory when `dataDir` is omitted) behind
 * a Postgres wire-protocol socket on 127.0.0.1, so node-postgres, Prisma and migrations use
 * it like a real server. `loadDataDir` seeds it from a dump (used by tests).
 */
export async function startEmbeddedPostgres(
  options: { dataDir?: string; port?: number; loadDataDir?: Blob } = {},
): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir, { loadDataDir: options.loadDataDir });
  // More than one connection: the default of 1 breaks a pool after the first query error.
  const server = new PGLiteSocketServer({
    db,
    host: "127.0.0.1",
    port: options.port ?? 0,
    maxConnections: 100,
  });
  await server.start();
  // The marker tells createPrismaClient to use a single connection (see there).
  const url = `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable&${EMBEDDED_MARKER}=1`;
  return {
    url,
    dump: () => db.dumpDataDir("gzip"),
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
