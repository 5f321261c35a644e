/**
 * Better Auth's copy of the benchmark dataset: the same users, organizations and
 * memberships as ../dataset.ts (same ids, same role picks), in Better Auth's own schema,
 * created by its migration API. A member's roles are its comma-separated role string.
 * Generated once per Better Auth version, set-based, and reused.
 */
import pg from "pg";
import { getMigrations } from "better-auth/db/migration";
import { DATASET } from "../dataset.ts";
import {
  ADMIN_ROLE,
  createDynamicPeerAuth,
  roleActions,
  roleName,
  PEER_SECRET,
} from "./better-auth-config.ts";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

// Its exports map hides package.json; the installed copy is the one under test.
const installed = path.join(import.meta.dirname, "../node_modules/better-auth/package.json");
export const PEER_VERSION = (JSON.parse(readFileSync(installed, "utf8")) as { version: string })
  .version;

/** The member who lists, invites and edits roles on the peer's side. */
export const PEER_ADMIN = {
  id: "bench-peer-admin",
  email: "bench-peer-admin@bench.example",
  sessionToken: "bench-peer-admin-session",
};
/** Organizations where PEER_ADMIN (and Guildhall's inviter) may invite: o2..o17. */
export const INVITING_ORGANIZATIONS = Array.from({ length: 16 }, (_, i) => `o${i + 2}`);

/** The signed session cookie Better Auth expects for a session token. */
export function sessionCookie(token: string) {
  const signature = createHmac("sha256", PEER_SECRET).update(token).digest("base64");
  return `better-auth.session_token=${encodeURIComponent(`${token}.${signature}`)}`;
}

function withDatabase(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

const roleRows = Array.from({ length: DATASET.roles }, (_, i) => {
  const json = JSON.stringify({ perm: roleActions(i + 1) });
  return `('${roleName(i + 1)}', '${json}')`;
}).join(", ");

// Same formulas as ../dataset.ts, so both systems hold the same memberships and roles.
const GENERATE = `
INSERT INTO "user" (id, name, email, "emailVerified", "createdAt", "updatedAt")
  SELECT 'u' || i, 'User ' || i, 'user' || i || '@bench.example', true, now(), now()
  FROM generate_series(1, ${DATASET.users}) i;
INSERT INTO organization (id, name, slug, "createdAt", metadata)
  SELECT 'o' || i, 'Org ' || lpad(i::text, 5, '0') || ' ' || md5(i::text), 'org-' || i,
         now() - make_interval(secs => i), null
  FROM generate_series(1, ${DATASET.organizations}) i;
INSERT INTO member (id, "organizationId", "userId", role, "createdAt")
  SELECT 'm' || i || '-' || k, o.id, 'u' || i,
         array_to_string(ARRAY(
           SELECT 'role-' || lpad(r::text, 2, '0') FROM (
             SELECT 1 AS r
             UNION SELECT 2 + (h % 19)
             UNION SELECT 2 + ((h + 7) % 19) WHERE h % 2 = 0) x ORDER BY r), ','),
         now() - make_interval(secs => i * 10 + k)
  FROM generate_series(1, ${DATASET.users}) i, generate_series(0, ${DATASET.membershipsPerUser - 1}) k
  CROSS JOIN LATERAL (SELECT CASE WHEN k = 0 AND i <= 10000 THEN 'o1'
              ELSE 'o' || (2 + ((i + k * 1000) % ${DATASET.organizations - 1})) END AS id) o
  CROSS JOIN LATERAL (SELECT abs(hashtext(o.id || 'u' || i)) AS h) hh;
-- Roles in the database (dynamic access control): the template copied into every organization.
INSERT INTO "organizationRole" (id, "organizationId", role, permission, "createdAt", "updatedAt")
  SELECT o.id || ':' || t.role, o.id, t.role, t.permission, now(), now()
  FROM organization o, (VALUES ${roleRows}) t(role, permission);
INSERT INTO "user" (id, name, email, "emailVerified", "createdAt", "updatedAt")
  VALUES ('${PEER_ADMIN.id}', 'Bench admin', '${PEER_ADMIN.email}', true, now(), now());
INSERT INTO session (id, "expiresAt", token, "createdAt", "updatedAt", "userId")
  VALUES ('${PEER_ADMIN.id}', '2100-01-01', '${PEER_ADMIN.sessionToken}', now(), now(), '${PEER_ADMIN.id}');
INSERT INTO member (id, "organizationId", "userId", role, "createdAt")
  SELECT 'm-admin-' || o, o, '${PEER_ADMIN.id}', '${ADMIN_ROLE},${roleName(1)}', now()
  FROM unnest(ARRAY['${DATASET.bigOrganizationId}', ${INVITING_ORGANIZATIONS.map((o) => `'${o}'`).join(", ")}]) o;
ANALYZE;
`;

/** Creates (once) and returns the URL of Better Auth's benchmark database. */
export async function ensurePeerDataset(
  adminUrl: string,
  log: (s: string) => void = console.log,
): Promise<string> {
  // Not guildhall_bench_*: ensureDataset drops those when the migrations change.
  const name = `guildhall_peer_better_auth_${PEER_VERSION.replace(/\W/g, "_")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return withDatabase(adminUrl, name);
    const building = `${name}_building`;
    await admin.query(`DROP DATABASE IF EXISTS "${building}"`);
    await admin.query(`CREATE DATABASE "${building}"`);
    const url = withDatabase(adminUrl, building);
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      // Its own schema, from its own migration API (the superset: dynamic access control on).
      const { runMigrations } = await getMigrations(createDynamicPeerAuth(pool).options);
      await runMigrations();
      log(`Generating Better Auth ${PEER_VERSION}'s dataset in ${name} (set-based SQL)...`);
      const started = performance.now();
      await pool.query(GENERATE);
      log(`  generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      await pool.end();
    }
    await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    return withDatabase(adminUrl, name);
  } finally {
    await admin.end();
  }
}
