import type { Prisma } from "@guildhall/db";
import { DomainError } from "../errors.ts";
import { apiResourceNotFound, managementApiScopeWhere } from "./select.ts";

/**
 * Loads the resource for a write and refuses the Management API: changing or deleting it
 * would break every machine-to-machine app that automates Guildhall (as in Logto, it is
 * neither deleted nor modified).
 * @throws api_resource.not_found, api_resource.management_api_protected
 */
export async function assertChangeableResource(
  tx: Prisma.TransactionClient,
  resourceId: string,
): Promise<void> {
  const resource = await tx.apiResource.findUnique({
    where: { id: resourceId },
    select: { scopes: { where: managementApiScopeWhere, select: { id: true }, take: 1 } },
  });
  if (!resource) throw apiResourceNotFound(resourceId);
  if (resource.scopes.length > 0) {
    throw new DomainError(
      "api_resource.management_api_protected",
      "The Management API is built in: it cannot be changed or deleted, and its permissions are fixed.",
      { id: resourceId },
    );
  }
}
