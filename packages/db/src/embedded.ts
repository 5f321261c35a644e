import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
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
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => undefined;
  let db: PGlite | undefined;
  let server: PGLiteSocketServer;
  try {
    db = await PGlite.create(options.dataDir, { loadDataDir: options.loadDataDir });
    // More than one connection: the default of 1 breaks a pool after the first query error.
    server = new PGLiteSocketServer({
      db,
      host: "127.0.0.1",
      port: options.port ?? 0,
      maxConnections: 100,
    });
    await server.start();
  } catch (error) {
    await db?.close().catch(() => undefined);
    unlock();
    throw error;
  }
  const pglite = db;
  // The marker tells createPrismaClient to use a single connection (see there).
  const url = `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable&${EMBEDDED_MARKER}=1`;
  return {
    url,
    dump: () => pglite.dumpDataDir("gzip"),
    async stop() {
      await server.stop();
      await pglite.close();
      unlock();
    },
  };
}

/**
 * PGlite is a database inside one process: two processes opening the same data directory
 * (the server and `pnpm guildhall`, say) would corrupt it. The first one writes its pid to
 * `<dataDir>/embedded.pid`; another is refused while that process lives. A lock left by a
 * process that died is taken over, and so is one naming this very process when it does not
 * hold it (a container restarted after a crash runs the server under the same pid again).
 * Returns the release (also run when the process exits).
 */
function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, "embedded.pid");
  const mine = String(process.pid);
  for (;;) {
    try {
      writeFileSync(file, mine, { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number(readText(file));
    const alive = holder === process.pid ? heldHere.has(file) : holder > 0 && isRunning(holder);
    if (Number.isInteger(holder) && alive) {
      throw new Error(
        `The embedded database in ${dataDir} is open in another process (pid ${holder}), most likely a running Guildhall server. Only one process can open it: stop that process first, or set DATABASE_URL to a PostgreSQL server. (If no Guildhall process is running, delete ${file}.)`,
      );
    }
    // Stale: its process is gone. Remove it and try again (another process may win the race).
    try {
      unlinkSync(file);
    } catch {
      // Already removed by a process that raced us here.
    }
  }
  heldHere.add(file);
  const release = () => {
    process.off("exit", release);
    heldHere.delete(file);
    if (readText(file) === mine) unlinkSync(file);
  };
  process.on("exit", release);
  return release;
}

/** The lock files this process holds now. */
const heldHere = new Set<string>();

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
