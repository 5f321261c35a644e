import { preparedSql, sqlRunner } from "@guildhall/db/sql-runner";
import { id as idSchema, type OrganizationWithCounts } from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import {
  ANY_MEMBER,
  authorizeInOrganization,
} from "../organization-access/authorize-in-organization.ts";
import { parseInput } from "../parse.ts";
import { ORGANIZATION_COLUMNS, organizationTable } from "./list-organizations.ts";
import { organizationNotFound, toOrganization, type OrganizationRow } from "./select.ts";

const GET_SQL = preparedSql(
  `SELECT ${ORGANIZATION_COLUMNS} FROM ${organizationTable.ref} WHERE ${organizationTable.col.id} = $1`,
);

/** Tenant managers, or any member of the organization. @throws organization.not_found, auth.forbidden */
export async function getOrganization(
  ctx: ServiceContext,
  { id }: { id: string },
): Promise<OrganizationWithCounts> {
  if (ctx.actor.type !== "user") assertCanManageTenant(ctx);
  const organizationId = parseInput(idSchema, id);
  await authorizeInOrganization(ctx, organizationId, ANY_MEMBER);
  const [row] = await sqlRunner(ctx.db).rows<OrganizationRow & { memberCount: number }>(GET_SQL, [
    organizationId,
  ]);
  if (!row) throw organizationNotFound(organizationId);
  const { memberCount, ...rest } = row;
  return { ...toOrganization(rest), memberCount };
}
