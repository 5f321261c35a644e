// pnpm db:migrate: applies pending migrations to DATABASE_URL, or to the embedded database.
import { applyMigrations } from "@guildhall/db/migrate";
import { startEmbeddedPostgres } from "@guildhall/db/embedded";
import { readDbEnv } from "@guildhall/db/env";

const env = readDbEnv();
const embedded = env.databaseUrl
  ? undefined
  : await startEmbeddedPostgres({ dataDir: env.dataDir });
const url = env.databaseUrl ?? embedded?.url ?? "";
const applied = await applyMigrations(url);
console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
await embedded?.stop();
