import { describe, expect, it } from "vitest";
import { addMembers, assignMemberRoles } from "../members/index.ts";
import { createOrganizationRole } from "../organization-roles/index.ts";
import { createOrganization } from "../organizations/index.ts";
import { expectDomainError, unique, useTestDatabase } from "../test-utils.ts";
import { createUser, verifyUserPassword } from "../users/index.ts";
import bcrypt from "bcryptjs";
import { importOrganizations, importUsers, readRecords, USER_IMPORT_COLUMNS } from "./index.ts";

const t = useTestDatabase();

const csv = (text: string) => readRecords(text, { format: "csv", columns: USER_IMPORT_COLUMNS });
const json = (text: string) => readRecords(text, { format: "json", columns: USER_IMPORT_COLUMNS });
const organizationsJson = (value: unknown) =>
  readRecords(JSON.stringify(value, null, 2), { format: "json", columns: [] });

/** Everything an import could write: compared before and after a refused or repeated one. */
async function snapshot() {
  const db = t.db();
  return {
    users: await db.user.findMany({
      select: { email: true, name: true, username: true, primaryPhone: true },
      orderBy: { email: "asc" },
    }),
    organizations: await db.organization.count(),
    members: await db.organizationMember.count(),
    memberRoles: await db.organizationMemberRole.count(),
    audit: await db.auditLog.count(),
  };
}

