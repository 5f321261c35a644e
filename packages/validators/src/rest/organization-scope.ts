import type { z } from "zod";
import {
  createOrganizationPermissionInput,
  organizationPermission,
  updateOrganizationPermissionInput,
} from "../organization-permission.ts";

/** An organization permission, in Logto's words an "organization scope". */
export const restOrganizationScope = organizationPermission
  .pick({ id: true, name: true, description: true })
  .meta({ id: "OrganizationScope" });
export type RestOrganizationScope = z.output<typeof restOrganizationScope>;

export const restCreateOrganizationScopeBody = createOrganizationPermissionInput.pick({
  name: true,
  description: true,
});
export const restUpdateOrganizationScopeBody = updateOrganizationPermissionInput.pick({
  name: true,
  description: true,
});
