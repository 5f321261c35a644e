import type { Db, Prisma } from "@guildhall/db";
import { sqlTable } from "@guildhall/db/sql";
import { preparedSql, sqlRunner } from "@guildhall/db/sql-runner";
import type { BuiltInPermission } from "@guildhall/validators";
import type { ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { effectivePermissionsSql } from "../permissions/effective-permissions.ts";

type Client = Db | Prisma.TransactionClient;

/**
 * How far a caller reaches in one organization. `member` is null for tenant managers
 * (console members, the Management API, the system): the template does not limit them.
 * Otherwise the caller is a member acting in their own organization, with the permissions
 * the template gives their roles there, read now (not from a token: a demotion counts at once).
 */
export interface OrganizationAccess {
  organizationId: string;
  member: { userId: string; permissions: ReadonlySet<string> } | null;
}

/** What a member may do without any built-in permission: read their organization, leave it. */
export const ANY_MEMBER = "member" as const;

const u = sqlTable("User", "u");
const m = sqlTable("OrganizationMember", "m");
// The arguments are bound once, in `args`, and referred to by column.
const held = effectivePermissionsSql("user", {
  organizationId: `args."organizationId"`,
  holderId: `args."userId"`,
});
// One round trip: is the user there and active, are they a member, and what do they hold.
// A named prepared statement on the pool: it runs before every organization API call.
const MEMBER_ACCESS_SQL = preparedSql(`
  SELECT ${u.col.suspendedAt} IS NOT NULL AS "isSuspended",
         EXISTS (SELECT 1 FROM ${m.ref} WHERE ${m.col.organizationId} = args."organizationId" AND ${m.col.userId} = args."userId") AS "isMember",
         array(SELECT DISTINCT ${held.permission.name} ${held.from}) AS permissions
  FROM (SELECT $1::text AS "organizationId", $2::text AS "userId") AS args
  JOIN ${u.ref} ON ${u.col.id} = args."userId"`);

type AccessRow = { isSuspended: boolean; isMember: boolean; permissions: string[] };

function forbidden(message: string, data?: Record<string, unknown>): DomainError {
  return new DomainError("auth.forbidden", message, data);
}

/**
 * The one check behind everything a member does to their own organization (organization
 * API, hosted portal, `@guildhall/react`): tenant managers pass; a user must be an active
 * member of this organization whose roles hold `permission` now; a user calling with an
 * organization token must also present it for this organization with `permission` in its
 * `scope`. Every refusal is the same 403 whether or not the organization exists, so an
 * outsider learns nothing about other organizations.
 * @throws auth.forbidden, user.suspended
 */
export async function authorizeInOrganization(
  ctx: ServiceContext,
  organizationId: string,
  permission: BuiltInPermission | typeof ANY_MEMBER,
  db: Client = ctx.db,
): Promise<OrganizationAccess> {
  const { actor } = ctx;
  if (actor.type !== "user") return { organizationId, member: null };
  const token = actor.organizationToken;
  if (token) {
    if (token.organizationId !== organizationId)
      throw forbidden(
        "This organization token is for another organization: get one for the organization in the path.",
      );
    if (permission !== ANY_MEMBER && !token.scopes.includes(permission))
      throw forbidden(
        `The organization token does not carry ${permission}: ask for it in \`scope\` when getting the token (you must hold it in this organization).`,
        { missingScopes: [permission] },
      );
  }
  // On the caller's transaction when given one: its connection sees its writes.
  const [row] = await sqlRunner(db).rows<AccessRow>(MEMBER_ACCESS_SQL, [
    organizationId,
    actor.userId,
  ]);
  if (row?.isSuspended) throw new DomainError("user.suspended", "This account is suspended.");
  if (!row?.isMember) throw forbidden("You are not a member of this organization.");
  const permissions = new Set(row.permissions);
  if (permission !== ANY_MEMBER && !permissions.has(permission))
    throw forbidden(
      `Your roles in this organization do not give you ${permission}. An admin of the organization can give you a role that holds it.`,
      { missingScopes: [permission] },
    );
  return { organizationId, member: { userId: actor.userId, permissions } };
}
