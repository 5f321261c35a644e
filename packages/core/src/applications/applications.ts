import type { Prisma } from "@guildhall/db";
import {
  createApplicationInput,
  createApplicationSecretInput,
  id as idSchema,
  listApplicationsInput,
  updateApplicationInput,
  type Application,
  type ApplicationSecret,
  type CreateApplicationInput,
  type CreatedApplicationSecret,
  type ListApplicationsInput,
  type Paginated,
  type UpdateApplicationInput,
} from "@guildhall/validators";
import type { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { paginate } from "../shared/paginate.ts";
import { textSearch } from "../shared/search.ts";
import { notifyApplicationChanged } from "./application-changes.ts";
import { assertMayChangeCredentials } from "./assert-may-change-credentials.ts";
import { insertApplication } from "./insert-application.ts";
import { insertApplicationSecret } from "./secrets.ts";
import {
  applicationNotFound,
  applicationSecretSelect,
  applicationSelect,
  isConfidential,
} from "./select.ts";

function assertRedirectsFit(type: string, data: { redirectUris?: string[] }) {
  if (type === "MachineToMachine" && data.redirectUris && data.redirectUris.length > 0) {
    throw new DomainError(
      "guard.invalid_input",
      "Machine-to-machine applications do not sign users in, so they take no redirect URIs.",
      {
        issues: [
          { path: ["redirectUris"], message: "Must be empty for machine-to-machine applications" },
        ],
      },
    );
  }
}

/**
 * Registers an OIDC client. Traditional and machine-to-machine apps get a first secret,
 * returned here once and stored only as a hash.
 */
export async function createApplication(
  ctx: ServiceContext,
  input: CreateApplicationInput,
): Promise<{ application: Application; secret: CreatedApplicationSecret | null }> {
  assertCanManageTenant(ctx);
  const data = parseInput(createApplicationInput, input);
  assertRedirectsFit(data.type, data);
  return ctx.db.$transaction((tx) => insertApplication(tx, ctx, data));
}

export async function listApplications(
  ctx: ServiceContext,
  input: ListApplicationsInput = {},
): Promise<Paginated<Application>> {
  assertCanManageTenant(ctx);
  const { q, type, page, pageSize } = parseInput(listApplicationsInput, input);
  const where: Prisma.ApplicationWhereInput = {
    ...(type ? { type } : {}),
    ...textSearch(q, ["name"]),
  };
  return paginate(
    { page, pageSize },
    {
      rows: (pageArgs) =>
        ctx.db.application.findMany({
          where,
          select: applicationSelect,
          orderBy: [{ createdAt: "desc" }, { id: "asc" }],
          ...pageArgs,
        }),
      count: () => ctx.db.application.count({ where }),
    },
  );
}

/** @throws application.not_found */
export async function getApplication(
  ctx: ServiceContext,
  { id }: { id: string },
): Promise<Application & { secrets: ApplicationSecret[] }> {
  assertCanManageTenant(ctx);
  const applicationId = parseInput(idSchema, id);
  const row = await ctx.db.application.findUnique({
    where: { id: applicationId },
    select: {
      ...applicationSelect,
      secrets: { select: applicationSecretSelect, orderBy: { createdAt: "asc" } },
    },
  });
  if (!row) throw applicationNotFound(applicationId);
  return row;
}

/** Fields that only label an application; every other field configures its credentials. */
const labelFields = new Set(["name", "description"]);

/**
 * Changes the fields given. On an application with Management API access, anything beyond
 * its name and description (token lifetimes above all) is admin-only.
 * @throws application.not_found, auth.forbidden
 */
export async function updateApplication(
  ctx: ServiceContext,
  input: UpdateApplicationInput,
): Promise<Application> {
  assertCanManageTenant(ctx);
  const { id, ...data } = parseInput(updateApplicationInput, input);
  const application = await ctx.db.$transaction(async (tx) => {
    const current = await tx.application.findUnique({ where: { id }, select: { type: true } });
    if (!current) throw applicationNotFound(id);
    const changesCredentials = Object.entries<unknown>(data).some(
      ([key, value]) => value !== undefined && !labelFields.has(key),
    );
    if (changesCredentials)
      await assertMayChangeCredentials(tx, ctx, id, "change the token settings of");
    assertRedirectsFit(current.type, data);
    const updated = await tx.application.update({ where: { id }, data, select: applicationSelect });
    await recordAudit(tx, ctx, {
      action: "application.updated",
      targetType: "application",
      targetId: id,
      data: { fields: Object.keys(data) },
    });
    return updated;
  });
  notifyApplicationChanged(id);
  return application;
}

/**
 * Deletes the application, its secrets and its organization memberships. Deleting one with
 * Management API access is admin-only.
 * @throws application.not_found, auth.forbidden
 */
export async function deleteApplication(
  ctx: ServiceContext,
  { id }: { id: string },
): Promise<void> {
  assertCanManageTenant(ctx);
  const applicationId = parseInput(idSchema, id);
  await translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        await assertMayChangeCredentials(tx, ctx, applicationId, "delete");
        await tx.application.delete({ where: { id: applicationId } });
        // Tokens, grants and sessions issued to this client die with it.
        await tx.oidcModel.deleteMany({
          where: { payload: { path: ["clientId"], equals: applicationId } },
        });
        await recordAudit(tx, ctx, {
          action: "application.deleted",
          targetType: "application",
          targetId: applicationId,
        });
      }),
    { notFound: () => applicationNotFound(applicationId) },
  );
  notifyApplicationChanged(applicationId);
}

