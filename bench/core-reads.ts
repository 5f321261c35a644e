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
import { DATASET } from "./dataset.ts";
import { fmt, summarize, time } from "./stats.ts";

export async function runCoreBench(url: string) {
  const db = createPrismaClient(url, { max: 4 });
  const ctx = systemContext(db);
  const rows: [string, string, string][] = [];
  try {
    // A real membership: user u joins o(2 + ((u + k*1000) mod 9999)) for k = 1..9.
    const membership = (i: number) => {
      const u = 1 + ((i * 7919) % DATASET.users);
      return {
        userId: `u${u}`,
        organizationId: `o${2 + ((u + 3000) % (DATASET.organizations - 1))}`,
      };
    };
    const perms = await time(300, (i) => getEffectivePermissions(ctx, membership(i)));
    rows.push(["effective permissions of one member", fmt(perms.p50), fmt(perms.p99)]);

    const page = await time(200, (i) =>
      listMembers(ctx, {
        organizationId: DATASET.bigOrganizationId,
        page: 1 + (i % 50),
        pageSize: 20,
      }),
    );
    rows.push(["page of 20 members + roles (org of 10,000)", fmt(page.p50), fmt(page.p99)]);

    // The deepest page, by OFFSET (Logto's numbered pages) and by keyset (`cursor` from the
    // page before it): the keyset page should cost what the first one does.
    const lastPage = Math.ceil(10_000 / 20);
    const byOffset = await time(200, () =>
      listMembers(ctx, { organizationId: DATASET.bigOrganizationId, page: lastPage, pageSize: 20 }),
    );
    rows.push([
      "last page of 20 members by page number (offset 9,980)",
      fmt(byOffset.p50),
      fmt(byOffset.p99),
    ]);
    const before = await listMembers(ctx, {
      organizationId: DATASET.bigOrganizationId,
      page: lastPage - 1,
      pageSize: 20,
    });
    const cursor = before.nextCursor ?? "";
    const byCursor = await time(200, () =>
      listMembers(ctx, { organizationId: DATASET.bigOrganizationId, cursor, pageSize: 20 }),
    );
    rows.push(["last page of 20 members by cursor", fmt(byCursor.p50), fmt(byCursor.p99)]);

    const search = await time(200, (i) =>
      listOrganizations(ctx, { q: `Org ${String(i % 100).padStart(2, "0")}`, pageSize: 20 }),
    );
    rows.push(["organization search by name prefix", fmt(search.p50), fmt(search.p99)]);

    rows.push(await benchInvitations(db));

    // The template property: one permission added to a role that 1,000,000 members hold.
    const counter = new pg.Client({ connectionString: url });
    await counter.connect();
    const {
      rows: [extra],
    } = await counter.query<{ id: string }>(
      `SELECT id FROM organization_permissions WHERE id NOT IN (SELECT "permissionId" FROM organization_role_permissions WHERE "roleId" = $1) LIMIT 1`,
      [DATASET.roleHeldByEveryone],
    );
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
    await addRolePermissions(ctx, {
      roleId: DATASET.roleHeldByEveryone,
      permissionIds: [extra?.id ?? ""],
    });
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
      where: {
        roleId_permissionId: { roleId: DATASET.roleHeldByEveryone, permissionId: extra?.id ?? "" },
      },
    });
    await counter.end();
    rows.push([
      "add a permission to a role held by 1,000,000 members",
      fmt(took),
      `${rowsWritten} link row + audit entry, ${walBytes} B of WAL`,
    ]);
  } finally {
    await db.$disconnect();
  }
  return rows;
}

/**
 * Create + accept an invitation, as a product does it: a console admin (u1) invites a new
 * address into an organization with 2 roles, emailed (queued in the outbox); the person signs
 * up (not timed) and accepts with the link's token. What it leaves is deleted afterwards, so
 * the dataset stays as generated.
 */
async function benchInvitations(db: Db): Promise<[string, string, string]> {
  const run = `${Date.now().toString(36)}`;
  const admin = {
    db,
    actor: { type: "console", userId: "u1", role: "admin" } as const,
    instanceSecret: "bench-instance-secret-0123456789",
  };
  const organizationId = "o2";
  const organizationRoleIds = ["r2", "r3"];
  const invitees: string[] = [];
  const samples: number[] = [];
  const statements: number[] = [];
  const iterations = 200;
  const warmup = 10;
  try {
    for (let i = 0; i < warmup + iterations; i++) {
      const invitee = `invite-${run}-${i}@bench.example`;
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
      if (i < warmup) continue;
      samples.push(took);
      statements.push(counter.count + counted.count);
    }
  } finally {
    await db.organizationInvitation.deleteMany({ where: { invitee: { in: invitees } } });
    await db.emailOutbox.deleteMany({ where: { to: { in: invitees } } });
    await db.user.deleteMany({ where: { email: { in: invitees } } });
  }
  const { p50, p99 } = summarize(samples);
  const perOperation = Math.max(...statements);
  return [
    "create + accept an invitation (2 roles, emailed; new user)",
    fmt(p50),
    `${fmt(p99)}; ${perOperation} SQL statements`,
  ];
}
