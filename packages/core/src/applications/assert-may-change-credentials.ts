import type { Db, Prisma } from "@guildhall/db";
import { prismaStatement, sqlTable } from "@guildhall/db/sql";
import { managementApiScopeWhere } from "../api-resources/select.ts";
import { isAdminOrManagementApi, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";

const applications = sqlTable("Application");
const LOCK_APPLICATION_SQL = prismaStatement(
  `SELECT ${applications.col.id} FROM ${applications.ref} WHERE ${applications.col.id} = $1 FOR UPDATE`,
);

/**
 * A global role that grants any permission of the Management API. Today only the built-in
 * `Management API access` role can (no other role may be given its permission), but the
 * rule is about what a role grants, not what it is called.
 */
export const grantsManagementApiWhere = {
  scopes: { some: { scope: { resource: { scopes: { some: managementApiScopeWhere } } } } },
} satisfies Prisma.RoleWhereInput;

/** Whether the application holds a global role that grants the Management API. */
export async function holdsManagementApi(
  tx: Db | Prisma.TransactionClient,
  applicationId: string,
): Promise<boolean> {
  const row = await tx.applicationRole.findFirst({
    where: { applicationId, role: grantsManagementApiWhere },
    select: { roleId: true },
  });
  return row !== null;
}

/**
 * The privilege rule for applications: no caller may obtain or change a credential more
 * powerful than its own. An application that holds the Management API can do everything a
 * console admin can (reset an admin's password, make anyone an admin), so creating or
 * deleting its secrets, changing how long its tokens live, or deleting it is for console
 * admins, the system and Management API callers only. Collaborators keep full control of
 * every other application.
 *
 * Call it inside the transaction that makes the change, before making it: the application
 * row is locked first, so a concurrent grant of the Management API role (whose insert must
 * share-lock that row) is either seen here or waits until this change has committed.
 * `action` completes "Only console admins can … an application with Management API access".
 * @throws auth.forbidden
 */
export async function assertMayChangeCredentials(
  tx: Prisma.TransactionClient,
  ctx: ServiceContext,
  applicationId: string,
  action: string,
): Promise<void> {
  if (isAdminOrManagementApi(ctx.actor)) return;
  await tx.$queryRaw(LOCK_APPLICATION_SQL, applicationId);
  if (await holdsManagementApi(tx, applicationId)) {
    throw new DomainError(
      "auth.forbidden",
      `Only console admins can ${action} an application with Management API access: its credentials can do everything an admin can.`,
      { applicationId },
    );
  }
}
