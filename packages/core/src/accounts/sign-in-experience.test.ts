import { describe, expect, it } from "vitest";
import { systemContext } from "../context.ts";
import { expectDomainError, useTestDatabase } from "../test-utils.ts";
import {
  DEFAULT_SIGN_IN_EXPERIENCE,
  getSignInExperience,
  updateSignInExperience,
} from "./sign-in-experience.ts";

const t = useTestDatabase();

describe("sign-in experience", () => {
  it("reads the defaults without writing, and they are the schema's column defaults", async () => {
    await t.db().signInExperience.deleteMany();
    expect(await getSignInExperience(t.db())).toEqual(DEFAULT_SIGN_IN_EXPERIENCE);
    expect(await t.db().signInExperience.count()).toBe(0);
    // A row made by the database alone carries the schema.prisma defaults.
    await t
      .db()
      .$executeRawUnsafe(
        `INSERT INTO sign_in_experience (id, "updatedAt") VALUES ('default', now())`,
      );
    expect(await getSignInExperience(t.db())).toEqual(DEFAULT_SIGN_IN_EXPERIENCE);
    await t.db().signInExperience.deleteMany();
  });

  it("writes a change with its audit entry, and nothing for a change that changes nothing", async () => {
    await t.db().signInExperience.deleteMany();
    const ctx = systemContext(t.db());
    const audits = () => t.db().auditLog.count({ where: { action: "sign_in_experience.updated" } });
    const before = await audits();
    expect(await updateSignInExperience(ctx, { passwordPolicy: { minLength: 10 } })).toEqual(
      DEFAULT_SIGN_IN_EXPERIENCE,
    );
    expect(await t.db().signInExperience.count()).toBe(0);
    expect(await audits()).toBe(before);

    const changed = await updateSignInExperience(ctx, { registrationEnabled: false });
    expect(changed.registrationEnabled).toBe(false);
    expect((await getSignInExperience(t.db())).registrationEnabled).toBe(false);
    expect(await audits()).toBe(before + 1);
    await expectDomainError(
      updateSignInExperience(ctx, { mfa: { policy: "required", factors: [] } }),
      "guard.invalid_input",
    );
    await updateSignInExperience(ctx, { registrationEnabled: true });
  });
});
