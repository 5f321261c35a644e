import type { Prisma } from "@guildhall/db";
import type { OrganizationApplication } from "@guildhall/validators";
import { applicationSelect } from "../applications/select.ts";

export const organizationApplicationSelect = {
  createdAt: true,
  application: { select: applicationSelect },
  roles: {
    select: { role: { select: { id: true, name: true } } },
    orderBy: { role: { name: "asc" } },
  },
} satisfies Prisma.OrganizationApplicationSelect;

type Row = Prisma.OrganizationApplicationGetPayload<{
  select: typeof organizationApplicationSelect;
}>;

export function toOrganizationApplication(row: Row): OrganizationApplication {
  return {
    ...row.application,
    organizationRoles: row.roles.map((r) => r.role),
    addedAt: row.createdAt,
  };
}
