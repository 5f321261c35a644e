import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";
import { readDbEnv } from "./env.ts";

export type Db = PrismaClient;

/** A Prisma client over node-postgres for one connection string. */
export function createPrismaClient(connectionString: string, options: { max?: number } = {}): Db {
  const adapter = new PrismaPg({ connectionString, max: options.max ?? 10 });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { guildhallDb?: Db };

/**
 * The process-wide client. DATABASE_URL is either the operator's PostgreSQL or, when
 * Guildhall runs embedded, the local PGlite socket the server started before loading Next.
 */
export function getDb(): Db {
  if (!globalForDb.guildhallDb) {
    const { databaseUrl } = readDbEnv();
    if (!databaseUrl) {
      throw new Error(
        "DATABASE_URL is not set. Start Guildhall with `pnpm start`, which starts the embedded database when no DATABASE_URL is given.",
      );
    }
    globalForDb.guildhallDb = createPrismaClient(databaseUrl);
  }
  return globalForDb.guildhallDb;
}
