import type { Db, Prisma } from "@guildhall/db";
import { DomainError } from "../errors.ts";
import { organizationNotFound } from "../organizations/select.ts";

type Client = Db | Prisma.TransactionClient;

/** @throws organization.not_found */
export async function assertOrganizationExists(db: Client, organizationId: string): Promise<void> {
  const found = await db.organization.findUnique({
    where: { id: organizationId },
    select: { id: true },
  });
  if (!found) throw organizationNotFound(organizationId);
}

/** @throws member.user_not_found, naming every id that is not a user */
export async function assertUsersExist(db: Client, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  const found = await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true } });
  const known = new Set(found.map((u) => u.id));
  const missing = userIds.filter((id) => !known.has(id));
  if (missing.length) {
    throw new DomainError("member.user_not_found", `No user has id ${quoteList(missing)}.`, {
      userIds: missing,
    });
  }
}

/**
 * The error for "not a member here", whoever the member is (users, applications):
 * organization.not_found when the organization itself is missing, `otherwise()` when it
 * exists. Only called on the error path, so the happy path pays for no extra query.
 */
export async function notAMember(
  db: Client,
  organizationId: string,
  otherwise: () => DomainError,
): Promise<DomainError> {
  const org = await db.organization.findUnique({
    where: { id: organizationId },
    select: { id: true },
  });
  return org ? otherwise() : organizationNotFound(organizationId);
}

/** The error for "these users are not members here". @see notAMember */
export async function memberNotFound(
  db: Client,
  organizationId: string,
  userIds: string[],
): Promise<DomainError> {
  return notAMember(
    db,
    organizationId,
    () =>
      new DomainError(
        "member.not_found",
        `${userIds.length === 1 ? "User" : "Users"} ${quoteList(userIds)} ${userIds.length === 1 ? "is" : "are"} not a member of this organization.`,
        { organizationId, userIds },
      ),
  );
}

/**
 * Why taking an organization role from a member (user or application) removed nothing,
 * once the caller has checked the member is one: there is no such role
 * (member.role_not_found, with `roleNotFoundData`), or the member does not hold it
 * (member.role_not_assigned, with `data`).
 */
export async function roleNotHeld(
  db: Client,
  {
    organizationRoleId,
    holder,
    data,
    roleNotFoundData,
  }: {
    organizationRoleId: string;
    holder: "member" | "application";
    data: Record<string, string>;
    roleNotFoundData: Record<string, unknown>;
  },
): Promise<DomainError> {
  const role = await db.organizationRole.findUnique({
    where: { id: organizationRoleId },
    select: { name: true },
  });
  if (!role) {
    return new DomainError(
      "member.role_not_found",
      `No organization role has id "${organizationRoleId}".`,
      roleNotFoundData,
    );
  }
  return new DomainError(
    "member.role_not_assigned",
    `This ${holder} does not hold the role "${role.name}".`,
    data,
  );
}

/** @throws member.not_found (or organization.not_found) */
export async function assertMember(
  db: Client,
  organizationId: string,
  userId: string,
): Promise<void> {
  const found = await db.organizationMember.findUnique({
    where: { organizationId_userId: { organizationId, userId } },
    select: { userId: true },
  });
  if (!found) throw await memberNotFound(db, organizationId, [userId]);
}

export interface ResolvedRole {
  id: string;
  name: string;
}

/**
 * Looks roles up by id and by name and checks they can be given to users.
 * @throws member.role_not_found (naming what is missing), member.role_type_mismatch
 */
export async function resolveUserRoles(
  db: Client,
  { ids, names }: { ids: string[]; names?: string[] },
): Promise<ResolvedRole[]> {
  const byName = names ?? [];
  if (ids.length === 0 && byName.length === 0) return [];
  const roles = await db.organizationRole.findMany({
    where: { OR: [{ id: { in: ids } }, { name: { in: byName } }] },
    select: { id: true, name: true, type: true },
  });
  return checkUserRoles(roles, { ids, names: byName });
}

/**
 * `resolveUserRoles` on roles already read (those found by the ids and names asked for).
 * @throws member.role_not_found, member.role_type_mismatch
 */
export function checkUserRoles(
  roles: readonly (ResolvedRole & { type: string })[],
  { ids, names: byName = [] }: { ids: string[]; names?: string[] },
): ResolvedRole[] {
  const missingIds = ids.filter((id) => !roles.some((r) => r.id === id));
  const missingNames = byName.filter((name) => !roles.some((r) => r.name === name));
  if (missingIds.length || missingNames.length) {
    const parts = [
      missingIds.length ? `id ${quoteList(missingIds)}` : null,
      missingNames.length ? `name ${quoteList(missingNames)}` : null,
    ].filter(Boolean);
    throw new DomainError(
      "member.role_not_found",
      `No organization role has ${parts.join(", or ")}.`,
      {
        roleIds: missingIds,
        roleNames: missingNames,
      },
    );
  }
  const machineRoles = roles.filter((r) => r.type === "MachineToMachine");
  if (machineRoles.length) {
    throw new DomainError(
      "member.role_type_mismatch",
      `${quoteList(machineRoles.map((r) => r.name))} ${machineRoles.length === 1 ? "is a machine-to-machine role" : "are machine-to-machine roles"}: only applications can hold ${machineRoles.length === 1 ? "it" : "them"}.`,
      { roleIds: machineRoles.map((r) => r.id) },
    );
  }
  return roles.map(({ id, name }) => ({ id, name }));
}

/**
 * After a foreign-key violation (a row deleted by someone else mid-write), finds what is
 * missing now and says so in domain terms. Runs outside the failed transaction.
 */
export async function explainMissing(
  db: Db,
  {
    organizationId,
    userIds = [],
    roleIds = [],
    members = false,
  }: {
    organizationId: string;
    userIds?: string[];
    roleIds?: string[];
    /** True when the rows reference memberships (member roles), not users. */
    members?: boolean;
  },
): Promise<DomainError> {
  try {
    await assertOrganizationExists(db, organizationId);
    if (members) {
      const found = await db.organizationMember.findMany({
        where: { organizationId, userId: { in: userIds } },
        select: { userId: true },
      });
      const missing = userIds.filter((id) => !found.some((m) => m.userId === id));
      if (missing.length) return await memberNotFound(db, organizationId, missing);
    } else {
      await assertUsersExist(db, userIds);
    }
    await resolveUserRoles(db, { ids: roleIds });
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  return new DomainError(
    "member.not_found",
    "The membership changed while it was being updated. Try again.",
    {
      organizationId,
    },
  );
}

function quoteList(values: string[]) {
  return values.map((v) => `"${v}"`).join(", ");
}
