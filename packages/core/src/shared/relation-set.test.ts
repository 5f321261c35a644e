import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { unique, useTestDatabase } from "../test-utils.ts";
import { relationSet } from "./relation-set.ts";

const t = useTestDatabase();

// A relation with a two-column owner, so the owner columns are exercised as well.
const memberRoles = relationSet({
  table: (tx) => tx.organizationMemberRole,
  owner: ["organizationId", "userId"],
  related: "roleId",
});

async function setup() {
  const db = t.db();
  const organization = await db.organization.create({ data: { name: unique("org") } });
  const users = await Promise.all(
    [1, 2].map(() => db.user.create({ data: { email: `${unique("user")}@example.com` } })),
  );
  for (const user of users) {
    await db.organizationMember.create({
      data: { organizationId: organization.id, userId: user.id },
    });
  }
  const roles = await Promise.all(
    [1, 2, 3].map(() => db.organizationRole.create({ data: { name: unique("role") } })),
  );
  const [a, b] = users.map((u) => ({ organizationId: organization.id, userId: u.id }));
  if (!a || !b) throw new Error("setup");
  return { a, b, roleIds: roles.map((r) => r.id) };
}

const held = async (owner: { organizationId: string; userId: string }) =>
  (await t.db().organizationMemberRole.findMany({ where: owner, select: { roleId: true } }))
    .map((r) => r.roleId)
    .sort();

describe("relationSet", () => {
  it("assign adds only what is missing and returns it; assigning again adds nothing", async () => {
    const { a, b, roleIds } = await setup();
    const [r1, r2, r3] = roleIds as [string, string, string];
    const assign = (ids: string[]) => t.db().$transaction((tx) => memberRoles.assign(tx, a, ids));
    expect(await assign([r1, r2, r1])).toEqual({ added: [r1, r2], removed: [] });
    expect(await assign([r2, r3])).toEqual({ added: [r3], removed: [] });
    expect(await assign([])).toEqual({ added: [], removed: [] });
    expect(await held(a)).toEqual([...roleIds].sort());
    expect(await held(b)).toEqual([]);
  });

  it("assignEach assigns to several owners and returns the rows added", async () => {
    const { a, b, roleIds } = await setup();
    const [r1, r2] = roleIds as [string, string];
    await t.db().$transaction((tx) => memberRoles.assign(tx, a, [r1]));
    const added = await t.db().$transaction((tx) => memberRoles.assignEach(tx, [a, b], [r1, r2]));
    expect(added.map((r) => `${r.userId}:${r.roleId}`).sort()).toEqual(
      [`${a.userId}:${r2}`, `${b.userId}:${r1}`, `${b.userId}:${r2}`].sort(),
    );
  });

  it("replace removes the others, adds the missing ones and reports both", async () => {
    const { a, b, roleIds } = await setup();
    const [r1, r2, r3] = roleIds as [string, string, string];
    await t.db().$transaction((tx) => memberRoles.assignEach(tx, [a, b], [r1, r2]));
    expect(await t.db().$transaction((tx) => memberRoles.replace(tx, a, [r2, r3]))).toEqual({
      added: [r3],
      removed: [r1],
    });
    expect(await held(a)).toEqual([r2, r3].sort());
    // Another owner's rows in the same table are not touched.
    expect(await held(b)).toEqual([r1, r2].sort());
    expect(await t.db().$transaction((tx) => memberRoles.replace(tx, a, [r2, r3]))).toEqual({
      added: [],
      removed: [],
    });
    const cleared = await t.db().$transaction((tx) => memberRoles.replace(tx, a, []));
    expect(cleared.added).toEqual([]);
    expect(cleared.removed.sort()).toEqual([r2, r3].sort());
    expect(await held(a)).toEqual([]);
  });

  it("remove takes one id, throwing the caller's error when it is not held", async () => {
    const { a, b, roleIds } = await setup();
    const [r1, r2] = roleIds as [string, string];
    await t.db().$transaction((tx) => memberRoles.assignEach(tx, [a, b], [r1]));
    expect(await t.db().$transaction((tx) => memberRoles.remove(tx, a, r1))).toEqual({
      added: [],
      removed: [r1],
    });
    expect(await held(b)).toEqual([r1]);
    expect(await t.db().$transaction((tx) => memberRoles.remove(tx, a, r2))).toEqual({
      added: [],
      removed: [],
    });
    const error = await t
      .db()
      .$transaction((tx) =>
        memberRoles.remove(
          tx,
          a,
          r2,
          async () => new DomainError("member.role_not_assigned", "no"),
        ),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("member.role_not_assigned");
  });

  it("removeEach removes the ids held and ignores the others", async () => {
    const { a, roleIds } = await setup();
    const [r1, r2, r3] = roleIds as [string, string, string];
    await t.db().$transaction((tx) => memberRoles.assign(tx, a, [r1, r2]));
    const diff = await t.db().$transaction((tx) => memberRoles.removeEach(tx, a, [r2, r3, r2]));
    expect(diff).toEqual({ added: [], removed: [r2] });
    expect(await held(a)).toEqual([r1]);
  });
});
