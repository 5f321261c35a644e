// `addMembers`: idempotent adds, unknown users and organizations.
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../test-utils.ts";
import { addMembers } from "./index.ts";
import { expectCode, fixtures, memberRows, sorted } from "./test-fixtures.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const { memberIds, roleIdsOf } = memberRows(t.db);

describe("adding and removing members", () => {
  it("adds members idempotently, leaving existing members and their roles untouched", async () => {
    const org = await f.organization();
    const [a, b] = [await f.user(), await f.user()];
    const role = await f.role();
    await f.member(org.id, a.id, [role.id]);
    const before = await t.db().organizationMember.findUniqueOrThrow({
      where: { organizationId_userId: { organizationId: org.id, userId: a.id } },
    });

    await addMembers(t.ctx(), { organizationId: org.id, userIds: [a.id, b.id, b.id] });
    await addMembers(t.ctx(), { organizationId: org.id, userIds: [a.id, b.id] });
    expect(await memberIds(org.id)).toEqual(sorted([a.id, b.id]));
    expect(await roleIdsOf(org.id, a.id)).toEqual([role.id]);
    const after = await t.db().organizationMember.findUniqueOrThrow({
      where: { organizationId_userId: { organizationId: org.id, userId: a.id } },
    });
    expect(after.createdAt).toEqual(before.createdAt);

    // Only the call that changed something is audited, naming only the new member.
    const audit = await t
      .db()
      .auditLog.findMany({ where: { organizationId: org.id, action: "member.added" } });
    expect(audit.map((e) => e.data)).toEqual([{ userIds: [b.id] }]);
  });

  it("rejects unknown users (naming them) and unknown organizations, adding nobody", async () => {
    const org = await f.organization();
    const a = await f.user();
    const error = await expectCode(
      addMembers(t.ctx(), { organizationId: org.id, userIds: [a.id, "ghost-1", "ghost-2"] }),
      "member.user_not_found",
    );
    expect(error.data).toEqual({ userIds: ["ghost-1", "ghost-2"] });
    expect(error.message).toContain("ghost-1");
    expect(await memberIds(org.id)).toEqual([]);
    await expectCode(
      addMembers(t.ctx(), { organizationId: "no-org", userIds: [a.id] }),
      "organization.not_found",
    );
    await expectCode(
      addMembers(t.ctx(), { organizationId: org.id, userIds: [""] }),
      "guard.invalid_input",
    );
  });
});
