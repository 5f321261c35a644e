import type { Db, Prisma } from "@guildhall/db";
import {
  AUDIT_LOG_RETENTION_DAYS,
  EVENT_RETENTION_DAYS,
  updateInstanceSettingsInput,
  type InstanceSettings,
  type UpdateInstanceSettingsInput,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import {
  assertAdminOrManagementApi,
  assertCanManageTenant,
  type ServiceContext,
} from "../context.ts";
import { parseInput } from "../parse.ts";

type Client = Db | Prisma.TransactionClient;

/** The instance has one settings row, with this id. */
const ID = "default";

/**
 * What an instance starts with until an admin changes it: the column defaults of
 * schema.prisma (a test checks they agree). Reading never writes: the first change creates
 * the row.
 */
export const DEFAULT_INSTANCE_SETTINGS: InstanceSettings = {
  auditLogRetentionDays: AUDIT_LOG_RETENTION_DAYS.default,
  eventRetentionDays: EVENT_RETENTION_DAYS.default,
};

/** The settings as stored (or the defaults), without an authorization check: for jobs. */
export async function readInstanceSettings(db: Client): Promise<InstanceSettings> {
  const row = await db.instanceSettings.findUnique({
    where: { id: ID },
    select: { auditLogRetentionDays: true, eventRetentionDays: true },
  });
  return row ?? DEFAULT_INSTANCE_SETTINGS;
}

/**
 * How long the instance keeps audit entries and events. Console members (collaborators too),
 * the Management API and the system may read them.
 * @throws auth.forbidden
 */
export async function getInstanceSettings(ctx: ServiceContext): Promise<InstanceSettings> {
  assertCanManageTenant(ctx);
  return readInstanceSettings(ctx.db);
}

/**
 * Changes the fields given and keeps the others, audited with before and after. Console
 * admins, the Management API and the system only: shortening a retention deletes history
 * at the next pruning run, which a collaborator must not be able to do.
 * @throws auth.forbidden, guard.invalid_input
 */
export async function updateInstanceSettings(
  ctx: ServiceContext,
  input: UpdateInstanceSettingsInput,
): Promise<InstanceSettings> {
  assertAdminOrManagementApi(ctx, "Only console admins can change the retention settings.");
  const patch = parseInput(updateInstanceSettingsInput, input);
  return ctx.db.$transaction(async (tx) => {
    const before = await readInstanceSettings(tx);
    const after: InstanceSettings = {
      auditLogRetentionDays: patch.auditLogRetentionDays ?? before.auditLogRetentionDays,
      eventRetentionDays: patch.eventRetentionDays ?? before.eventRetentionDays,
    };
    // Nothing changes: nothing is written, not even an audit entry.
    if (
      after.auditLogRetentionDays === before.auditLogRetentionDays &&
      after.eventRetentionDays === before.eventRetentionDays
    )
      return before;
    await tx.instanceSettings.upsert({
      where: { id: ID },
      create: { id: ID, ...after },
      update: after,
    });
    await recordAudit(tx, ctx, {
      action: "instance_settings.updated",
      targetType: "instance_settings",
      targetId: ID,
      data: { before, after },
    });
    return after;
  });
}