/**
 * Adds a secret (rotation: add a new one, move clients over, delete the old). Shown once.
 * For an application with Management API access, admin-only: the secret would be a
 * Management API credential.
 * @throws application.not_found, application.no_secrets, auth.forbidden
 */
export async function createApplicationSecret(
  ctx: ServiceContext,
  input: z.input<typeof createApplicationSecretInput>,
): Promise<CreatedApplicationSecret> {
  assertCanManageTenant(ctx);
  const data = parseInput(createApplicationSecretInput, input);
  return ctx.db.$transaction(async (tx) => {
    const app = await tx.application.findUnique({
      where: { id: data.applicationId },
      select: { type: true },
    });
    if (!app) throw applicationNotFound(data.applicationId);
    await assertMayChangeCredentials(tx, ctx, data.applicationId, "create secrets for");
    if (!isConfidential(app.type)) {
      throw new DomainError(
        "application.no_secrets",
        `${app.type} applications are public clients and cannot have secrets.`,
      );
    }
    const secret = await insertApplicationSecret(tx, data);
    await recordAudit(tx, ctx, {
      action: "application.secret_created",
      targetType: "application",
      targetId: data.applicationId,
      data: { secretId: secret.id },
    });
    return secret;
  });
}

/**
 * Deletes a secret; clients using it can no longer get tokens. For an application with
 * Management API access, admin-only (it would cut off the automation that uses it).
 * @throws application.secret_not_found, auth.forbidden
 */
export async function deleteApplicationSecret(
  ctx: ServiceContext,
  { applicationId, secretId }: { applicationId: string; secretId: string },
): Promise<void> {
  assertCanManageTenant(ctx);
  await ctx.db.$transaction(async (tx) => {
    await assertMayChangeCredentials(tx, ctx, applicationId, "delete secrets of");
    const { count } = await tx.applicationSecret.deleteMany({
      where: { id: secretId, applicationId },
    });
    if (count === 0) {
      throw new DomainError(
        "application.secret_not_found",
        `Application "${applicationId}" has no secret "${secretId}".`,
      );
    }
    await recordAudit(tx, ctx, {
      action: "application.secret_deleted",
      targetType: "application",
      targetId: applicationId,
      data: { secretId },
    });
  });
}
