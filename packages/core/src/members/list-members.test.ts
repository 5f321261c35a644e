// `listMembers`: roles, join order, search, role filter, pagination.
import { member as memberSchema } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import { unique, useTestDatabase } from "../test-utils.ts";
import { listMembers } from "./index.ts";
import { expectCode, fixtures } from "./test-fixtures.ts";

const t = useTestDatabase();
const f = fixtures(t.db);

describe("listing members", () => {
  it("returns members with their roles, in join order, with search, role filter and pagination", async () => {
    const org = await f.organization();
    const [admin, viewer] = [await f.role(), await f.role()];
    const tag = unique("Team");
    const users = [];
    for (let i = 0; i < 4; i++)
      users.push(
        await f.user({ email: `${tag}-${i}@example.com`.toLowerCase(), name: `Person ${i}` }),
      );
    const [u0, u1, u2, u3] = users as [
      (typeof users)[0],
      (typeof users)[0],
      (typeof users)[0],
      (typeof users)[0],
    ];
    // Joined in the order u0..u3, whatever their ids.
    const at = (i: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, i));
    await f.member(org.id, u3.id, [admin.id], at(3));
    await f.member(org.id, u0.id, [admin.id, viewer.id], at(0));
    await f.member(org.id, u2.id, [], at(2));
    await f.member(org.id, u1.id, [viewer.id], at(1));
    // Someone in another organization with the same role does not show up.
    const elsewhere = await f.organization();
    await f.member(elsewhere.id, (await f.user()).id, [admin.id]);

    const all = await listMembers(t.ctx(), { organizationId: org.id });
    expect(all).toMatchObject({ total: 4, page: 1, pageSize: 20 });
    expect(all.items.map((m) => memberSchema.strict().parse(m))).toEqual(all.items);
    expect(all.items.map((m) => m.id)).toEqual([u0.id, u1.id, u2.id, u3.id]);
    expect(all.items[0]?.organizationRoles).toEqual(
      [admin, viewer]
        .map((r) => ({ id: r.id, name: r.name }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(all.items[2]?.organizationRoles).toEqual([]);
    expect(all.items[0]).toMatchObject({ email: u0.email, name: "Person 0", isSuspended: false });
    expect(all.items[0]).not.toHaveProperty("passwordHash");

    const admins = await listMembers(t.ctx(), {
      organizationId: org.id,
      organizationRoleId: admin.id,
    });
    expect(admins.items.map((m) => m.id)).toEqual([u0.id, u3.id]);
    // A member matched by the role filter still shows all their roles.
    expect(admins.items[0]?.organizationRoles).toHaveLength(2);

    expect(
      (
        await listMembers(t.ctx(), { organizationId: org.id, q: `${tag}-2`.toUpperCase() })
      ).items.map((m) => m.id),
    ).toEqual([u2.id]);
    expect(
      (await listMembers(t.ctx(), { organizationId: org.id, q: "person 1" })).items.map(
        (m) => m.id,
      ),
    ).toEqual([u1.id]);
    expect(
      (await listMembers(t.ctx(), { organizationId: org.id, q: u3.id })).items.map((m) => m.id),
    ).toEqual([u3.id]);
    expect(
      (
        await listMembers(t.ctx(), {
          organizationId: org.id,
          q: tag,
          organizationRoleId: viewer.id,
        })
      ).total,
    ).toBe(2);

    const page2 = await listMembers(t.ctx(), { organizationId: org.id, page: 2, pageSize: 3 });
    expect(page2).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(page2.items.map((m) => m.id)).toEqual([u3.id]);
    expect((await listMembers(t.ctx(), { organizationId: org.id, page: 9 })).items).toEqual([]);

    const empty = await f.organization();
    expect(await listMembers(t.ctx(), { organizationId: empty.id })).toEqual({
      items: [],
      total: 0,
      page: 1,
      pageSize: 20,
      nextCursor: null,
    });
    await expectCode(listMembers(t.ctx(), { organizationId: "no-org" }), "organization.not_found");
    await expectCode(
      listMembers(t.ctx(), { organizationId: org.id, pageSize: 0 }),
      "guard.invalid_input",
    );
  });
});
