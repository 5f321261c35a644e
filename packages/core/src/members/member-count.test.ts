// The exact member count kept by the membership triggers, and keyset (cursor) pages of
// `listMembers`: totals without counting, deep pages without OFFSET.
import { describe, expect, it } from "vitest";
import { systemContext } from "../context.ts";
import { unique, useTestDatabase } from "../test-utils.ts";
import { deleteUser } from "../users/index.ts";
import { addMembers, listMembers, removeMember, removeMembers, replaceMembers } from "./index.ts";
import { expectCode, fixtures } from "./test-fixtures.ts";

const t = useTestDatabase();
const f = fixtures(t.db);

async function keptCount(organizationId: string): Promise<number> {
  const row = await t.db().organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { memberCount: true },
  });
  return row.memberCount;
}
const realCount = (organizationId: string) =>
  t.db().organizationMember.count({ where: { organizationId } });

describe("the kept member count", () => {
  it("follows every kind of change in its transaction: adds, removals, replacements, cascades", async () => {
    const ctx = systemContext(t.db());
    const org = await f.organization();
    const users = await Promise.all(Array.from({ length: 6 }, () => f.user()));
    const ids = users.map((u) => u.id);
    expect(await keptCount(org.id)).toBe(0);
    await addMembers(ctx, { organizationId: org.id, userIds: ids.slice(0, 4) });
    expect(await keptCount(org.id)).toBe(4);
    // Adding members again changes nothing.
    await addMembers(ctx, { organizationId: org.id, userIds: ids.slice(0, 2) });
    expect(await keptCount(org.id)).toBe(4);
    await removeMember(ctx, { organizationId: org.id, userId: ids[0] ?? "" });
    expect(await keptCount(org.id)).toBe(3);
    await replaceMembers(ctx, { organizationId: org.id, userIds: ids.slice(3, 6) });
    expect(await keptCount(org.id)).toBe(3);
    await removeMembers(ctx, { organizationId: org.id, userIds: ids.slice(3, 5) });
    expect(await keptCount(org.id)).toBe(1);
    // Deleting the user removes the membership by cascade: counted too.
    await deleteUser(ctx, { id: ids[5] ?? "" });
    expect(await keptCount(org.id)).toBe(0);
    expect(await realCount(org.id)).toBe(0);
  });

  it("stays exact under concurrent joins and leaves, and a rolled-back change counts nothing", async () => {
    const ctx = systemContext(t.db());
    const org = await f.organization();
    const users = await Promise.all(Array.from({ length: 20 }, () => f.user()));
    await Promise.all(
      users.map((u) => addMembers(ctx, { organizationId: org.id, userIds: [u.id] })),
    );
    await Promise.all(
      users.slice(0, 7).map((u) => removeMember(ctx, { organizationId: org.id, userId: u.id })),
    );
    expect(await keptCount(org.id)).toBe(13);
    await expect(
      t.db().$transaction(async (tx) => {
        await tx.organizationMember.create({
          data: { organizationId: org.id, userId: users[0]?.id ?? "" },
        });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await keptCount(org.id)).toBe(13);
    expect(await realCount(org.id)).toBe(13);
  });

  it("is the total of an unfiltered page, and an unknown organization is still a 404", async () => {
    const org = await f.organization();
    for (let i = 0; i < 3; i++) await f.member(org.id, (await f.user()).id);
    const page = await listMembers(systemContext(t.db()), { organizationId: org.id, pageSize: 2 });
    expect(page.total).toBe(3);
    await expectCode(
      listMembers(systemContext(t.db()), { organizationId: "no-such-org" }),
      "organization.not_found",
    );
  });
});

describe("keyset pages", () => {
  it("walk the whole list in join order with the same members as numbered pages", async () => {
    const ctx = systemContext(t.db());
    const org = await f.organization();
    const at = (i: number) => new Date(Date.UTC(2031, 0, 1, 0, 0, i % 5, i));
    // Several members share a join time: the user id breaks the tie.
    for (let i = 0; i < 11; i++)
      await f.member(org.id, (await f.user({ name: unique("P") })).id, [], at(i % 4));
    const numbered = [];
    for (let page = 1; page <= 4; page++)
      numbered.push(
        ...(await listMembers(ctx, { organizationId: org.id, page, pageSize: 3 })).items,
      );
    const walked = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await listMembers(ctx, {
        organizationId: org.id,
        pageSize: 3,
        ...(cursor ? { cursor } : {}),
      });
      walked.push(...page.items);
      expect(page.total).toBe(11);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(walked.map((m) => m.id)).toEqual(numbered.map((m) => m.id));
    expect(new Set(walked.map((m) => m.id)).size).toBe(11);
  });

  it("refuse cursors the list did not give, with a 400 and no database error", async () => {
    const org = await f.organization();
    const ctx = systemContext(t.db());
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const cursor of [
      "not base64 json",
      forged(["2026-02-30 00:00:00.000", "u1"]),
      forged(["2026-13-01 00:00:00.000", "u1"]),
      forged(["2026-01-01 00:00:00.000", "u\u0000"]),
      forged({ a: 1 }),
    ])
      await expectCode(listMembers(ctx, { organizationId: org.id, cursor }), "guard.invalid_input");
  });
});
