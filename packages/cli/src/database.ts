import type { ServiceContext } from "@guildhall/core";
import type { Db } from "@guildhall/db";
import { readDbEnv } from "@guildhall/db/env";

/** Shown in the help of every command that opens the database. */
export const DATABASE_HELP = `
Database: DATABASE_URL, or else the embedded database in GUILDHALL_DATA_DIR (default .data/).
The embedded database can be opened by one process at a time: stop the server first
(with DATABASE_URL, the server may keep running). Pending migrations are applied first,
as the server does at start.`;

export interface Opened {
  db: Db;
  /** The system actor: the CLI runs with the rights of whoever can open the database. */
  ctx: ServiceContext;
  dataDir: string;
  /** Migrations applied on opening. */
  applied: string[];
}

/**
 * Opens the database as the server does (PostgreSQL at DATABASE_URL, else the embedded one,
 * which refuses to open while the server has it), applies pending migrations, runs `use`,
 * and closes everything, whatever happens.
 */
export async function withDatabase<T>(use: (opened: Opened) => Promise<T>): Promise<T> {
  // Loaded here, not at the top: `--help` should not wait for Prisma, PGlite and core.
  const [
    { systemContext },
    { createPrismaClient },
    { startEmbeddedPostgres },
    { applyMigrations },
  ] = await Promise.all([
    import("@guildhall/core"),
    import("@guildhall/db/client"),
    import("@guildhall/db/embedded"),
    import("@guildhall/db/migrate"),
  ]);
  const { databaseUrl, dataDir } = readDbEnv();
  const embedded = databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir });
  const url = databaseUrl ?? embedded?.url ?? "";
  let db: Db | undefined;
  try {
    const applied = await applyMigrations(url);
    db = createPrismaClient(url);
    return await use({ db, ctx: systemContext(db), dataDir, applied });
  } finally {
    await db?.$disconnect();
    await embedded?.stop();
  }
}
