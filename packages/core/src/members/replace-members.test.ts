// `replaceMembers`: the member set replaced, roles kept for those who stay.
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../test-utils.ts";
import { replaceMembers } from "./index.ts";
import { expectCode, fixtures, memberRows, sorted } from "./test-fixtures.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const { memberIds, roleIdsOf } = memberRows(t.db);

describe("adding and removing members", () => {
  it("replaces the member set: those who stay keep their roles, those who leave lose them", async () => {
    const org = await f.organization();
    const [stays, leaves, joins] = [await f.user(), await f.user(), await f.user()];
    const role = await f.role();
    await f.member(org.id, stays.id, [role.id]);
    await f.member(org.id, leaves.id, [role.id]);

    await replaceMembers(t.ctx(), { organizationId: org.id, userIds: [stays.id, joins.id] });
    expect(await memberIds(org.id)).toEqual(sorted([stays.id, joins.id]));
    expect(await roleIdsOf(org.id, stays.id)).toEqual([role.id]);
    expect(await roleIdsOf(org.id, leaves.id)).toEqual([]);
    expect(await roleIdsOf(org.id, joins.id)).toEqual([]);
    const audit = await t
      .db()
      .auditLog.findFirst({ where: { organizationId: org.id, action: "member.replaced" } });
    expect(audit?.data).toEqual({ added: [joins.id], removed: [leaves.id] });

    await expectCode(
      replaceMembers(t.ctx(), { organizationId: org.id, userIds: [stays.id, "ghost"] }),
      "member.user_not_found",
    );
    expect(await memberIds(org.id)).toEqual(sorted([stays.id, joins.id]));
    await expectCode(
      replaceMembers(t.ctx(), { organizationId: "no-org", userIds: [] }),
      "organization.not_found",
    );

    await replaceMembers(t.ctx(), { organizationId: org.id, userIds: [] });
    expect(await memberIds(org.id)).toEqual([]);
  });
});
