// `assignRolesToUsers`: the users list's bulk "assign a role", all or nothing.
import { describe, expect, it } from "vitest";
import { expectCode, fixtures } from "../members/test-fixtures.ts";
import { unique, useTestDatabase } from "../test-utils.ts";
import { assignRolesToUsers } from "./index.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const role = (type: "User" | "MachineToMachine" = "User") =>
  t.db().role.create({ data: { name: unique("role"), type } });
const held = async (userId: string) =>
  (await t.db().userRole.findMany({ where: { userId } })).map((r) => r.roleId).sort();

describe("assigning global roles to several users at once", () => {
  it("gives every user every role, keeps what they held, audits per role", async () => {
    const [a, b] = [await f.user(), await f.user()];
    const [r1, r2] = [await role(), await role()];
    await t.db().userRole.create({ data: { userId: a.id, roleId: r1.id } });

    const result = await assignRolesToUsers(t.ctx(), {
      userIds: [a.id, b.id],
      roleIds: [r1.id, r2.id],
    });
    expect(result).toEqual({ assigned: 3 });
    expect(await held(a.id)).toEqual([r1.id, r2.id].sort());
    expect(await held(b.id)).toEqual([r1.id, r2.id].sort());
    const audit = await t.db().auditLog.findMany({
      where: { action: "role.users_assigned", targetId: { in: [r1.id, r2.id] } },
    });
    expect(audit.find((e) => e.targetId === r1.id)?.data).toEqual({ userIds: [b.id] });
    expect(audit.find((e) => e.targetId === r2.id)?.data).toEqual({ userIds: [a.id, b.id] });
  });

  it("assigns nothing when a user or role is unknown, or a role is machine-to-machine", async () => {
    const [a, b] = [await f.user(), await f.user()];
    const [r1, m2m] = [await role(), await role("MachineToMachine")];
    await expectCode(
      assignRolesToUsers(t.ctx(), { userIds: [a.id, "nobody"], roleIds: [r1.id] }),
      "user.not_found",
    );
    await expectCode(
      assignRolesToUsers(t.ctx(), { userIds: [a.id, b.id], roleIds: [r1.id, "no-role"] }),
      "role.not_found",
    );
    await expectCode(
      assignRolesToUsers(t.ctx(), { userIds: [a.id, b.id], roleIds: [r1.id, m2m.id] }),
      "role.type_mismatch",
    );
    expect(await held(a.id)).toEqual([]);
    expect(await held(b.id)).toEqual([]);
  });

  it("is not for end users", async () => {
    const a = await f.user();
    const r1 = await role();
    await expectCode(
      assignRolesToUsers(t.ctx({ actor: { type: "user", userId: a.id } }), {
        userIds: [a.id],
        roleIds: [r1.id],
      }),
      "auth.forbidden",
    );
    expect(await held(a.id)).toEqual([]);
  });
});
