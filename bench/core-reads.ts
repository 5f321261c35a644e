/** Server-side timings of the hot reads and the template write, on the dataset. */
import {
  acceptInvitation,
  addRolePermissions,
  createInvitation,
  getEffectivePermissions,
  listMembers,
  listOrganizations,
  systemContext,
} from "@guildhall/core";
import { createPrismaClient, type Db } from "@guildhall/db/client";
import { countStatements } from "@guildhall/db/testing";
import pg from "pg";
import { DATASET, membershipOrganization, memberships, type Dataset } from "./dataset.ts";
import { fmt, summarize } from "./stats.ts";

/**
 * One timed operation on one dataset. `name` is the same at every scale (rows of two
 * datasets are matched by it); `label` is the row's text at this dataset's size.
 */
export interface CoreOperation {
  name: string;
  label: string;
  /** Recorded samples (after 10 unrecorded ones). */
  iterations: number;
  /** Why this figure grows with the data by design (said in the scale table). */
  grows?: string;
  /** A member page of the big organization: issue 17's target is p50 < 1.5 ms at scale 10. */
  memberPage?: boolean;
  /** One call; resolves to the milliseconds to record (untimed preparation left out). */
  sample(i: number): Promise<number>;
  /** The third column of the default table; the p99 unless said otherwise. */
  detail?(p99: number): string;
  /** Forgets what the warm-up calls told `detail`. */
  reset?(): void;
  /** Removes what the calls left, so the dataset stays as generated. */
  cleanup?(): Promise<void>;
}

const timed =
  (fn: (i: number) => Promise<unknown>) =>
  async (i: number): Promise<number> => {
    const start = performance.now();
    await fn(i);
    return performance.now() - start;
  };

const n = (x: number) => x.toLocaleString("en-US");

/**
 * The core service calls of the "Core services, server-side" table, on the dataset `d` in
 * `db`. Reads only, except the invitation and (`withTemplateWrite`) the template change.
 */
export async function coreOperations(
  db: Db,
  d: Dataset,
  { withTemplateWrite = false } = {},
): Promise<CoreOperation[]> {
  const ctx = systemContext(db);
  const o1 = d.bigOrganizationId;
  // A real membership: user u's 4th organization (k = 3), never o1.
  const membership = (i: number) => {
    const u = 1 + ((i * 7919) % d.users);
    return { userId: `u${u}`, organizationId: membershipOrganization(d, u, 3) };
  };
  // The deepest page, by OFFSET (Logto's numbered pages) and by keyset (`cursor` from the
  // page before it): the keyset page should cost what the first one does.
  const lastPage = Math.ceil(d.bigOrganizationMembers / 20);
  const before = await listMembers(ctx, { organizationId: o1, page: lastPage - 1, pageSize: 20 });
  const cursor = before.nextCursor ?? "";
  const operations: CoreOperation[] = [
    {
      name: "effective permissions of one member",
      label: "effective permissions of one member",
      iterations: 300,
      sample: timed((i) => getEffectivePermissions(ctx, membership(i))),
    },
    {
      name: "first page of 20 members + roles (o1)",
      label: `first page of 20 members + roles (org of ${n(d.bigOrganizationMembers)})`,
      iterations: 200,
      memberPage: true,
      sample: timed(() => listMembers(ctx, { organizationId: o1, page: 1, pageSize: 20 })),
    },
    {
      name: "pages 1-50 of 20 members + roles (o1)",
      label: `page of 20 members + roles (org of ${n(d.bigOrganizationMembers)})`,
      iterations: 200,
      sample: timed((i) =>
        listMembers(ctx, { organizationId: o1, page: 1 + (i % 50), pageSize: 20 }),
      ),
    },
    {
      name: "last page of 20 members by page number (OFFSET)",
      label: `last page of 20 members by page number (offset ${n((lastPage - 1) * 20)})`,
      iterations: 200,
      grows: "OFFSET walks the rows it skips (the cursor row is the deep page that must stay flat)",
      sample: timed(() => listMembers(ctx, { organizationId: o1, page: lastPage, pageSize: 20 })),
    },
    {
      name: "last page of 20 members by cursor (o1)",
      label: "last page of 20 members by cursor",
      iterations: 200,
      memberPage: true,
      sample: timed(() => listMembers(ctx, { organizationId: o1, cursor, pageSize: 20 })),
    },
    {
      // At scale 1 the names run to "Org 10000": 89 of these 100 prefixes match nothing there,
      // and about 1,000 organizations each at scale 10. The same queries, not the same work.
      name: "organization search by name prefix",
      label: "organization search by name prefix",
      iterations: 200,
      sample: timed((i) =>
        listOrganizations(ctx, { q: `Org ${String(i % 100).padStart(2, "0")}`, pageSize: 20 }),
      ),
    },
    {
      // "Org 0NN": the same 100 organizations (99 for "Org 000") at every scale.
      name: "organization search, a prefix matching the same 100 at any scale",
      label: "organization search by name prefix matching 100 organizations",
      iterations: 200,
      sample: timed((i) =>
        listOrganizations(ctx, { q: `Org 0${String(i % 100).padStart(2, "0")}`, pageSize: 20 }),
      ),
    },
    invitations(db),
  ];
  if (withTemplateWrite) operations.push(await templateWrite(db, d));
  return operations;
}