describe("importUsers", () => {
  it("refuses malformed rows with their line numbers and writes nothing", async () => {
    const taken = await createUser(t.ctx(), {
      email: `${unique("taken")}@example.com`,
      username: unique("taken_name").replace(/-/g, "_"),
    });
    const before = await snapshot();
    const file = [
      "email,name,username,primaryPhone", // line 1
      "ok-1@example.com,Ok One,,", // 2
      "not-an-email,Bad,,", // 3
      "ok-2@example.com,Too,many,fields,here", // 4
      "", // 5: empty lines are skipped (line numbers still count them)
      'ok-3@example.com,"Two', // 6: a quoted name over two lines
      'lines",,15551234567', // 7
      "OK-1@example.com,Again,,", // 8: the same email as line 2 (emails ignore case)
      `ok-4@example.com,Clash,${taken.username?.toUpperCase() ?? ""},`, // 9: username taken, any case
      "ok-5@example.com,Phone,,15551234567", // 10: same phone as line 6
      "ok-6@example.com,Digits,,+1 555", // 11
    ].join("\n");

    const report = await importUsers(t.ctx(), { records: csv(file) });

    expect(report).toMatchObject({ written: false, created: 0, total: 8, refusedCount: 6 });
    expect(report.refused.map((r) => r.line)).toEqual([3, 4, 8, 9, 10, 11]);
    const reason = (line: number) => report.refused.find((r) => r.line === line)?.reason;
    expect(reason(3)).toBe("email: Enter a valid email address");
    expect(reason(4)).toBe("expected 4 fields (email, name, username, primaryPhone), found 5");
    expect(reason(8)).toBe('email "ok-1@example.com" is also on line 2');
    expect(reason(9)).toContain("another user already has the username");
    expect(reason(10)).toBe('phone number "15551234567" is also on line 6');
    expect(reason(11)).toMatch(/^primaryPhone: A phone number is digits only/);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses an unknown column and a CSV syntax error at their lines", async () => {
    const header = await importUsers(t.ctx(), {
      records: csv("email,nickname\na@example.com,x\n"),
    });
    expect(header.refused).toEqual([
      {
        line: 1,
        reason:
          'unknown column "nickname" (columns: email, name, username, primaryPhone, passwordDigest, passwordAlgorithm)',
      },
    ]);
    const syntax = await importUsers(t.ctx(), {
      records: csv('email,name\na@example.com,A\nb@example.com,"B"x\n'),
    });
    expect(syntax.written).toBe(false);
    expect(syntax.refused).toHaveLength(1);
    expect(syntax.refused[0]?.line).toBe(3);
    expect(syntax.refused[0]?.reason).toMatch(/^malformed CSV: /);
  });

  it("imports once; the same file again changes nothing", async () => {
    const existing = await createUser(t.ctx(), {
      email: `${unique("existing")}@example.com`,
      name: "Kept",
    });
    const emails = [1, 2, 3].map((i) => `${unique(`new-${i}`)}@example.com`);
    const file = [
      "email,name,username,primaryPhone",
      `${emails[0]},First,${unique("first").replace(/-/g, "_")},`,
      `${emails[1]},,,${Date.now()}1`,
      `${emails[2]},Third,,`,
      `${existing.email?.toUpperCase() ?? ""},Not applied,,`,
    ].join("\r\n");
    const progress: [number, number][] = [];

    const first = await importUsers(t.ctx(), {
      records: csv(file),
      onWrite: (written, toWrite) => progress.push([written, toWrite]),
    });
    expect(first).toEqual({
      written: true,
      total: 4,
      created: 3,
      unchanged: 1,
      refused: [],
      refusedCount: 0,
    });
    expect(progress.at(-1)).toEqual([3, 3]);
    const created = await t.db().user.findMany({
      where: { email: { in: emails } },
      select: { id: true, name: true, passwordHash: true, emailVerifiedAt: true },
    });
    expect(created).toHaveLength(3);
    expect(created.every((u) => u.passwordHash === null && u.emailVerifiedAt === null)).toBe(true);
    const audited = await t.db().auditLog.count({
      where: { action: "user.created", targetId: { in: created.map((u) => u.id) } },
    });
    expect(audited).toBe(3);
    const kept = await t.db().user.findUniqueOrThrow({ where: { id: existing.id } });
    expect(kept.name).toBe("Kept");

    const before = await snapshot();
    const again = await importUsers(t.ctx(), { records: csv(file) });
    expect(again).toMatchObject({ written: true, created: 0, unchanged: 4 });
    expect(await snapshot()).toEqual(before);
  });

  it("imports password digests made elsewhere; a malformed one is refused by line", async () => {
    const digest = bcrypt.hashSync("imported-password", 4);
    const [ok, bad] = [unique("digest"), unique("bad-digest")].map((n) => `${n}@example.com`);
    const refused = await importUsers(t.ctx(), {
      records: json(
        JSON.stringify(
          [
            { email: ok, passwordDigest: digest, passwordAlgorithm: "Bcrypt" },
            { email: bad, passwordDigest: "not-a-hash", passwordAlgorithm: "Bcrypt" },
          ],
          null,
          2,
        ),
      ),
    });
    expect(refused.refused).toEqual([
      { line: 7, reason: expect.stringMatching(/^passwordDigest is not a Bcrypt hash/) as string },
    ]);
    const report = await importUsers(t.ctx(), {
      records: csv(`email,passwordDigest,passwordAlgorithm\n${ok},${digest},Bcrypt\n`),
    });
    expect(report).toMatchObject({ written: true, created: 1 });
    const user = await t.db().user.findUniqueOrThrow({ where: { email: ok } });
    await verifyUserPassword(t.ctx(), { userId: user.id, password: "imported-password" });
    await expectDomainError(
      verifyUserPassword(t.ctx(), { userId: user.id, password: "wrong-password" }),
      "password.incorrect",
    );
  });

  it("reads JSON with the line of each entry", async () => {
    const text = `[
  { "email": "${unique("j")}@example.com", "name": "J" },
  { "email": "bad" },
  "not an object",
  { "email": "${unique("k")}@example.com", "role": "x" }
]`;
    const report = await importUsers(t.ctx(), { records: json(text) });
    expect(report.refused).toEqual([
      { line: 3, reason: "email: Enter a valid email address" },
      { line: 4, reason: "expected an object" },
      {
        line: 5,
        reason:
          'unknown field "role" (fields: email, name, username, primaryPhone, passwordDigest, passwordAlgorithm)',
      },
    ]);
    const syntax = await importUsers(t.ctx(), {
      records: json('[\n  { "email": "a@example.com" },\n  { "email": }\n]'),
    });
    expect(syntax.refused).toEqual([{ line: 3, reason: "malformed JSON: ValueExpected" }]);
  });
});

