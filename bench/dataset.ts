/**
 * The benchmark dataset, generated with set-based SQL on PostgreSQL. At scale 1 (the default):
 * 10,000 organizations, 100,000 users, 1,000,000 memberships, 2-3 roles per member,
 * a template of 20 roles and 100 permissions. Organization o1 has 10,000 members; role r1
 * is held by every member. Reused across runs while the migrations are unchanged.
 *
 * BENCH_SCALE=10 multiplies organizations, users, memberships and o1's members by 10
 * (100,000 organizations, 1,000,000 users, 10,000,000 memberships, o1 with 100,000 members)
 * in a database of its own (`..._x10`), so both can exist; the template stays the same size.
 */
import pg from "pg";
import { applyMigrations, migrationsFingerprint } from "@guildhall/db/migrate";

export interface Dataset {
  scale: number;
  organizations: number;
  users: number;
  membershipsPerUser: number;
  roles: number;
  permissions: number;
  bigOrganizationId: string;
  /** Members of the big organization: the first `bigOrganizationMembers` users. */
  bigOrganizationMembers: number;
  roleHeldByEveryone: string;
}

/** The dataset at `scale` (a positive integer); scale 1 is the one every figure before issue 17 used. */
export function datasetAt(scale: number): Dataset {
  if (!Number.isInteger(scale) || scale < 1)
    throw new Error(`BENCH_SCALE must be a positive integer (got ${scale})`);
  return {
    scale,
    organizations: 10_000 * scale,
    users: 100_000 * scale,
    membershipsPerUser: 10,
    roles: 20,
    permissions: 100,
    bigOrganizationId: "o1",
    bigOrganizationMembers: 10_000 * scale,
    roleHeldByEveryone: "r1",
  };
}

/** BENCH_SCALE (default 1). */
export function benchScale(): number {
  const raw = process.env.BENCH_SCALE;
  return raw === undefined || raw === "" ? 1 : Number(raw);
}

/** The dataset the run uses: BENCH_SCALE's. */
export const DATASET: Dataset = datasetAt(benchScale());

export const memberships = (d: Dataset) => d.users * d.membershipsPerUser;

// User i's k-th membership (k = 0..9) is in organization 2 + ((i + k * stride) mod (N - 1)):
// 10 distinct organizations per user, about 100 members each; k = 0 of the first
// bigOrganizationMembers users is o1 instead. At scale 1 the stride is 1,000, as before.
const stride = (d: Dataset) => d.organizations / d.membershipsPerUser;

/** The organization of user `user`'s k-th membership (1 <= k < membershipsPerUser: never o1). */
export function membershipOrganization(d: Dataset, user: number, k: number): string {
  return `o${2 + ((user + k * stride(d)) % (d.organizations - 1))}`;
}

/** The same formula in SQL, over columns or expressions `i` (user) and `k`. */
function organizationSql(d: Dataset, i: string, k: string) {
  return `CASE WHEN ${k} = 0 AND ${i} <= ${d.bigOrganizationMembers} THEN '${d.bigOrganizationId}'
              ELSE 'o' || (2 + ((${i} + ${k} * ${stride(d)}) % ${d.organizations - 1})) END`;
}

/** `guildhall_bench_<migrations fingerprint>`, `_x<scale>` appended above scale 1. */
export function datasetDatabase(d: Dataset): string {
  return `guildhall_bench_${migrationsFingerprint()}${d.scale === 1 ? "" : `_x${d.scale}`}`;
}

