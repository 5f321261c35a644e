import type { Db, Prisma } from "@guildhall/db";
import {
  addJitEmailDomainInput,
  BUILT_IN_PERMISSIONS,
  listJitInput,
  removeJitEmailDomainInput,
  replaceJitEmailDomainsInput,
  type AddJitEmailDomainInput,
  type JitEmailDomain,
  type ListJitInput,
  type Paginated,
  type RemoveJitEmailDomainInput,
  type ReplaceJitEmailDomainsInput,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { authorizeInOrganization } from "../organization-access/authorize-in-organization.ts";
import { organizationNotFound } from "../organizations/select.ts";
import { parseInput } from "../parse.ts";
import { paginate } from "../shared/paginate.ts";
import {
  assertNotPublicEmailDomain,
  emailDomainOf,
  normalizeEmailDomain,
} from "../shared/email-domain.ts";
import { relationSet } from "../shared/relation-set.ts";
import { changeJitSet } from "./change-jit-set.ts";

/** An organization's JIT email domains. */
export const jitEmailDomains = relationSet({
  table: (tx) => tx.organizationJitEmailDomain,
  owner: ["organizationId"],
  related: "emailDomain",
});

async function checkDomains(_db: unknown, domains: string[]): Promise<void> {
  for (const domain of domains) assertNotPublicEmailDomain(domain, "jit.email_domain_public");
}

/**
 * The domain check for this caller. A member (`guildhall:domains:manage`) may only add the
 * domain of their own verified email: a domain is a claim on everyone whose address is
 * there, and nothing else proves the organization speaks for it (the vendor's console may add
 * any). Domains the organization already has may stay.
 */
function checkDomainsFor(ctx: ServiceContext, organizationId: string) {
  const { actor } = ctx;
  if (actor.type !== "user") return checkDomains;
  return async (db: Db | Prisma.TransactionClient, domains: string[]) => {
    await checkDomains(db, domains);
    // In sequence: `db` is the transaction's one connection.
    const user = await db.user.findUnique({
      where: { id: actor.userId },
      select: { email: true, emailVerifiedAt: true },
    });
    const held = await db.organizationJitEmailDomain.findMany({
      where: { organizationId },
      select: { emailDomain: true },
    });
    const own = user?.email && user.emailVerifiedAt ? emailDomainOf(user.email) : null;
    const kept = new Set(held.map((d) => d.emailDomain));
    const foreign = domains.filter((d) => d !== own && !kept.has(d));
    if (foreign.length === 0) return;
    throw new DomainError(
      "auth.forbidden",
      `You can only add the domain of your own verified email${own ? ` (${own})` : ""}; ask the vendor's console admins to add ${foreign.join(", ")}.`,
      { emailDomains: foreign },
    );
  };
}

/** Tenant managers, or a member holding `guildhall:domains:manage`. */
async function authorizeDomains(ctx: ServiceContext, organizationId: string): Promise<void> {
  await authorizeInOrganization(ctx, organizationId, BUILT_IN_PERMISSIONS.domainsManage);
}

/** The stored form, shared with SSO connectors' domains (internationalized names in punycode). */
function canonical(domains: string[]): string[] {
  return [...new Set(domains.map(normalizeEmailDomain))];
}

/**
 * An organization's JIT email domains, alphabetically.
 * @throws organization.not_found
 */
export async function listJitEmailDomains(
  ctx: ServiceContext,
  input: ListJitInput,
): Promise<Paginated<JitEmailDomain>> {
  if (ctx.actor.type !== "user") assertCanManageTenant(ctx);
  const { organizationId, page, pageSize } = parseInput(listJitInput, input);
  await authorizeDomains(ctx, organizationId);
  const where = { organizationId };
  return paginate(
    { page, pageSize },
    {
      rows: (p) =>
        ctx.db.organizationJitEmailDomain.findMany({
          where,
          select: { organizationId: true, emailDomain: true },
          orderBy: { emailDomain: "asc" },
          ...p,
        }),
      count: () => ctx.db.organizationJitEmailDomain.count({ where }),
      parent: {
        find: () =>
          ctx.db.organization.findUnique({ where: { id: organizationId }, select: { id: true } }),
        notFound: () => organizationNotFound(organizationId),
      },
    },
  );
}

/**
 * Adds an email domain (lower-cased): new users with a verified address there join the
 * organization. Adding one it has is harmless.
 * @throws organization.not_found, jit.email_domain_public, guard.invalid_input
 */
export async function addJitEmailDomain(
  ctx: ServiceContext,
  input: AddJitEmailDomainInput,
): Promise<JitEmailDomain> {
  if (ctx.actor.type !== "user") assertCanManageTenant(ctx);
  const { organizationId, ...given } = parseInput(addJitEmailDomainInput, input);
  await authorizeDomains(ctx, organizationId);
  const [emailDomain = ""] = canonical([given.emailDomain]);
  await changeJitSet(ctx, {
    organizationId,
    setting: "email_domains",
    set: jitEmailDomains,
    op: "assign",
    ids: [emailDomain],
    check: checkDomainsFor(ctx, organizationId),
  });
  return { organizationId, emailDomain };
}

/**
 * Makes the organization's email domains exactly these; an empty list removes them all.
 * @throws organization.not_found, jit.email_domain_public, guard.invalid_input
 */
export async function replaceJitEmailDomains(
  ctx: ServiceContext,
  input: ReplaceJitEmailDomainsInput,
): Promise<void> {
  if (ctx.actor.type !== "user") assertCanManageTenant(ctx);
  const { organizationId, emailDomains } = parseInput(replaceJitEmailDomainsInput, input);
  await authorizeDomains(ctx, organizationId);
  await changeJitSet(ctx, {
    organizationId,
    setting: "email_domains",
    set: jitEmailDomains,
    op: "replace",
    ids: canonical(emailDomains),
    check: checkDomainsFor(ctx, organizationId),
  });
}

/**
 * Removes an email domain. Members who joined through it stay members.
 * @throws organization.not_found, jit.email_domain_not_found
 */
export async function removeJitEmailDomain(
  ctx: ServiceContext,
  input: RemoveJitEmailDomainInput,
): Promise<void> {
  if (ctx.actor.type !== "user") assertCanManageTenant(ctx);
  const { organizationId, ...given } = parseInput(removeJitEmailDomainInput, input);
  await authorizeDomains(ctx, organizationId);
  // What is not a domain cannot be stored either: answered as not found, like any other.
  let emailDomain = given.emailDomain;
  try {
    emailDomain = normalizeEmailDomain(given.emailDomain);
  } catch {
    // keep it as given
  }
  await changeJitSet(
    ctx,
    {
      organizationId,
      setting: "email_domains",
      set: jitEmailDomains,
      op: "remove",
      ids: [emailDomain],
      check: checkDomains,
    },
    () =>
      new DomainError(
        "jit.email_domain_not_found",
        `"${emailDomain}" is not one of this organization's email domains.`,
        { organizationId, emailDomain },
      ),
  );
}
