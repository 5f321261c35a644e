import type { Prisma } from "@guildhall/db";
import { DomainError } from "../errors.ts";

/** Fails with the ids that do not exist, so the caller can say exactly what to fix. */
export async function assertPermissionsExist(
  tx: Prisma.TransactionClient,
  ids: string[],
): Promise<void> {
  if (ids.length === 0) return;
  const unique = [...new Set(ids)];
  const found = await tx.organizationPermission.findMany({
    where: { id: { in: unique } },
    select: { id: true },
  });
  if (found.length === unique.length) return;
  const known = new Set(found.map((p) => p.id));
  const missing = unique.filter((id) => !known.has(id));
  throw new DomainError(
    "organization_role.permission_not_found",
    `Unknown organization permission id(s): ${missing.join(", ")}.`,
    { missing },
  );
}
