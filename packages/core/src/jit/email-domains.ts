import {
  addJitEmailDomainInput,
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
import { organizationNotFound } from "../organizations/select.ts";
import { parseInput } from "../parse.ts";
import { paginate } from "../shared/paginate.ts";
import { assertNotPublicEmailDomain, normalizeEmailDomain } from "../shared/email-domain.ts";
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
  assertCanManageTenant(ctx);
  const { organizationId, page, pageSize } = parseInput(listJitInput, input);
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
  assertCanManageTenant(ctx);
  const { organizationId, ...given } = parseInput(addJitEmailDomainInput, input);
  const [emailDomain = ""] = canonical([given.emailDomain]);
  await changeJitSet(ctx, {
    organizationId,
    setting: "email_domains",
    set: jitEmailDomains,
    op: "assign",
    ids: [emailDomain],
    check: checkDomains,
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
  assertCanManageTenant(ctx);
  const { organizationId, emailDomains } = parseInput(replaceJitEmailDomainsInput, input);
  await changeJitSet(ctx, {
    organizationId,
    setting: "email_domains",
    set: jitEmailDomains,
    op: "replace",
    ids: canonical(emailDomains),
    check: checkDomains,
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
  assertCanManageTenant(ctx);
  const { organizationId, ...given } = parseInput(removeJitEmailDomainInput, input);
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
