import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client.ts";
import { readDbEnv } from "./env.ts";
import { processSingleton } from "./process-singleton.ts";
import { SerialClient } from "./serial-client.ts";

export type Db = PrismaClient;

// Per process, not per module copy: a client made by the server's copy must find its pool
// from the Next bundle's.
const pools = processSingleton("guildhall.dbPools", () => new WeakMap<Db, pg.Pool>());

/**
 * A Prisma client over a node-postgres pool for one connection string. The pool is
 * shared with `sqlPool()` so the few hot paths (token issuance) can skip Prisma's
 * per-query compilation; both ends close with `$disconnect()`.
 */
export function createPrismaClient(connectionString: string, options: { max?: number } = {}): Db {
  // PGlite is one session behind its socket: two connections interleaving extended-protocol
  // messages clobber each other's unnamed statements. It runs one query at a time anyway,
  // so the embedded database gets exactly one connection.
  const url = new URL(connectionString);
  const embedded = url.searchParams.has("guildhall_embedded");
  url.searchParams.delete("guildhall_embedded");
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max: embedded ? 1 : (options.max ?? 10),
    allowExitOnIdle: true,
    // One query at a time per connection: a transaction's parallel relation reads would
    // otherwise overlap on its connection (see serial-client.ts).
    Client: SerialClient,
  });
  if (embedded) embeddedPools.add(pool);
  // A dropped connection (server restart, test database dropped) must not crash the process.
  pool.on("error", () => undefined);
  const client = new PrismaClient({ adapter: new PrismaPg(pool) });
  pools.set(client, pool);
  return client;
}

const embeddedPools = processSingleton("guildhall.embeddedPools", () => new WeakSet<pg.Pool>());

/** Whether the pool is the embedded database's (one session behind its socket). */
export function isEmbeddedPool(pool: pg.Pool): boolean {
  return embeddedPools.has(pool);
}

/** The pool behind a client made by createPrismaClient, if it was. */
export function poolOf(db: object): pg.Pool | undefined {
  return pools.get(db as Db);
}

/** The pool behind a client made by createPrismaClient. */
export function sqlPool(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error("This Prisma client was not created by createPrismaClient.");
  return pool;
}

/**
 * The process-wide client. DATABASE_URL is either the operator's PostgreSQL or, when
 * Guildhall runs embedded, the local PGlite socket the server started before loading Next.
 */
export function getDb(): Db {
  return processSingleton("guildhall.db", () => {
    const { databaseUrl } = readDbEnv();
    if (!databaseUrl) {
      throw new Error(
        "DATABASE_URL is not set. Start Guildhall with `pnpm start`, which starts the embedded database when no DATABASE_URL is given.",
      );
    }
    return createPrismaClient(databaseUrl);
  });
}
