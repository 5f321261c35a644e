import { randomUUID } from "node:crypto";
import { sqlRunner, withSqlTransaction } from "@guildhall/db/sql-runner";
import { outboxRow } from "@guildhall/email";
import {
  BUILT_IN_PERMISSIONS,
  createInvitationInput,
  createInvitationsInput,
  DEFAULT_INVITATION_TTL_MS,
  type CreateInvitationInput,
  type CreateInvitationsInput,
  type CreateInvitationsResult,
  type InvitationWithLink,
} from "@guildhall/validators";
import { assertCanManageTenant, assertAdminOrManagementApi, now } from "../context.ts";
import { DomainError, isDomainError } from "../errors.ts";
import { checkUserRoles, resolveUserRoles } from "../members/lookups.ts";
import { authorizeInOrganization } from "../organization-access/authorize-in-organization.ts";
import { assertMayGrantRoles } from "../organization-access/role-grants.ts";
import { organizationNotFound } from "../organizations/select.ts";
import { parseInput } from "../parse.ts";
import { isForeignKeyViolation, isUniqueViolation } from "../prisma-errors.ts";
import { userNotFound } from "../users/get-user.ts";
import { expireHeldPendingKey, insertInvitation, readInvitationInputs } from "./create-sql.ts";
import { assertEmailsBelowLimit, emailSealer, renderInvitationEmail } from "./email.ts";
import { recordExpired } from "./expire-invitations.ts";
import { invitationRowOf } from "./row-sql.ts";
import { actorUserId, pendingKeyOf, toInvitation, type InvitationContext } from "./select.ts";
import { generateInvitationToken, hashInvitationToken, invitationLink } from "./token.ts";

const PENDING_KEY_INDEX = "organization_invitations_pendingKey_key";

/**
 * Invites an email address into an organization (with organization roles) or into the
 * console (with a console role), and queues the email with the link. The invitation, its
 * roles and the outbox row are written in one transaction: there is never an invitation
 * whose email was lost, nor an email for an invitation that does not exist.
 *
 * The link (`${baseUrl}/invite/<token>`, 32 random bytes) is returned once; only its
 * SHA-256 is stored, and the email that carries it is sealed in the outbox with the
 * instance secret (`ctx.instanceSecret`, required to send the email).
 * @throws organization.not_found, member.role_not_found, member.role_type_mismatch,
 *   invitation.already_member, invitation.pending_exists, rate_limited, guard.invalid_input
 */