describe("importOrganizations", () => {
  async function setUp() {
    const roles = await Promise.all(
      ["owner", "viewer"].map((name) => createOrganizationRole(t.ctx(), { name: unique(name) })),
    );
    const machineRole = await createOrganizationRole(t.ctx(), {
      name: unique("robot"),
      type: "MachineToMachine",
    });
    const users = await Promise.all(
      [1, 2].map((i) => createUser(t.ctx(), { email: `${unique(`member-${i}`)}@example.com` })),
    );
    return {
      owner: roles[0]?.name ?? "",
      viewer: roles[1]?.name ?? "",
      robot: machineRole.name,
      alice: users[0]?.email ?? "",
      bob: users[1]?.email ?? "",
      bobId: users[1]?.id ?? "",
    };
  }

  it("refuses entries naming unknown users, roles or ambiguous names, with their lines; writes nothing", async () => {
    const { owner, robot, alice } = await setUp();
    const twin = unique("Twin");
    await createOrganization(t.ctx(), { name: twin });
    await createOrganization(t.ctx(), { name: twin });
    const fresh = unique("Fresh");
    const before = await snapshot();
    const entries = [
      { name: fresh, members: [{ email: alice, roles: [owner] }] },
      { name: twin },
      { name: unique("Ghosts"), members: [{ email: "nobody@example.com" }] },
      { name: unique("Roles"), members: [{ email: alice, roles: ["no-such-role", robot] }] },
      { name: fresh },
      { name: "", members: [{ email: "x" }] },
    ];
    // Where each entry starts in the pretty-printed file, counted independently of the reader.
    const line = JSON.stringify(entries, null, 2)
      .split("\n")
      .flatMap((text, i) => (text === "  {" ? [i + 1] : []));
    const report = await importOrganizations(t.ctx(), { records: organizationsJson(entries) });

    expect(report).toMatchObject({ written: false, created: 0, total: 6, refusedCount: 5 });
    expect(report.refused).toEqual([
      {
        line: line[1],
        reason: `2 organizations are named "${twin}": add the "id" of the one you mean`,
      },
      {
        line: line[2],
        reason: 'members[0]: no user has the email "nobody@example.com" (import users first)',
      },
      {
        line: line[3],
        reason: `members[0]: no organization role is named "no-such-role" (set up the organization template first); members[0]: "${robot}" is a machine-to-machine role: only applications can hold it`,
      },
      { line: line[4], reason: `the same organization is also on line ${line[0]}` },
      {
        line: line[5],
        reason: expect.stringMatching(
          /^name: .*; members\[0\]\.email: Enter a valid email address$/,
        ) as string,
      },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it("creates, then adds only what is missing; the same file again changes nothing", async () => {
    const { owner, viewer, alice, bob, bobId } = await setUp();
    const existing = await createOrganization(t.ctx(), { name: unique("Existing") });
    await addMembers(t.ctx(), { organizationId: existing.id, userIds: [bobId] });
    await assignMemberRoles(t.ctx(), {
      organizationId: existing.id,
      userId: bobId,
      organizationRoleNames: [viewer],
    });
    const newId = unique("org_imported").replace(/-/g, "_");
    const entries = [
      {
        id: newId,
        name: unique("Imported"),
        description: "From a file",
        members: [
          { email: alice, roles: [owner, viewer] },
          { email: bob, roles: [viewer] },
        ],
      },
      // Matched by name: bob keeps viewer and gets owner; alice joins without roles.
      {
        name: existing.name,
        members: [{ email: bob, roles: [owner, viewer] }, { email: alice }],
      },
    ];

    const since = new Date();
    const first = await importOrganizations(t.ctx(), { records: organizationsJson(entries) });
    expect(first).toEqual({
      written: true,
      total: 2,
      created: 1,
      updated: 1,
      unchanged: 0,
      membersAdded: 3,
      rolesAssigned: 4,
      refused: [],
      refusedCount: 0,
    });
    const imported = await t.db().organization.findUniqueOrThrow({
      where: { id: newId },
      include: { members: { include: { roles: { include: { role: true } }, user: true } } },
    });
    expect(imported.description).toBe("From a file");
    const rolesOf = (org: typeof imported, email: string) =>
      org.members
        .find((m) => m.user.email === email)
        ?.roles.map((r) => r.role.name)
        .sort();
    expect(rolesOf(imported, alice)).toEqual([owner, viewer].sort());
    expect(rolesOf(imported, bob)).toEqual([viewer]);
    const updated = await t.db().organization.findUniqueOrThrow({
      where: { id: existing.id },
      include: { members: { include: { roles: { include: { role: true } }, user: true } } },
    });
    expect(rolesOf(updated, bob)).toEqual([owner, viewer].sort());
    expect(rolesOf(updated, alice)).toEqual([]);
    const audit = await t.db().auditLog.findMany({
      where: { organizationId: { in: [newId, existing.id] }, createdAt: { gte: since } },
      select: { action: true },
    });
    expect(audit.map((a) => a.action).sort()).toEqual(
      [
        "organization.created",
        "member.added",
        "member.roles_assigned",
        "member.roles_assigned",
        "member.added",
        "member.roles_assigned",
      ].sort(),
    );

    const before = await snapshot();
    const again = await importOrganizations(t.ctx(), { records: organizationsJson(entries) });
    expect(again).toMatchObject({
      written: true,
      created: 0,
      updated: 0,
      unchanged: 2,
      membersAdded: 0,
      rolesAssigned: 0,
    });
    expect(await snapshot()).toEqual(before);
  });
});