/** Records `iterations` samples of an operation after 10 unrecorded ones. */
export async function sampleOperation(op: CoreOperation, iterations = op.iterations, from = 0) {
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) samples.push(await op.sample(from + i));
  return samples;
}

export async function warmUp(op: CoreOperation) {
  for (let i = 0; i < 10; i++) await op.sample(i);
  op.reset?.();
}

export async function runCoreBench(url: string, d: Dataset = DATASET) {
  const db = createPrismaClient(url, { max: 4 });
  const rows: [string, string, string][] = [];
  try {
    for (const op of await coreOperations(db, d)) {
      try {
        await warmUp(op);
        const { p50, p99 } = summarize(await sampleOperation(op));
        rows.push([op.label, fmt(p50), op.detail ? op.detail(p99) : fmt(p99)]);
      } finally {
        await op.cleanup?.();
      }
    }
    rows.push(await templateWriteOnce(db, url, d));
  } finally {
    await db.$disconnect();
  }
  return rows;
}

// A permission r1 does not hold yet.
async function missingPermission(db: Db, d: Dataset) {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM organization_permissions
    WHERE id NOT IN (SELECT "permissionId" FROM organization_role_permissions WHERE "roleId" = ${d.roleHeldByEveryone})
    LIMIT 1`;
  return rows[0]?.id ?? "";
}

/** The template property: one permission added to a role that every member holds, once, with what it wrote. */
async function templateWriteOnce(
  db: Db,
  url: string,
  d: Dataset,
): Promise<[string, string, string]> {
  const ctx = systemContext(db);
  const counter = new pg.Client({ connectionString: url });
  await counter.connect();
  const extra = await missingPermission(db, d);
  // How much was written: rows in the link table, and WAL bytes for the whole change
  // (a per-organization write would show as megabytes here).
  const linkRows = async () =>
    Number(
      (
        await counter.query<{ n: string }>(
          `SELECT count(*)::text AS n FROM organization_role_permissions`,
        )
      ).rows[0]?.n,
    );
  const lsn = async () =>
    (await counter.query<{ l: string }>(`SELECT pg_current_wal_lsn()::text AS l`)).rows[0]?.l ??
    "0/0";
  const [rowsBefore, lsnBefore] = [await linkRows(), await lsn()];
  const start = performance.now();
  await addRolePermissions(ctx, { roleId: d.roleHeldByEveryone, permissionIds: [extra] });
  const took = performance.now() - start;
  const lsnAfter = await lsn();
  const walBytes = Number(
    (
      await counter.query<{ b: string }>(`SELECT pg_wal_lsn_diff($1, $2)::text AS b`, [
        lsnAfter,
        lsnBefore,
      ])
    ).rows[0]?.b,
  );
  const rowsWritten = (await linkRows()) - rowsBefore;
  await db.organizationRolePermission.delete({
    where: { roleId_permissionId: { roleId: d.roleHeldByEveryone, permissionId: extra } },
  });
  await counter.end();
  return [
    `add a permission to a role held by ${n(memberships(d))} members`,
    fmt(took),
    `${rowsWritten} link row + audit entry, ${walBytes} B of WAL`,
  ];
}

/**
 * The template change as a repeated sample (for the scale comparison): add the permission
 * (timed), take it away again (not timed). The audit entries of the additions are deleted
 * afterwards.
 */
async function templateWrite(db: Db, d: Dataset): Promise<CoreOperation> {
  const ctx = systemContext(db);
  const extra = await missingPermission(db, d);
  const [{ since } = { since: new Date() }] = await db.$queryRaw<{ since: Date }[]>`
    SELECT now()::timestamp(3) AS since`;
  const link = { roleId: d.roleHeldByEveryone, permissionId: extra };
  return {
    name: "add a permission to a role held by every member",
    label: `add a permission to a role held by ${n(memberships(d))} members`,
    iterations: 30,
    async sample() {
      const start = performance.now();
      await addRolePermissions(ctx, { roleId: link.roleId, permissionIds: [extra] });
      const took = performance.now() - start;
      await db.organizationRolePermission.delete({ where: { roleId_permissionId: link } });
      return took;
    },
    async cleanup() {
      await db.organizationRolePermission.deleteMany({ where: link });
      await db.auditLog.deleteMany({
        where: {
          action: "organization_role.permissions_added",
          targetId: link.roleId,
          createdAt: { gte: since },
        },
      });
    },
  };
}

/**
 * Create + accept an invitation, as a product does it: a console admin (u1) invites a new
 * address into an organization with 2 roles, emailed (queued in the outbox); the person signs
 * up (not timed) and accepts with the link's token. What it leaves is deleted afterwards, so
 * the dataset stays as generated.
 */
function invitations(db: Db): CoreOperation {
  const run = `${Date.now().toString(36)}`;
  const admin = {
    db,
    actor: { type: "console", userId: "u1", role: "admin" } as const,
    instanceSecret: "bench-instance-secret-0123456789",
  };
  const organizationId = "o2";
  const organizationRoleIds = ["r2", "r3"];
  const invitees: string[] = [];
  let statements = 0;
  let calls = 0;
  return {
    name: "create + accept an invitation (2 roles, emailed; new user)",
    label: "create + accept an invitation (2 roles, emailed; new user)",
    iterations: 200,
    async sample() {
      const invitee = `invite-${run}-${calls++}@bench.example`;
      invitees.push(invitee);
      const counter = countStatements(db);
      let took = 0;
      const start = performance.now();
      const { link } = await createInvitation(admin, {
        organizationId,
        invitee,
        organizationRoleIds,
        baseUrl: "https://id.bench.example",
      });
      took += performance.now() - start;
      counter.stop();
      const user = await db.user.create({ data: { email: invitee }, select: { id: true } });
      const token = link.split("/invite/")[1] ?? "";
      const counted = countStatements(db);
      const again = performance.now();
      await acceptInvitation({ db, actor: { type: "user", userId: user.id } }, { token });
      took += performance.now() - again;
      counted.stop();
      statements = Math.max(statements, counter.count + counted.count);
      return took;
    },
    detail: (p99) => `${fmt(p99)}; ${statements} SQL statements`,
    reset: () => {
      statements = 0;
    },
    async cleanup() {
      await db.organizationInvitation.deleteMany({ where: { invitee: { in: invitees } } });
      await db.emailOutbox.deleteMany({ where: { to: { in: invitees } } });
      await db.user.deleteMany({ where: { email: { in: invitees } } });
    },
  };
}