export async function createInvitation(
  ctx: InvitationContext,
  input: CreateInvitationInput,
): Promise<InvitationWithLink> {
  // Authorize before validating, so a caller without rights learns nothing from the answer
  // (a member is authorized for the organization they name, once the input says which).
  if (ctx.actor.type !== "user") assertCanManageTenant(ctx);
  const data = parseInput(createInvitationInput, input);
  const organizationId = data.organizationId ?? null;
  // A console invitation is a console role in waiting: admins only, like the role itself.
  if (!organizationId)
    assertAdminOrManagementApi(ctx, "Only console admins can invite people to the console.");
  const at = now(ctx);
  const inviterId = data.inviterId === undefined ? actorUserId(ctx.actor) : data.inviterId;
  // The authorization and the inputs are read at once, on two connections (one wait instead
  // of two); nothing read is used, or told, before the authorization passed.
  const [authorized, inputs] = await Promise.allSettled([
    organizationId
      ? authorizeInOrganization(ctx, organizationId, BUILT_IN_PERMISSIONS.membersInvite)
      : null,
    readInvitationInputs(ctx.db, {
      organizationId,
      roleIds: [...new Set(data.organizationRoleIds)],
      inviterId,
      invitee: data.invitee,
      at,
      countEmails: data.sendEmail,
    }),
  ]);
  if (authorized.status === "rejected") throw toError(authorized.reason);
  const access = authorized.value;
  // A member invites in their own name, never someone else's.
  if (access?.member && data.inviterId !== undefined && data.inviterId !== access.member.userId)
    throw new DomainError(
      "auth.forbidden",
      "Members invite in their own name: leave out inviterId.",
    );
  const expiresAt = data.expiresAt ?? new Date(at.getTime() + DEFAULT_INVITATION_TTL_MS);
  if (expiresAt.getTime() <= at.getTime()) {
    throw new DomainError("guard.invalid_input", "expiresAt: The expiry must be in the future", {
      issues: [{ path: ["expiresAt"], message: "The expiry must be in the future" }],
    });
  }
  if (inputs.status === "rejected") throw toError(inputs.reason);
  const known = inputs.value;
  const { organization, inviter } = known;
  if (organizationId && !organization) throw organizationNotFound(organizationId);
  const roles = checkUserRoles(known.roles, { ids: [...new Set(data.organizationRoleIds)] });
  // An invitation is a role grant in waiting: no more than the inviter could grant now.
  // (checkUserRoles found every role asked for, so the roles read are exactly those.)
  if (access) await assertMayGrantRoles(ctx.db, access, known.roles);
  if (data.inviterId && !inviter) throw userNotFound(data.inviterId);
  if (data.sendEmail) assertEmailsBelowLimit(data.invitee, known.emailsSent);

  const sealer = data.sendEmail ? emailSealer(ctx) : undefined;
  const token = generateInvitationToken();
  const link = invitationLink(data.baseUrl, token);
  const rendered = data.sendEmail
    ? await renderInvitationEmail({
        invitee: data.invitee,
        link,
        expiresAt,
        inviter,
        organization,
        consoleRole: data.consoleRole ?? null,
        roles: roles.map((r) => r.name),
      })
    : null;
  const pendingKey = pendingKeyOf(organizationId, data.invitee);

  const id = randomUUID();
  const invitation = {
    id,
    organizationId,
    consoleRole: organizationId ? null : (data.consoleRole ?? null),
    inviterId: inviter?.id ?? null,
    invitee: data.invitee,
    tokenHash: hashInvitationToken(token),
    pendingKey,
    expiresAt,
    messagePayload: data.messagePayload ?? null,
    roleIds: roles.map((r) => r.id),
  };
  // The link travels sealed; the outbox keeps it readable only as `/invite/…`.
  const beside = {
    email: rendered
      ? outboxRow(
          { kind: rendered.kind, to: data.invitee, ...rendered.email, invitationId: id },
          sealer,
        )
      : null,
    ctx,
    audit: {
      action: "invitation.created",
      targetType: "invitation",
      targetId: id,
      organizationId,
      data: {
        invitee: data.invitee,
        organizationRoleIds: invitation.roleIds,
        consoleRole: invitation.consoleRole,
        emailed: Boolean(rendered),
      },
    },
  };

  try {
    // One statement writes it all (see insertInvitation): no transaction block needed.
    const row =
      (await insertInvitation(sqlRunner(ctx.db), invitation, beside)) ??
      // The pending key is held: by an invitation past its expiry that nothing marked yet
      // (mark it now, reported like the expiry sweep does, and write again), or by a live one.
      (await withSqlTransaction(ctx.db, async (tx) => {
        const expired = await expireHeldPendingKey(tx, pendingKey, at);
        if (expired.length === 0) throw pendingExists(data.invitee, organizationId);
        await recordExpired(tx, ctx, expired);
        const created = await insertInvitation(tx, invitation, beside);
        if (!created) throw pendingExists(data.invitee, organizationId);
        return created;
      }));
    if (rendered) ctx.onEmailQueued?.();
    // The rest of the row is what was just written, read before the write.
    const written = invitationRowOf({
      ...row,
      organization: organization && { id: organization.id, name: organization.name },
      inviter,
      roles: roles.map((role) => ({ role })),
    });
    return { invitation: toInvitation(written, at), link };
  } catch (error) {
    if (isUniqueViolation(error, PENDING_KEY_INDEX))
      throw pendingExists(data.invitee, organizationId);
    if (isForeignKeyViolation(error)) {
      // Something was deleted meanwhile: say what.
      if (organizationId && !(await ctx.db.organization.count({ where: { id: organizationId } })))
        throw organizationNotFound(organizationId);
      await resolveUserRoles(ctx.db, { ids: roles.map((r) => r.id) });
    }
    throw error;
  }
}

const toError = (reason: unknown) => (reason instanceof Error ? reason : new Error(String(reason)));

function pendingExists(invitee: string, organizationId: string | null): DomainError {
  return new DomainError(
    "invitation.pending_exists",
    `${invitee} already has a pending invitation ${organizationId ? "to this organization" : "to the console"}. Resend or revoke it instead.`,
    { invitee, organizationId },
  );
}

/**
 * The console's invite form: one invitation per email, same roles and expiry. Each email
 * succeeds or fails on its own (an already-member does not stop the others).
 */
export async function createInvitations(
  ctx: InvitationContext,
  input: CreateInvitationsInput,
): Promise<CreateInvitationsResult> {
  assertCanManageTenant(ctx);
  const { invitees, ...rest } = parseInput(createInvitationsInput, input);
  const results: CreateInvitationsResult = [];
  for (const invitee of [...new Set(invitees)]) {
    try {
      results.push({
        invitee,
        result: await createInvitation(ctx, { ...rest, invitee }),
        error: null,
      });
    } catch (error) {
      // Input and permission problems are the same for every email: report them once.
      if (
        !isDomainError(error) ||
        [
          "guard.invalid_input",
          "auth.forbidden",
          "organization.not_found",
          "member.role_not_found",
          "member.role_type_mismatch",
        ].includes(error.code)
      )
        throw error;
      results.push({ invitee, result: null, error: { code: error.code, message: error.message } });
    }
  }
  return results;
}
