import { describe, expect, it } from "vitest";
import { expectDomainError, unique, useTestDatabase } from "../test-utils.ts";
import { deleteUser, setUserSuspended, updateUser } from "../users/index.ts";

const t = useTestDatabase();

describe("collaborators and console admins' accounts", () => {
  it("a collaborator cannot delete, suspend or take over an admin, but can manage other users", async () => {
    const db = t.db();
    const admin = await db.user.create({
      data: {
        email: `${unique("admin")}@example.com`,
        consoleMember: { create: { role: "admin" } },
      },
    });
    await db.user.create({
      data: {
        email: `${unique("admin2")}@example.com`,
        consoleMember: { create: { role: "admin" } },
      },
    });
    const regular = await db.user.create({ data: { email: `${unique("user")}@example.com` } });
    const collaborator = t.ctx({
      actor: { type: "console", userId: "collab", role: "collaborator" },
    });
    await expectDomainError(deleteUser(collaborator, { id: admin.id }), "auth.forbidden");
    await expectDomainError(
      setUserSuspended(collaborator, { id: admin.id, isSuspended: true }),
      "auth.forbidden",
    );
    await expectDomainError(
      updateUser(collaborator, { id: admin.id, password: "a-new-password" }),
      "auth.forbidden",
    );
    await expectDomainError(
      updateUser(collaborator, { id: admin.id, email: "taken-over@example.com" }),
      "auth.forbidden",
    );
    // Renaming is harmless and allowed; so is managing a regular user.
    await expect(
      updateUser(collaborator, { id: admin.id, name: "Renamed" }),
    ).resolves.toMatchObject({ name: "Renamed" });
    await expect(
      setUserSuspended(collaborator, { id: regular.id, isSuspended: true }),
    ).resolves.toMatchObject({ isSuspended: true });
    // An admin may (the last-admin rule aside).
    await expect(
      setUserSuspended(t.ctx(), { id: admin.id, isSuspended: true }),
    ).resolves.toMatchObject({ isSuspended: true });
  });
});
