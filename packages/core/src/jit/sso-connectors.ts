import type { Db, Prisma } from "@guildhall/db";
import {
  addJitSsoConnectorsInput,
  listJitInput,
  removeJitSsoConnectorInput,
  replaceJitSsoConnectorsInput,
  type AddJitSsoConnectorsInput,
  type JitSsoConnector,
  type ListJitInput,
  type Paginated,
  type RemoveJitSsoConnectorInput,
  type ReplaceJitSsoConnectorsInput,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { organizationNotFound } from "../organizations/select.ts";
import { parseInput } from "../parse.ts";
import { paginate } from "../shared/paginate.ts";
import { relationSet } from "../shared/relation-set.ts";
import { changeJitSet } from "./change-jit-set.ts";

/** The SSO connectors whose users join an organization on their first sign-in. */
export const jitSsoConnectors = relationSet({
  table: (tx) => tx.organizationJitSsoConnector,
  owner: ["organizationId"],
  related: "ssoConnectorId",
});

// What a JIT list shows of a connector: never its config, which holds the sealed secret.
const jitSsoConnectorSelect = {
  id: true,
  providerName: true,
  connectorName: true,
  domains: true,
  createdAt: true,
} satisfies Prisma.SsoConnectorSelect;

/** @throws jit.sso_connector_not_found */
async function checkConnectors(db: Db | Prisma.TransactionClient, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await db.ssoConnector.findMany({
    where: { id: { in: ids } },
    select: { id: true },
  });
  const missing = ids.filter((id) => !found.some((c) => c.id === id));
  if (missing.length) {
    throw new DomainError(
      "jit.sso_connector_not_found",
      `No SSO connector has id ${missing.map((id) => `"${id}"`).join(", ")}.`,
      { ssoConnectorIds: missing },
    );
  }
}

/**
 * The SSO connectors linked to an organization, by name.
 * @throws organization.not_found
 */
export async function listJitSsoConnectors(
  ctx: ServiceContext,
  input: ListJitInput,
): Promise<Paginated<JitSsoConnector>> {
  assertCanManageTenant(ctx);
  const { organizationId, page, pageSize } = parseInput(listJitInput, input);
  return paginate(
    { page, pageSize },
    {
      rows: (p) =>
        ctx.db.ssoConnector.findMany({
          where: { organizations: { some: { organizationId } } },
          select: jitSsoConnectorSelect,
          orderBy: [{ connectorName: "asc" }, { id: "asc" }],
          ...p,
        }),
      count: () => ctx.db.organizationJitSsoConnector.count({ where: { organizationId } }),
      parent: {
        find: () =>
          ctx.db.organization.findUnique({ where: { id: organizationId }, select: { id: true } }),
        notFound: () => organizationNotFound(organizationId),
      },
    },
  );
}

/**
 * Links SSO connectors: their users join the organization on their first SSO sign-in.
 * Connectors already linked stay.
 * @throws organization.not_found, jit.sso_connector_not_found
 */
export async function addJitSsoConnectors(
  ctx: ServiceContext,
  input: AddJitSsoConnectorsInput,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, ssoConnectorIds } = parseInput(addJitSsoConnectorsInput, input);
  await changeJitSet(ctx, {
    organizationId,
    setting: "sso_connectors",
    set: jitSsoConnectors,
    op: "assign",
    ids: ssoConnectorIds,
    check: checkConnectors,
  });
}

/**
 * Makes the linked SSO connectors exactly these; an empty list unlinks them all.
 * @throws organization.not_found, jit.sso_connector_not_found
 */
export async function replaceJitSsoConnectors(
  ctx: ServiceContext,
  input: ReplaceJitSsoConnectorsInput,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, ssoConnectorIds } = parseInput(replaceJitSsoConnectorsInput, input);
  await changeJitSet(ctx, {
    organizationId,
    setting: "sso_connectors",
    set: jitSsoConnectors,
    op: "replace",
    ids: ssoConnectorIds,
    check: checkConnectors,
  });
}

/**
 * Unlinks an SSO connector. Members who joined through it stay members.
 * @throws organization.not_found, jit.sso_connector_not_found (not linked)
 */
export async function removeJitSsoConnector(
  ctx: ServiceContext,
  input: RemoveJitSsoConnectorInput,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, ssoConnectorId } = parseInput(removeJitSsoConnectorInput, input);
  await changeJitSet(
    ctx,
    {
      organizationId,
      setting: "sso_connectors",
      set: jitSsoConnectors,
      op: "remove",
      ids: [ssoConnectorId],
      check: checkConnectors,
    },
    () =>
      new DomainError(
        "jit.sso_connector_not_found",
        `The SSO connector "${ssoConnectorId}" is not linked to this organization.`,
        { organizationId, ssoConnectorId },
      ),
  );
}
