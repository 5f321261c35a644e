import type { Prisma } from "@guildhall/db";
import { prismaStatement, sqlTable } from "@guildhall/db/sql";
import type { OrganizationSuggestion } from "@guildhall/validators";
import { selfUserId } from "../accounts/self.ts";
import type { ServiceContext } from "../context.ts";
import { storedBrandingOf } from "../organizations/select.ts";
import { emailDomainOf } from "../shared/email-domain.ts";

const d = sqlTable("OrganizationJitEmailDomain", "d");
const o = sqlTable("Organization", "o");
const m = sqlTable("OrganizationMember", "m");
const q = sqlTable("OrganizationMembershipRequest", "q");
// Organizations claiming the domain that the user is not a member of, with their request.
// The arguments are bound once, in `args` (a prismaStatement takes each placeholder once).
const SUGGESTIONS_SQL = prismaStatement(`
  SELECT ${o.col.id}, ${o.col.name}, ${o.col.description}, ${o.col.branding}, ${o.col.color},
         ${q.col.status}::text AS "requestStatus"
  FROM (SELECT $1::text AS "emailDomain", $2::text AS "userId") AS args
  JOIN ${d.ref} ON ${d.col.emailDomain} = args."emailDomain"
  JOIN ${o.ref} ON ${o.col.id} = ${d.col.organizationId}
  LEFT JOIN ${q.ref} ON ${q.col.organizationId} = ${o.col.id} AND ${q.col.userId} = args."userId"
  WHERE NOT EXISTS (SELECT 1 FROM ${m.ref} WHERE ${m.col.organizationId} = ${o.col.id} AND ${m.col.userId} = args."userId")
  ORDER BY ${o.col.name}, ${o.col.id}
  LIMIT 50`);

/** The domain of the user's verified email, or null: only a verified address proves a domain. */
export async function verifiedEmailDomain(
  db: Prisma.TransactionClient | ServiceContext["db"],
  userId: string,
): Promise<string | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { email: true, emailVerifiedAt: true, suspendedAt: true },
  });
  if (!user?.email || !user.emailVerifiedAt || user.suspendedAt) return null;
  try {
    return emailDomainOf(user.email);
  } catch {
    return null;
  }
}

/**
 * Organizations the caller may ask to join: those whose email domains include the domain of
 * the caller's verified email, that the caller is not a member of (Clerk's suggestions).
 * Empty without a verified email.
 * @throws auth.forbidden
 */
export async function listOrganizationSuggestions(
  ctx: ServiceContext,
): Promise<OrganizationSuggestion[]> {
  const userId = selfUserId(ctx);
  const domain = await verifiedEmailDomain(ctx.db, userId);
  if (!domain) return [];
  const rows = await ctx.db.$queryRaw<
    (Omit<OrganizationSuggestion, "branding" | "color"> & { branding: unknown; color: unknown })[]
  >(SUGGESTIONS_SQL, domain, userId);
  return rows.map((row) => ({ ...row, ...storedBrandingOf(row) }));
}
