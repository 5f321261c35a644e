import type { Prisma } from "@guildhall/db";

type Contains = { contains: string; mode: Prisma.QueryMode };

/**
 * The list search every `q` means: part of any of `fields` (any case), or the exact id.
 * No `q`, no filter. Spread it into (or use it as) the model's where input.
 *
 * @example
 * const where: Prisma.RoleWhereInput = { type, ...textSearch(q, ["name", "description"]) };
 */
export function textSearch<Field extends string>(
  q: string | undefined,
  fields: readonly Field[],
): { OR?: Array<Partial<Record<Field, Contains>> | { id: string }> } {
  if (!q) return {};
  return {
    OR: [
      ...fields.map(
        (field) =>
          ({ [field]: { contains: q, mode: "insensitive" } }) as Partial<Record<Field, Contains>>,
      ),
      { id: q },
    ],
  };
}
