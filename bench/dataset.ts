/**
 * The benchmark dataset, generated with set-based SQL on PostgreSQL:
 * 10,000 organizations, 100,000 users, 1,000,000 memberships, 2-3 roles per member,
 * a template of 20 roles and 100 permissions. Organization o1 has 10,000 members; role r1
 * is held by every member. Reused across runs while the migrations are unchanged.
 */
import pg from "pg";
import { applyMigrations, migrationsFingerprint } from "@guildhall/db/migrate";

export const DATASET = {
  organizations: 10_000,
  users: 100_000,
  membershipsPerUser: 10,
  roles: 20,
  permissions: 100,
  bigOrganizationId: "o1",
  roleHeldByEveryone: "r1",
} as const;

function withDatabase(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

const GENERATE = `
-- A bulk load, not a history of changes: no membership events (triggers off for this
-- session; the rows are consistent by construction).
SET session_replication_role = replica;
INSERT INTO organization_permissions (id, name, description, "createdAt")
  SELECT 'p' || i, 'perm:' || lpad(i::text, 3, '0'), 'Benchmark permission ' || i, now()
  FROM generate_series(1, ${DATASET.permissions}) i;
INSERT INTO organization_roles (id, name, description, type, "createdAt")
  SELECT 'r' || i, 'role-' || lpad(i::text, 2, '0'), null, 'User', now()
  FROM generate_series(1, ${DATASET.roles}) i;
INSERT INTO organization_role_permissions ("roleId", "permissionId")
  SELECT DISTINCT 'r' || r, 'p' || (((r * 7 + k) % ${DATASET.permissions}) + 1)
  FROM generate_series(1, ${DATASET.roles}) r, generate_series(1, 10) k;
INSERT INTO organizations (id, name, description, "customData", "isMfaRequired", branding, "createdAt", "updatedAt")
  SELECT 'o' || i, 'Org ' || lpad(i::text, 5, '0') || ' ' || md5(i::text), null, '{}', false, '{}',
         now() - make_interval(secs => i), now()
  FROM generate_series(1, ${DATASET.organizations}) i;
INSERT INTO users (id, email, name, "customData", "createdAt", "updatedAt")
  SELECT 'u' || i, 'user' || i || '@bench.example', 'User ' || i, '{}', now(), now()
  FROM generate_series(1, ${DATASET.users}) i;
-- Every user joins 10 distinct organizations; the first 10,000 users all join o1.
INSERT INTO organization_members ("organizationId", "userId", "createdAt")
  SELECT CASE WHEN k = 0 AND i <= 10000 THEN 'o1'
              ELSE 'o' || (2 + ((i + k * 1000) % ${DATASET.organizations - 1})) END,
         'u' || i, now() - make_interval(secs => i * 10 + k)
  FROM generate_series(1, ${DATASET.users}) i, generate_series(0, ${DATASET.membershipsPerUser - 1}) k;
-- The counts the membership triggers keep (off for this bulk load).
UPDATE organizations o SET "memberCount" = c.n
  FROM (SELECT "organizationId", count(*)::int AS n FROM organization_members GROUP BY 1) c
  WHERE o.id = c."organizationId";
-- r1 for everyone, plus one or two of r2..r20.
INSERT INTO organization_member_roles ("organizationId", "userId", "roleId")
  SELECT m."organizationId", m."userId", 'r' || x.r
  FROM organization_members m
  CROSS JOIN LATERAL (SELECT abs(hashtext(m."organizationId" || m."userId")) AS h) hh
  CROSS JOIN LATERAL (
    SELECT 1 AS r
    UNION ALL SELECT 2 + (hh.h % 19)
    UNION ALL SELECT 2 + ((hh.h + 7) % 19) WHERE hh.h % 2 = 0
  ) x;
SET session_replication_role = DEFAULT;
ANALYZE;
`;

/** Creates (once) and returns the URL of the benchmark database. */
export async function ensureDataset(
  adminUrl: string,
  log: (s: string) => void = console.log,
): Promise<string> {
  const name = `guildhall_bench_${migrationsFingerprint()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return withDatabase(adminUrl, name);
    // Datasets of older schemas are dead weight (a few hundred MB each).
    const { rows: stale } = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'guildhall\\_bench\\_%' AND datname <> $1",
      [name],
    );
    for (const { datname } of stale)
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    const building = `${name}_building`;
    await admin.query(`DROP DATABASE IF EXISTS "${building}"`);
    await admin.query(`CREATE DATABASE "${building}"`);
    const url = withDatabase(adminUrl, building);
    await applyMigrations(url);
    log(`Generating dataset in ${name} (set-based SQL; about a minute)...`);
    const started = performance.now();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(GENERATE);
    await client.end();
    log(`  generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    return withDatabase(adminUrl, name);
  } finally {
    await admin.end();
  }
}
