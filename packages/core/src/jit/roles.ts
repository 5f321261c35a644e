import type { Db, Prisma } from "@guildhall/db";
import {
  addJitRolesInput,
  listJitInput,
  removeJitRoleInput,
  replaceJitRolesInput,
  type AddJitRolesInput,
  type ListJitInput,
  type OrganizationRoleWithPermissions,
  type Paginated,
  type RemoveJitRoleInput,
  type ReplaceJitRolesInput,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { organizationRoleSelect, toOrganizationRole } from "../organization-roles/select.ts";
import { organizationNotFound } from "../organizations/select.ts";
import { parseInput } from "../parse.ts";
import { paginate } from "../shared/paginate.ts";
import { relationSet } from "../shared/relation-set.ts";
import { changeJitSet } from "./change-jit-set.ts";

/** An organization's default roles: what a user provisioned just in time holds. */
export const jitRoles = relationSet({
  table: (tx) => tx.organizationJitRole,
  owner: ["organizationId"],
  related: "roleId",
});

/**
 * Default roles are given to users, so they must be organization roles of type User.
 * @throws jit.role_not_found, member.role_type_mismatch
 */
async function checkRoles(db: Db | Prisma.TransactionClient, roleIds: string[]): Promise<void> {
  if (roleIds.length === 0) return;
  const roles = await db.organizationRole.findMany({
    where: { id: { in: roleIds } },
    select: { id: true, name: true, type: true },
  });
  const missing = roleIds.filter((id) => !roles.some((r) => r.id === id));
  if (missing.length) {
    throw new DomainError(
      "jit.role_not_found",
      `No organization role has id ${missing.map((id) => `"${id}"`).join(", ")}.`,
      { organizationRoleIds: missing },
    );
  }
  const machine = roles.filter((r) => r.type !== "User");
  if (machine.length) {
    throw new DomainError(
      "member.role_type_mismatch",
      `${machine.map((r) => `"${r.name}"`).join(", ")}: default roles are given to users, so they must be user roles, not machine-to-machine roles.`,
      { organizationRoleIds: machine.map((r) => r.id) },
    );
  }
}

/**
 * An organization's default roles, by name.
 * @throws organization.not_found
 */
export async function listJitRoles(
  ctx: ServiceContext,
  input: ListJitInput,
): Promise<Paginated<OrganizationRoleWithPermissions>> {
  assertCanManageTenant(ctx);
  const { organizationId, page, pageSize } = parseInput(listJitInput, input);
  const where = { jitRoles: { some: { organizationId } } };
  return paginate(
    { page, pageSize },
    {
      rows: (p) =>
        ctx.db.organizationRole.findMany({
          where,
          select: organizationRoleSelect,
          orderBy: [{ name: "asc" }, { id: "asc" }],
          ...p,
        }),
      count: () => ctx.db.organizationJitRole.count({ where: { organizationId } }),
      toItem: toOrganizationRole,
      parent: {
        find: () =>
          ctx.db.organization.findUnique({ where: { id: organizationId }, select: { id: true } }),
        notFound: () => organizationNotFound(organizationId),
      },
    },
  );
}

/**
 * Adds default roles; roles already among them stay.
 * @throws organization.not_found, jit.role_not_found, member.role_type_mismatch
 */
export async function addJitRoles(ctx: ServiceContext, input: AddJitRolesInput): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, organizationRoleIds } = parseInput(addJitRolesInput, input);
  await changeJitSet(ctx, {
    organizationId,
    setting: "roles",
    set: jitRoles,
    op: "assign",
    ids: organizationRoleIds,
    check: checkRoles,
  });
}

/**
 * Makes the default roles exactly these; an empty list removes them all. Members already
 * provisioned keep the roles they were given.
 * @throws organization.not_found, jit.role_not_found, member.role_type_mismatch
 */
export async function replaceJitRoles(
  ctx: ServiceContext,
  input: ReplaceJitRolesInput,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, organizationRoleIds } = parseInput(replaceJitRolesInput, input);
  await changeJitSet(ctx, {
    organizationId,
    setting: "roles",
    set: jitRoles,
    op: "replace",
    ids: organizationRoleIds,
    check: checkRoles,
  });
}

/**
 * Removes a default role. Members keep the role if they hold it.
 * @throws organization.not_found, jit.role_not_found (not one of the default roles)
 */
export async function removeJitRole(ctx: ServiceContext, input: RemoveJitRoleInput): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, organizationRoleId } = parseInput(removeJitRoleInput, input);
  await changeJitSet(
    ctx,
    {
      organizationId,
      setting: "roles",
      set: jitRoles,
      op: "remove",
      ids: [organizationRoleId],
      check: checkRoles,
    },
    () =>
      new DomainError(
        "jit.role_not_found",
        `The role "${organizationRoleId}" is not one of this organization's default roles.`,
        { organizationId, organizationRoleId },
      ),
  );
}
