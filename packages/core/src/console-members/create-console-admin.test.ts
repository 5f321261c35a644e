import { describe, expect, it } from "vitest";
import { systemContext } from "../context.ts";
import { expectDomainError, unique, useTestDatabase } from "../test-utils.ts";
import { verifyUserPassword } from "../users/index.ts";
import { createConsoleAdmin } from "./create-console-admin.ts";

const t = useTestDatabase();

describe("createConsoleAdmin", () => {
  it("creates a user who is a console admin, with the password given", async () => {
    const email = `${unique("Admin")}@Example.com`;
    const member = await createConsoleAdmin(systemContext(t.db()), {
      email,
      password: "a-strong-password",
    });
    expect(member).toMatchObject({
      email: email.toLowerCase(),
      name: email.toLowerCase().split("@")[0],
      role: "admin",
    });
    await verifyUserPassword(t.ctx(), { userId: member.userId, password: "a-strong-password" });
    const audit = await t.db().auditLog.findMany({
      where: { targetId: member.userId },
      select: { action: true },
    });
    expect(audit.map((a) => a.action).sort()).toEqual(["console_member.role_set", "user.created"]);
  });

  it("refuses an email that belongs to a user, and callers who are not admins", async () => {
    const email = `${unique("taken")}@example.com`;
    await createConsoleAdmin(t.ctx(), { email, password: "a-strong-password" });
    const before = await t.db().user.count();
    const error = await expectDomainError(
      createConsoleAdmin(t.ctx(), { email: email.toUpperCase(), password: "another-password" }),
      "user.email_taken",
    );
    expect(error.message).toBe(`A user with the email "${email}" already exists.`);
    await expectDomainError(
      createConsoleAdmin(
        t.ctx({ actor: { type: "console", userId: "collaborator", role: "collaborator" } }),
        { email: `${unique("x")}@example.com`, password: "a-strong-password" },
      ),
      "auth.forbidden",
    );
    await expectDomainError(
      createConsoleAdmin(t.ctx(), { email: `${unique("y")}@example.com`, password: "short" }),
      "guard.invalid_input",
    );
    expect(await t.db().user.count()).toBe(before);
  });
});
