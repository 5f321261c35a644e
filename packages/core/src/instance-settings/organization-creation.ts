import type { Db, Prisma } from "@guildhall/db";
import {
  ORGANIZATIONS_PER_USER,
  updateOrganizationCreationSettingsInput,
  type OrganizationCreationPolicy,
  type OrganizationCreationSettings,
  type UpdateOrganizationCreationSettingsInput,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import {
  assertAdminOrManagementApi,
  assertCanManageTenant,
  type ServiceContext,
} from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";

type Client = Db | Prisma.TransactionClient;
const ID = "default";

/** Until an admin opts in, only the console and the Management API create organizations. */
export const DEFAULT_ORGANIZATION_CREATION: OrganizationCreationSettings = {
  policy: "nobody",
  creationRoleId: null,
  creatorRoleId: null,
  limitPerUser: ORGANIZATIONS_PER_USER.default,
};

/** The settings as stored (or the defaults), without an authorization check. */
export async function readOrganizationCreationSettings(
  db: Client,
): Promise<OrganizationCreationSettings> {
  const row = await db.instanceSettings.findUnique({
    where: { id: ID },
    select: {
      organizationCreationPolicy: true,
      organizationCreationRoleId: true,
      organizationCreatorRoleId: true,
      organizationsPerUser: true,
    },
  });
  if (!row) return DEFAULT_ORGANIZATION_CREATION;
  return {
    policy: row.organizationCreationPolicy as OrganizationCreationPolicy,
    creationRoleId: row.organizationCreationRoleId,
    creatorRoleId: row.organizationCreatorRoleId,
    limitPerUser: row.organizationsPerUser,
  };
}

/** Who may create organizations themselves. Console members and the Management API may read it. */
export async function getOrganizationCreationSettings(
  ctx: ServiceContext,
): Promise<OrganizationCreationSettings> {
  assertCanManageTenant(ctx);
  return readOrganizationCreationSettings(ctx.db);
}

/**
 * Changes who may create organizations, the role creators get and the per-user limit.
 * Console admins and the Management API only: it decides who gets an organization role
 * (the creator role) without anyone granting it.
 * @throws auth.forbidden, guard.invalid_input, role.not_found, organization_role.not_found
 */
export async function updateOrganizationCreationSettings(
  ctx: ServiceContext,
  input: UpdateOrganizationCreationSettingsInput,
): Promise<OrganizationCreationSettings> {
  assertAdminOrManagementApi(ctx, "Only console admins can change who may create organizations.");
  const patch = parseInput(updateOrganizationCreationSettingsInput, input);
  return ctx.db.$transaction(async (tx) => {
    const before = await readOrganizationCreationSettings(tx);
    const after: OrganizationCreationSettings = { ...before };
    for (const key of Object.keys(patch) as (keyof OrganizationCreationSettings)[]) {
      if (patch[key] !== undefined) Object.assign(after, { [key]: patch[key] });
    }
    if (after.policy === "global_role" && !after.creationRoleId)
      throw new DomainError(
        "guard.invalid_input",
        "creationRoleId: Choose the global role a user needs to create organizations.",
        { issues: [{ path: ["creationRoleId"], message: "Choose a global role." }] },
      );
    if (after.creationRoleId && after.creationRoleId !== before.creationRoleId) {
      const role = await tx.role.findUnique({
        where: { id: after.creationRoleId },
        select: { type: true },
      });
      if (role?.type !== "User")
        throw new DomainError(
          "role.not_found",
          `There is no user role with id ${after.creationRoleId}.`,
          { id: after.creationRoleId },
        );
    }
    if (after.creatorRoleId && after.creatorRoleId !== before.creatorRoleId) {
      const role = await tx.organizationRole.findUnique({
        where: { id: after.creatorRoleId },
        select: { type: true },
      });
      if (role?.type !== "User")
        throw new DomainError(
          "organization_role.not_found",
          `There is no organization role for users with id ${after.creatorRoleId}.`,
          { id: after.creatorRoleId },
        );
    }
    const columns = {
      organizationCreationPolicy: after.policy,
      organizationCreationRoleId: after.creationRoleId,
      organizationCreatorRoleId: after.creatorRoleId,
      organizationsPerUser: after.limitPerUser,
    };
    await tx.instanceSettings.upsert({
      where: { id: ID },
      create: { id: ID, ...columns },
      update: columns,
    });
    await recordAudit(tx, ctx, {
      action: "instance_settings.organization_creation_updated",
      targetType: "instance_settings",
      targetId: ID,
      data: { before, after },
    });
    return after;
  });
}