function withDatabase(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

// A bulk load, not a history of changes: no membership events (triggers, foreign keys
// included, off for these sessions; the rows are consistent by construction). The rows are
// written in the same order at every scale (user by user), so both datasets have the same
// physical layout: an organization's members are spread over the table, as they would be
// after years of sign-ups.
const SESSION = `SET session_replication_role = replica`;

const template = (d: Dataset) => `
INSERT INTO organization_permissions (id, name, description, "createdAt")
  SELECT 'p' || i, 'perm:' || lpad(i::text, 3, '0'), 'Benchmark permission ' || i, now()
  FROM generate_series(1, ${d.permissions}) i;
INSERT INTO organization_roles (id, name, description, type, "createdAt")
  SELECT 'r' || i, 'role-' || lpad(i::text, 2, '0'), null, 'User', now()
  FROM generate_series(1, ${d.roles}) i;
INSERT INTO organization_role_permissions ("roleId", "permissionId")
  SELECT DISTINCT 'r' || r, 'p' || (((r * 7 + k) % ${d.permissions}) + 1)
  FROM generate_series(1, ${d.roles}) r, generate_series(1, 10) k;
INSERT INTO organizations (id, name, description, "customData", "isMfaRequired", branding, "createdAt", "updatedAt")
  SELECT 'o' || i, 'Org ' || lpad(i::text, 5, '0') || ' ' || md5(i::text), null, '{}', false, '{}',
         now() - make_interval(secs => i), now()
  FROM generate_series(1, ${d.organizations}) i;
INSERT INTO users (id, email, name, "customData", "createdAt", "updatedAt")
  SELECT 'u' || i, 'user' || i || '@bench.example', 'User ' || i, '{}', now(), now()
  FROM generate_series(1, ${d.users}) i`;

// Every user joins 10 distinct organizations; the first bigOrganizationMembers users all join o1.
const members = (d: Dataset) => `
INSERT INTO organization_members ("organizationId", "userId", "createdAt")
  SELECT ${organizationSql(d, "i", "k")}, 'u' || i, now() - make_interval(secs => i * 10 + k)
  FROM generate_series(1, ${d.users}) i, generate_series(0, ${d.membershipsPerUser - 1}) k`;

// r1 for everyone, plus one or two of r2..r20, picked by a hash of the membership. Computed
// from the same formula rather than read back from organization_members, so it runs beside
// the members' insert on the second core (the rows and their order are the same as reading
// them back: user by user).
const memberRoles = (d: Dataset) => `
INSERT INTO organization_member_roles ("organizationId", "userId", "roleId")
  SELECT m.o, m.u, 'r' || x.r
  FROM (SELECT ${organizationSql(d, "i", "k")} AS o, 'u' || i AS u
        FROM generate_series(1, ${d.users}) i, generate_series(0, ${d.membershipsPerUser - 1}) k) m
  CROSS JOIN LATERAL (SELECT abs(hashtext(m.o || m.u)) AS h) hh
  CROSS JOIN LATERAL (
    SELECT 1 AS r
    UNION ALL SELECT 2 + (hh.h % 19)
    UNION ALL SELECT 2 + ((hh.h + 7) % 19) WHERE hh.h % 2 = 0
  ) x`;

// The counts the membership triggers keep (off for this bulk load).
const memberCounts = `
UPDATE organizations o SET "memberCount" = c.n
  FROM (SELECT "organizationId", count(*)::int AS n FROM organization_members GROUP BY 1) c
  WHERE o.id = c."organizationId"`;

async function session(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(SESSION);
  // Most of the write-ahead log of a bulk load is full-page images of index pages; compressed,
  // fewer checkpoints run meanwhile. A superuser setting: skipped where the role may not set it.
  await client.query("SET wal_compression = lz4").catch(() => undefined);
  await client.query("SET work_mem = '256MB'");
  return client;
}

async function generate(url: string, d: Dataset, log: (s: string) => void) {
  const [a, b] = [await session(url), await session(url)];
  const step = async (label: string, run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  try {
    await step("template, organizations, users", () => a.query(template(d)));
    // The two big tables on two connections at once (foreign keys are off).
    await step(
      `${memberships(d).toLocaleString()} memberships and their roles (two connections)`,
      () =>
        Promise.all([
          step("memberships", () => a.query(members(d))),
          step("member roles", () => b.query(memberRoles(d))),
        ]),
    );
    await step("member counts", () => a.query(memberCounts));
    await step("ANALYZE", () => a.query("ANALYZE"));
  } finally {
    await Promise.all([a.end(), b.end()]);
  }
}

/** Size on disk of a database, e.g. "4,391 MB". */
export async function databaseSize(adminUrl: string, database: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ b: string }>("SELECT pg_database_size($1)::text AS b", [
      database,
    ]);
    return `${Math.round(Number(rows[0]?.b) / 2 ** 20).toLocaleString("en-US")} MB`;
  } finally {
    await admin.end();
  }
}

/** Creates (once) and returns the URL of the benchmark database of `dataset` (BENCH_SCALE's by default). */
export async function ensureDataset(
  adminUrl: string,
  log: (s: string) => void = console.log,
  dataset: Dataset = DATASET,
): Promise<string> {
  const name = datasetDatabase(dataset);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return withDatabase(adminUrl, name);
    // Datasets of older schemas (any scale) are dead weight: hundreds of MB each, GB at x10.
    const current = `guildhall_bench_${migrationsFingerprint()}`;
    const { rows: stale } = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'guildhall\\_bench\\_%' AND left(datname, length($1)) <> $1",
      [current],
    );
    for (const { datname } of stale)
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    const building = `${name}_building`;
    await admin.query(`DROP DATABASE IF EXISTS "${building}"`);
    await admin.query(`CREATE DATABASE "${building}"`);
    const url = withDatabase(adminUrl, building);
    await applyMigrations(url);
    log(
      `Generating dataset in ${name} (set-based SQL, ${memberships(dataset).toLocaleString()} memberships; ` +
        `${dataset.scale === 1 ? "about a minute" : `several minutes at scale ${dataset.scale}`})...`,
    );
    const started = performance.now();
    await generate(url, dataset, log);
    log(`  generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    log(`  ${name}: ${await databaseSize(adminUrl, name)} on disk (pg_database_size)`);
    return withDatabase(adminUrl, name);
  } finally {
    await admin.end();
  }
}
