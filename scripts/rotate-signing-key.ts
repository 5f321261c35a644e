// pnpm keys:rotate: publishes a new signing key and retires the current one. The old key
// stays in the JWKS until tokens it signed have expired (24 h by default), so nothing
// breaks; running servers pick the new key up within a minute.
// On the embedded database, stop the server first (or rotate from the console).
import { rotateSigningKey, systemContext } from "@guildhall/core";
import { createPrismaClient } from "@guildhall/db/client";
import { startEmbeddedPostgres } from "@guildhall/db/embedded";
import { readDbEnv } from "@guildhall/db/env";
import { applyMigrations } from "@guildhall/db/migrate";
import { ensureSecrets } from "../apps/console/src/boot/secrets.ts";
import { readEnv } from "../apps/console/src/env.ts";

const env = readDbEnv();
const { GUILDHALL_SECRET, NEXTAUTH_SECRET } = readEnv();
const { secrets } = ensureSecrets(env.dataDir, { GUILDHALL_SECRET, NEXTAUTH_SECRET });
const embedded = env.databaseUrl
  ? undefined
  : await startEmbeddedPostgres({ dataDir: env.dataDir });
const url = env.databaseUrl ?? embedded?.url ?? "";
await applyMigrations(url);
const db = createPrismaClient(url);
const { kid } = await rotateSigningKey(systemContext(db), { secret: secrets.GUILDHALL_SECRET });
console.log(
  `New signing key ${kid} published; the previous key keeps verifying until its tokens expire.`,
);
await db.$disconnect();
await embedded?.stop();
