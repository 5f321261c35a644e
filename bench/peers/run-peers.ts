/**
 * `pnpm bench peers`: Guildhall against Better Auth's organization plugin on the same
 * dataset, interleaved in one run. Server-side calls for the permission check, the
 * invitation and the template change; HTTP against HTTP for the member page.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import {
  acceptInvitation,
  addRolePermissions,
  createInvitation,
  ensureBuiltInPermissions,
  getEffectivePermissions,
  getMemberPermissionNames,
  listMembers,
  systemContext,
} from "@guildhall/core";
import { createPrismaClient, type Db } from "@guildhall/db/client";
import pg from "pg";
import { DATASET } from "../dataset.ts";
import { startChild } from "../issuance.ts";
import {
  ACTIONS,
  createDynamicPeerAuth,
  createPeerAuth,
  roleActions,
  roleName,
} from "./better-auth-config.ts";
import {
  ensurePeerDataset,
  INVITING_ORGANIZATIONS,
  PEER_ADMIN,
  PEER_VERSION,
  sessionCookie,
} from "./better-auth-dataset.ts";
import { interleave, timed } from "./interleave.ts";
import { countStatements, describeCount, type StatementCount } from "./statements.ts";

// Rounds of A B, B A, ... (BENCH_PEERS_ROUNDS, even, default 4); calls per side per round.
// Small, so the whole comparison takes a couple of minutes.
const ROUNDS = Number(process.env.BENCH_PEERS_ROUNDS ?? 4);
if (!Number.isInteger(ROUNDS) || ROUNDS <= 0 || ROUNDS % 2)
  throw new Error(
    `BENCH_PEERS_ROUNDS must be a positive even integer (got ${process.env.BENCH_PEERS_ROUNDS ?? ""})`,
  );
const PER_ROUND = { check: 100, page: 100, invitation: 10, template: 2, roleUpdate: 8 };
const MEMBERS = 50; // u1..u50, members of o1
const INSTANCE_SECRET = "bench-instance-secret-0123456789abcdef";

export interface PeerRow {
  operation: string;
  guildhall: number;
  peer: number | undefined;
  guildhallDoes: string;
  peerDoes: string;
}

function startPeerServer(url: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "better-auth-server.ts")],
    { env: { ...process.env, BENCH_PEER_DB_URL: url }, stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      const m = /READY (\d+)/.exec(d.toString());
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on("exit", (code) => reject(new Error(`Better Auth server exited with ${code}`)));
  });
}

async function expectOk(response: Response, what: string) {
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`${what} answered ${response.status}: ${text.slice(0, 300)}`);
}

/** Guildhall's inviter: a member of the inviting organizations who may invite with role r1. */
async function ensureGuildhallInviter(db: Db) {
  await ensureBuiltInPermissions(db);
  const role = await db.organizationRole.upsert({
    where: { name: "bench-peer-inviter" },
    create: {
      name: "bench-peer-inviter",
      permissions: {
        create: { permission: { connect: { name: "guildhall:members:invite" } } },
      },
    },
    update: {},
  });
  const inviter = await db.user.upsert({
    where: { email: "bench-peer-inviter@bench.example" },
    create: { email: "bench-peer-inviter@bench.example" },
    update: {},
  });
  for (const organizationId of INVITING_ORGANIZATIONS)
    await db.organizationMember.upsert({
      where: { organizationId_userId: { organizationId, userId: inviter.id } },
      // r1 too: an inviter grants no role holding more than they hold.
      create: {
        organizationId,
        userId: inviter.id,
        roles: { create: [{ roleId: role.id }, { roleId: DATASET.roleHeldByEveryone }] },
      },
      update: {},
    });
  return inviter.id;
}

