// pnpm db:seed: loads the demo scenario into DATABASE_URL, or into the embedded database.
import { createPrismaClient } from "@guildhall/db/client";
import { startEmbeddedPostgres } from "@guildhall/db/embedded";
import { applyMigrations } from "@guildhall/db/migrate";
import { demoUsers, seedDemoData } from "@guildhall/core";
import { readDbEnv } from "@guildhall/db/env";

const env = readDbEnv();
const embedded = env.databaseUrl
  ? undefined
  : await startEmbeddedPostgres({ dataDir: env.dataDir });
const url = env.databaseUrl ?? embedded?.url ?? "";
await applyMigrations(url);
const db = createPrismaClient(url);
const result = await seedDemoData(db);
console.log(result.created ? "Demo data loaded:" : "Demo data was already there:");
for (const o of result.organizations) console.log(`  organization ${o.name} (${o.id})`);
for (const u of demoUsers) console.log(`  user ${u.email} / ${u.password}`);
await db.$disconnect();
await embedded?.stop();
