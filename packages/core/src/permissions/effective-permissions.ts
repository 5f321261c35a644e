import { sqlTable, type SqlTable } from "@guildhall/db/sql";

/**
 * Who holds organization roles: a user as a member, or a machine-to-machine application
 * added to the organization. Both hold roles of the one template, so they hold permissions
 * the same way.
 */
export type PermissionHolder = "user" | "application";

const memberRoles = sqlTable("OrganizationMemberRole", "gh_hr");
const applicationRoles = sqlTable("OrganizationApplicationRole", "gh_hr");
const holderRoles = {
  user: { ...memberRoles, holderId: memberRoles.col.userId },
  application: { ...applicationRoles, holderId: applicationRoles.col.applicationId },
};
const rp = sqlTable("OrganizationRolePermission", "gh_rp");
const p = sqlTable("OrganizationPermission", "gh_p");
const r = sqlTable("OrganizationRole", "gh_r");

export interface EffectivePermissionsSql {
  /**
   * `FROM ... JOIN ... WHERE ...`: one row per (holding, role, permission). Append GROUP BY
   * or ORDER BY, select from it, or use it as a subquery.
   */
  from: string;
  /** The holder's columns: organization id, and user id or application id. */
  holder: { organizationId: string; id: string; roleId: string };
  /** The permission's columns (`gh_p."name"`, ...). */
  permission: SqlTable<"OrganizationPermission">["col"];
  /** The role's columns, joined only when `withRole` is set (it costs a join). */
  role: SqlTable<"OrganizationRole">["col"];
}

/**
 * The effective-permission join, written once: the roles a holder has in an organization
 * (`organization_member_roles` or `organization_application_roles`), the permissions those
 * roles hold in the template (`organization_role_permissions`), and the permissions
 * themselves. Read at call time, so a template change is effective everywhere at once.
 *
 * The arguments are SQL expressions, not values: placeholders (`$1`), or columns of an
 * enclosing statement (the token endpoint correlates it with its own rows). Call it at
 * module load and keep the statement as a constant, so prepared statements stay prepared.
 * Aliases start with `gh_` so they cannot clash with the enclosing statement's.
 * @example
 * const ep = effectivePermissionsSql("user", { organizationId: "$1", holderId: "$2" });
 * const SQL = `SELECT DISTINCT ${ep.permission.name} ${ep.from} ORDER BY 1`;
 */
export function effectivePermissionsSql(
  holder: PermissionHolder,
  where: { organizationId?: string; holderId?: string; permissionId?: string },
  { withRole = false }: { withRole?: boolean } = {},
): EffectivePermissionsSql {
  const hr = holderRoles[holder];
  const { holderId } = hr;
  const conditions = [
    where.organizationId === undefined
      ? null
      : `${hr.col.organizationId} = ${where.organizationId}`,
    where.holderId === undefined ? null : `${holderId} = ${where.holderId}`,
    where.permissionId === undefined ? null : `${rp.col.permissionId} = ${where.permissionId}`,
  ].filter((c) => c !== null);
  if (conditions.length === 0)
    throw new Error("effectivePermissionsSql needs at least one condition.");
  return {
    from: [
      `FROM ${hr.ref}`,
      withRole ? `JOIN ${r.ref} ON ${r.col.id} = ${hr.col.roleId}` : null,
      `JOIN ${rp.ref} ON ${rp.col.roleId} = ${hr.col.roleId}`,
      `JOIN ${p.ref} ON ${p.col.id} = ${rp.col.permissionId}`,
      `WHERE ${conditions.join(" AND ")}`,
    ]
      .filter((line) => line !== null)
      .join("\n"),
    holder: { organizationId: hr.col.organizationId, id: holderId, roleId: hr.col.roleId },
    permission: p.col,
    role: r.col,
  };
}

const ras = sqlTable("OrganizationRoleApiScope", "gh_ras");
const s = sqlTable("ApiScope", "gh_s");
const res = sqlTable("ApiResource", "gh_res");

export interface EffectiveResourceScopesSql {
  /** `FROM ... JOIN ... WHERE ...`: one row per (holding, role, API permission). */
  from: string;
  /** The holder's columns: organization id, and user id or application id. */
  holder: { organizationId: string; id: string; roleId: string };
  /** The API permission's columns (`gh_s."name"`, ...). */
  scope: SqlTable<"ApiScope">["col"];
  /** The API resource's columns (`gh_res."indicator"`, ...). */
  resource: SqlTable<"ApiResource">["col"];
}

/**
 * The same join as {@link effectivePermissionsSql}, for API resource permissions: the roles
 * a holder has in an organization, the API permissions those roles hold in the template
 * (`organization_role_api_scopes`), and the API resource they belong to. This is what an
 * organization-scoped token for an API carries (Logto's "organization-level API
 * resources"); global roles are not part of it. Same contract: SQL expressions in, built
 * once at module load, aliases starting with `gh_`.
 * @example
 * const ers = effectiveResourceScopesSql("user", { organizationId: "$1", holderId: "$2", indicator: "$3" });
 * const SQL = `SELECT DISTINCT ${ers.scope.name} ${ers.from} ORDER BY 1`;
 */
export function effectiveResourceScopesSql(
  holder: PermissionHolder,
  where: { organizationId: string; holderId: string; indicator?: string; resourceId?: string },
): EffectiveResourceScopesSql {
  const hr = holderRoles[holder];
  const conditions = [
    `${hr.col.organizationId} = ${where.organizationId}`,
    `${hr.holderId} = ${where.holderId}`,
    where.indicator === undefined ? null : `${res.col.indicator} = ${where.indicator}`,
    where.resourceId === undefined ? null : `${s.col.resourceId} = ${where.resourceId}`,
  ].filter((c) => c !== null);
  return {
    from: [
      `FROM ${hr.ref}`,
      `JOIN ${ras.ref} ON ${ras.col.organizationRoleId} = ${hr.col.roleId}`,
      `JOIN ${s.ref} ON ${s.col.id} = ${ras.col.scopeId}`,
      `JOIN ${res.ref} ON ${res.col.id} = ${s.col.resourceId}`,
      `WHERE ${conditions.join(" AND ")}`,
    ].join("\n"),
    holder: { organizationId: hr.col.organizationId, id: hr.holderId, roleId: hr.col.roleId },
    scope: s.col,
    resource: res.col,
  };
}
