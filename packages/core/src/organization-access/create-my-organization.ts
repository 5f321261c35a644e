import {
  createMyOrganizationInput,
  type CreateMyOrganizationInput,
  type Organization,
} from "@guildhall/validators";
import { lockUser, selfUserId } from "../accounts/self.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { readOrganizationCreationSettings } from "../instance-settings/organization-creation.ts";
import { organizationSelect, toOrganization } from "../organizations/select.ts";
import { parseInput } from "../parse.ts";

/**
 * A user creates an organization and becomes its first member, with the creator role the
 * console set (the demo gives `admin`), in one transaction. Allowed by the instance's
 * policy (nobody, everyone, or holders of a global role) up to a per-user limit, counted
 * under a lock on the user so concurrent requests cannot pass it together.
 * @throws organization.creation_not_allowed, organization.creation_limit_reached,
 *   user.suspended, guard.invalid_input, auth.forbidden
 */
export async function createMyOrganization(
  ctx: ServiceContext,
  input: CreateMyOrganizationInput,
): Promise<Organization> {
  const userId = selfUserId(ctx);
  const data = parseInput(createMyOrganizationInput, input);
  return ctx.db.$transaction(async (tx) => {
    await lockUser(tx, userId);
    const settings = await readOrganizationCreationSettings(tx);
    const user = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { suspendedAt: true, _count: { select: { createdOrganizations: true } } },
    });
    if (user.suspendedAt) throw new DomainError("user.suspended", "This account is suspended.");
    // A deleted global role leaves the setting null: then nobody holds it.
    const { creationRoleId } = settings;
    const allowed =
      settings.policy === "everyone" ||
      (settings.policy === "global_role" &&
        creationRoleId !== null &&
        (await tx.userRole.count({ where: { userId, roleId: creationRoleId } })) > 0);
    if (!allowed)
      throw new DomainError(
        "organization.creation_not_allowed",
        settings.policy === "global_role"
          ? "Creating organizations needs a role you do not have; ask the app's administrators."
          : "This app does not let users create organizations; ask its administrators.",
      );
    if (user._count.createdOrganizations >= settings.limitPerUser)
      throw new DomainError(
        "organization.creation_limit_reached",
        `You have created ${user._count.createdOrganizations} organizations, the most one user may create here. Delete one or ask the app's administrators.`,
        { limit: settings.limitPerUser },
      );
    const row = await tx.organization.create({
      data: { name: data.name, description: data.description ?? null, createdById: userId },
      select: organizationSelect,
    });
    await tx.organizationMember.create({
      data: {
        organizationId: row.id,
        userId,
        ...(settings.creatorRoleId
          ? { roles: { create: { roleId: settings.creatorRoleId } } }
          : {}),
      },
    });
    await recordAudit(tx, ctx, {
      action: "organization.created",
      targetType: "organization",
      targetId: row.id,
      organizationId: row.id,
      data: { name: row.name, selfService: true },
    });
    await recordAudit(tx, ctx, {
      action: "member.added",
      targetType: "member",
      targetId: userId,
      organizationId: row.id,
      data: {
        userIds: [userId],
        organizationRoleIds: settings.creatorRoleId ? [settings.creatorRoleId] : [],
      },
    });
    return toOrganization(row);
  });
}