export async function runPeersBench(guildhallUrl: string, adminUrl: string) {
  const peerUrl = await ensurePeerDataset(adminUrl);
  const db = createPrismaClient(guildhallUrl, { max: 4 });
  const pool = new pg.Pool({ connectionString: peerUrl, max: 4 });
  const inCode = createPeerAuth(pool);
  const inDatabase = createDynamicPeerAuth(pool);
  const run = Date.now().toString(36);
  const rows: PeerRow[] = [];
  const counts: Record<string, StatementCount> = {};
  const guildhallServer = await startChild("rest", guildhallUrl);
  const peerServer = await startPeerServer(peerUrl);
  try {
    // Sessions of members u1..u50 (of o1) on the peer's side; the admin's is in the dataset.
    await pool.query(
      `INSERT INTO session (id, "expiresAt", token, "createdAt", "updatedAt", "userId")
       SELECT 'bench-peer-u' || i, '2100-01-01', 'bench-peer-u' || i, now(), now(), 'u' || i
       FROM generate_series(1, ${MEMBERS}) i ON CONFLICT DO NOTHING`,
    );
    const memberHeaders = (i: number) =>
      new Headers({ cookie: sessionCookie(`bench-peer-u${1 + (i % MEMBERS)}`) });
    const adminHeaders = new Headers({ cookie: sessionCookie(PEER_ADMIN.sessionToken) });
    const system = systemContext(db);
    const held = roleActions(1)[0] ?? "";

    // 1. Permission check.
    const o1 = DATASET.bigOrganizationId;
    const gh = {
      explained: (i: number) =>
        timed(() =>
          getEffectivePermissions(system, { organizationId: o1, userId: `u${1 + (i % MEMBERS)}` }),
        ),
      names: (i: number) =>
        timed(() =>
          getMemberPermissionNames(db, { organizationId: o1, userId: `u${1 + (i % MEMBERS)}` }),
        ),
    };
    const check = (auth: typeof inCode | typeof inDatabase) => async (i: number) => {
      const answers: boolean[] = [];
      const ms = await timed(async () => {
        const { success } = await auth.api.hasPermission({
          headers: memberHeaders(i),
          body: { organizationId: o1, permissions: { perm: [held] } },
        });
        answers.push(success);
      });
      if (answers[0] !== true)
        throw new Error(`Better Auth refused perm:${held} to a holder of ${roleName(1)}`);
      return ms;
    };
    const checks = await interleave(
      {
        explained: gh.explained,
        names: gh.names,
        inCode: check(inCode),
        inDatabase: check(inDatabase),
      },
      { rounds: ROUNDS, perRound: PER_ROUND.check, warmup: 20 },
    );
    counts.explained = await countStatements(() => gh.explained(0));
    counts.inCode = await countStatements(() => check(inCode)(0));
    counts.inDatabase = await countStatements(() => check(inDatabase)(0));
    rows.push({
      operation: "permission check, roles in code (server-side call)",
      guildhall: checks.explained.p50,
      peer: checks.inCode.p50,
      guildhallDoes: `getEffectivePermissions: ${describeCount(counts.explained)}; token-grant read (getMemberPermissionNames) ${checks.names.p50.toFixed(2)} ms`,
      peerDoes: `hasPermission with the member's session: ${describeCount(counts.inCode)}`,
    });
    rows.push({
      operation: "permission check, roles in the database",
      guildhall: checks.explained.p50,
      peer: checks.inDatabase.p50,
      guildhallDoes: "(roles are always in the database: the row above)",
      peerDoes: `dynamic access control, reads the organization's 20 roles: ${describeCount(counts.inDatabase)}`,
    });

    // 2. Member page over HTTP, both authenticated, one request at a time.
    const ghPage = `http://127.0.0.1:${guildhallServer.port}/api/organizations/${o1}/users?page_size=20`;
    const ghInit = { headers: { authorization: `Bearer ${guildhallServer.token ?? ""}` } };
    const baPage = `http://127.0.0.1:${peerServer.port}/api/auth/organization/list-members?organizationId=${o1}&limit=20`;
    const baInit = { headers: { cookie: sessionCookie(PEER_ADMIN.sessionToken) } };
    await expectOk(await fetch(ghPage, ghInit), `Guildhall ${ghPage}`);
    await expectOk(await fetch(baPage, baInit), `Better Auth ${baPage}`);
    const pages = await interleave(
      {
        guildhall: () => timed(async () => (await fetch(ghPage, ghInit)).text()),
        peer: () => timed(async () => (await fetch(baPage, baInit)).text()),
      },
      { rounds: ROUNDS, perRound: PER_ROUND.page, warmup: 50 },
    );
    counts.ghPage = await countStatements(() =>
      listMembers(system, { organizationId: o1, page: 1, pageSize: 20 }),
    );
    counts.baPage = await countStatements(() =>
      inCode.api.listMembers({ headers: adminHeaders, query: { organizationId: o1, limit: 20 } }),
    );
    rows.push({
      operation: `member page of 20 over HTTP (organization of 10,000)`,
      guildhall: pages.guildhall.p50,
      peer: pages.peer.p50,
      guildhallDoes: `GET /api/organizations/o1/users?page_size=20, bearer token; listMembers: ${describeCount(counts.ghPage)} (+ the token's revocation check)`,
      peerDoes: `GET /api/auth/organization/list-members?limit=20, session cookie; in-process: ${describeCount(counts.baPage)}`,
    });

    // 3. Create + accept an invitation: each call a fresh invitee who exists and is signed in.
    const inviterId = await ensureGuildhallInviter(db);
    // A longer warm-up than the reads: each pooled connection prepares Guildhall's statements
    // on first use and PostgreSQL settles on their plans after a few runs, as in a server
    // that has been up a while.
    const warmup = 20;
    const invitees = ROUNDS * PER_ROUND.invitation + warmup + 10;
    const ghEmails = Array.from(
      { length: invitees },
      (_, i) => `peer-${run}-gh-${i}@bench.example`,
    );
    // Verified addresses on both sides, as Better Auth's invitees are (emailVerified true):
    // accepting then verifies nothing and provisions nothing more (the core table's row
    // "create + accept ... new user" times that path: an address the link verifies).
    const verifiedAt = new Date();
    const ghUsers = await db.user.createManyAndReturn({
      data: ghEmails.map((email) => ({ email, emailVerifiedAt: verifiedAt })),
      select: { id: true, email: true },
    });
    await pool.query(
      `INSERT INTO "user" (id, name, email, "emailVerified", "createdAt", "updatedAt")
         SELECT 'peer-${run}-' || i, 'Invitee', 'peer-${run}-ba-' || i || '@bench.example', true, now(), now()
         FROM generate_series(0, ${invitees - 1}) i;
       INSERT INTO session (id, "expiresAt", token, "createdAt", "updatedAt", "userId")
         SELECT 'peer-${run}-' || i, '2100-01-01', 'peer-${run}-' || i, now(), now(), 'peer-${run}-' || i
         FROM generate_series(0, ${invitees - 1}) i`,
    );
    let ghNext = 0;
    let baNext = 0;
    const inviteGuildhall = async () => {
      const n = ghNext++;
      const user = ghUsers[n];
      if (!user) throw new Error("out of Guildhall invitees");
      return timed(async () => {
        const { link } = await createInvitation(
          { db, actor: { type: "user", userId: inviterId }, instanceSecret: INSTANCE_SECRET },
          {
            organizationId: INVITING_ORGANIZATIONS[n % INVITING_ORGANIZATIONS.length] ?? "",
            organizationRoleIds: [DATASET.roleHeldByEveryone],
            invitee: user.email ?? "",
            baseUrl: "http://127.0.0.1",
          },
        );
        await acceptInvitation(
          { db, actor: { type: "user", userId: user.id } },
          { token: link.split("/invite/")[1] ?? "" },
        );
      });
    };
    const invitePeer = async () => {
      const n = baNext++;
      return timed(async () => {
        const invitation = await inCode.api.createInvitation({
          headers: adminHeaders,
          body: {
            email: `peer-${run}-ba-${n}@bench.example`,
            // Its role type is the union of the roles in code; these are strings at run time.
            role: roleName(1) as never,
            organizationId: INVITING_ORGANIZATIONS[n % INVITING_ORGANIZATIONS.length] ?? "",
          },
        });
        await inCode.api.acceptInvitation({
          headers: new Headers({ cookie: sessionCookie(`peer-${run}-${n}`) }),
          body: { invitationId: invitation.id },
        });
      });
    };
    const invitations = await interleave(
      { guildhall: inviteGuildhall, peer: invitePeer },
      { rounds: ROUNDS, perRound: PER_ROUND.invitation, warmup },
    );
    counts.ghInvite = await countStatements(inviteGuildhall);
    counts.baInvite = await countStatements(invitePeer);
    rows.push({
      operation: "create + accept an invitation (server-side calls)",
      guildhall: invitations.guildhall.p50,
      peer: invitations.peer.p50,
      // Its writes are single statements over several tables (invitation, roles, outbox row,
      // audit entry and events; then the accept, membership, roles and audit entry): a
      // statement's row count says nothing of them, so none is printed.
      guildhallDoes: `as a member with guildhall:members:invite; hashed token, outbox email, audit: ${counts.ghInvite.statements} statements, ${counts.ghInvite.writes} of them writes (invitation + roles + outbox row + audit entry + event; accept + membership + roles + audit entry + event)`,
      peerDoes: `createInvitation + acceptInvitation with sessions (no email sent): ${describeCount(counts.baInvite)}`,
    });

    // 4. Template change: one permission more for role-01 in every organization.
    const extraAction = ACTIONS.find((a) => !roleActions(1).includes(a)) ?? "";
    const extraId = `p${Number(extraAction)}`;
    const addToTemplate = () =>
      timed(() =>
        addRolePermissions(system, {
          roleId: DATASET.roleHeldByEveryone,
          permissionIds: [extraId],
        }),
      );
    const undoTemplate = () =>
      db.organizationRolePermission.delete({
        where: {
          roleId_permissionId: { roleId: DATASET.roleHeldByEveryone, permissionId: extraId },
        },
      });
    // Better Auth's roles in the database are per organization: one update per organization,
    // by a member allowed to (and holding every permission they give).
    const withExtra = { perm: [...roleActions(1), extraAction].sort() };
    const without = { perm: roleActions(1) };
    const updateRole = (organizationId: string, permission: { perm: string[] }) =>
      inDatabase.api.updateOrgRole({
        headers: adminHeaders,
        body: { roleName: roleName(1), organizationId, data: { permission } },
      });
    let orgNext = 0;
    const template = await interleave(
      {
        guildhall: async () => {
          const ms = await addToTemplate();
          await undoTemplate();
          return ms;
        },
        peer: async () => {
          const organizationId =
            INVITING_ORGANIZATIONS[orgNext++ % INVITING_ORGANIZATIONS.length] ?? "";
          const ms = await timed(() => updateRole(organizationId, withExtra));
          await updateRole(organizationId, without);
          return ms;
        },
      },
      { rounds: ROUNDS, perRound: PER_ROUND.roleUpdate, warmup: 2 },
    );
    counts.ghTemplate = await countStatements(addToTemplate);
    await undoTemplate();
    const sample = INVITING_ORGANIZATIONS[0] ?? "";
    counts.baTemplate = await countStatements(() => updateRole(sample, withExtra));
    await updateRole(sample, without);
    rows.push({
      operation: `add a permission to a role, every organization (${DATASET.organizations.toLocaleString()}), roles in code`,
      guildhall: template.guildhall.p50,
      peer: undefined,
      guildhallDoes: `addRolePermissions on the template: ${describeCount(counts.ghTemplate)}`,
      peerDoes: "a code change and a redeploy of every server (roles are in code)",
    });
    const projected = template.peer.p50 * DATASET.organizations;
    rows.push({
      operation: "the same, roles in the database",
      guildhall: template.guildhall.p50,
      peer: projected,
      guildhallDoes: "(the row above)",
      peerDoes: `updateOrgRole per organization: ${template.peer.p50.toFixed(2)} ms p50 x ${DATASET.organizations.toLocaleString()} (projected from ${template.peer.n} calls); each ${describeCount(counts.baTemplate)}`,
    });

    // The run's invitees go; the dataset stays as generated.
    await db.emailOutbox.deleteMany({ where: { to: { startsWith: `peer-${run}-` } } });
    await db.organizationInvitation.deleteMany({
      where: { invitee: { startsWith: `peer-${run}-` } },
    });
    await db.user.deleteMany({ where: { email: { startsWith: `peer-${run}-` } } });
    await pool.query(`DELETE FROM invitation WHERE email LIKE $1`, [`peer-${run}-%`]);
    await pool.query(`DELETE FROM "user" WHERE id LIKE $1`, [`peer-${run}-%`]);
    return { version: PEER_VERSION, rounds: ROUNDS, rows };
  } finally {
    guildhallServer.child.kill();
    peerServer.child.kill();
    await pool.end();
    await db.$disconnect();
  }
}
