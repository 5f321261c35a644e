// `removeMember`: one membership and its roles, nothing else.
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../test-utils.ts";
import { removeMember } from "./index.ts";
import { expectCode, fixtures, memberRows } from "./test-fixtures.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const { memberIds, roleIdsOf } = memberRows(t.db);

describe("adding and removing members", () => {
  it("removes a member and their roles there, nothing else", async () => {
    const [org, other] = [await f.organization(), await f.organization()];
    const u = await f.user();
    const role = await f.role();
    await f.member(org.id, u.id, [role.id]);
    await f.member(other.id, u.id, [role.id]);

    await removeMember(t.ctx(), { organizationId: org.id, userId: u.id });
    expect(await memberIds(org.id)).toEqual([]);
    expect(await roleIdsOf(org.id, u.id)).toEqual([]);
    expect(await roleIdsOf(other.id, u.id)).toEqual([role.id]);
    expect(await t.db().user.count({ where: { id: u.id } })).toBe(1);
    expect(
      await t.db().auditLog.count({ where: { organizationId: org.id, action: "member.removed" } }),
    ).toBe(1);

    await expectCode(
      removeMember(t.ctx(), { organizationId: org.id, userId: u.id }),
      "member.not_found",
    );
    await expectCode(
      removeMember(t.ctx(), { organizationId: "no-org", userId: u.id }),
      "organization.not_found",
    );
  });
});
