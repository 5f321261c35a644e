// Retention settings: defaults that match the schema's, audited changes, and who may change them.
import { describe, expect, it } from "vitest";
import type { Actor } from "../context.ts";
import { expectDomainError, useTestDatabase } from "../test-utils.ts";
import {
  DEFAULT_INSTANCE_SETTINGS,
  getInstanceSettings,
  updateInstanceSettings,
} from "./instance-settings.ts";

const t = useTestDatabase();
const audits = () => t.db().auditLog.findMany({ where: { action: "instance_settings.updated" } });

describe("instance settings", () => {
  it("reads the defaults without writing, and they are the schema's column defaults", async () => {
    await t.db().instanceSettings.deleteMany();
    expect(await getInstanceSettings(t.ctx())).toEqual(DEFAULT_INSTANCE_SETTINGS);
    expect(DEFAULT_INSTANCE_SETTINGS).toEqual({
      auditLogRetentionDays: 180,
      eventRetentionDays: 7,
    });
    expect(await t.db().instanceSettings.count()).toBe(0);
    await t
      .db()
      .$executeRawUnsafe(
        `INSERT INTO instance_settings (id, "updatedAt") VALUES ('default', now())`,
      );
    expect(await getInstanceSettings(t.ctx())).toEqual(DEFAULT_INSTANCE_SETTINGS);
    await t.db().instanceSettings.deleteMany();
  });

  it("changes the fields given, audited with before and after; a no-op writes nothing", async () => {
    await t.db().instanceSettings.deleteMany();
    const ctx = t.ctx();
    const before = (await audits()).length;
    expect(await updateInstanceSettings(ctx, { eventRetentionDays: 7 })).toEqual(
      DEFAULT_INSTANCE_SETTINGS,
    );
    expect(await t.db().instanceSettings.count()).toBe(0);
    expect(await audits()).toHaveLength(before);

    expect(await updateInstanceSettings(ctx, { auditLogRetentionDays: 30 })).toEqual({
      auditLogRetentionDays: 30,
      eventRetentionDays: 7,
    });
    expect(await updateInstanceSettings(ctx, { eventRetentionDays: 3 })).toEqual({
      auditLogRetentionDays: 30,
      eventRetentionDays: 3,
    });
    expect(await getInstanceSettings(ctx)).toEqual({
      auditLogRetentionDays: 30,
      eventRetentionDays: 3,
    });
    const entries = await audits();
    expect(entries).toHaveLength(before + 2);
    expect(entries.at(-1)).toMatchObject({
      actorType: "console",
      actorId: "test-admin",
      targetType: "instance_settings",
      targetId: "default",
      data: {
        before: { auditLogRetentionDays: 30, eventRetentionDays: 7 },
        after: { auditLogRetentionDays: 30, eventRetentionDays: 3 },
      },
    });
    await t.db().instanceSettings.deleteMany();
  });

  it("refuses values out of bounds and an empty change", async () => {
    const ctx = t.ctx();
    for (const input of [
      { auditLogRetentionDays: 0 },
      { auditLogRetentionDays: 3651 },
      { auditLogRetentionDays: 1.5 },
      { eventRetentionDays: 0 },
      { eventRetentionDays: 91 },
      {},
    ])
      await expectDomainError(updateInstanceSettings(ctx, input), "guard.invalid_input");
    expect(
      await updateInstanceSettings(ctx, { auditLogRetentionDays: 3650, eventRetentionDays: 90 }),
    ).toEqual({ auditLogRetentionDays: 3650, eventRetentionDays: 90 });
    await t.db().instanceSettings.deleteMany();
  });

  it("is read by console members and the Management API, changed by admins, the API and the system", async () => {
    const collaborator: Actor = { type: "console", userId: "c", role: "collaborator" };
    const endUser: Actor = { type: "user", userId: "u" };
    await expect(getInstanceSettings(t.ctx({ actor: collaborator }))).resolves.toEqual(
      DEFAULT_INSTANCE_SETTINGS,
    );
    await expectDomainError(getInstanceSettings(t.ctx({ actor: endUser })), "auth.forbidden");
    for (const actor of [collaborator, endUser])
      await expectDomainError(
        updateInstanceSettings(t.ctx({ actor }), { eventRetentionDays: 5 }),
        "auth.forbidden",
      );
    for (const actor of [{ type: "management_api", clientId: "m2m" }, { type: "system" }] as const)
      await updateInstanceSettings(t.ctx({ actor }), { eventRetentionDays: 5 });
    expect((await getInstanceSettings(t.ctx())).eventRetentionDays).toBe(5);
    await t.db().instanceSettings.deleteMany();
  });
});
