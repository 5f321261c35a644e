import { getOutboxEmail, listOutbox, type EmailKind, type OutboxScope } from "@guildhall/email";
import {
  emailRef,
  listEmailsInput,
  type EmailRef,
  type ListEmailsInput,
  type OutboxEmail,
  type OutboxEmailSummary,
  type Paginated,
} from "@guildhall/validators";
import { assertCanManageTenant, isAdminOrManagementApi, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";

/**
 * The kinds of email a collaborator may see. An allowlist, so a new kind (a console-member
 * invitation, a password reset for an admin) is admin-only until someone decides otherwise:
 * even redacted, a console invitation tells who is about to become an admin.
 */
const COLLABORATOR_EMAIL_KINDS: readonly EmailKind[] = ["organization-invitation"];

/**
 * Which outbox rows the caller may see, read or retry: console admins (and the Management
 * API and the system) every email; collaborators organization emails only.
 * @throws auth.forbidden for end users
 */
export function emailScope(ctx: ServiceContext): OutboxScope {
  assertCanManageTenant(ctx);
  return isAdminOrManagementApi(ctx.actor) ? {} : { kinds: COLLABORATOR_EMAIL_KINDS };
}

export const emailNotFound = (id: string) =>
  new DomainError("email.not_found", `No email has id "${id}".`, { id });

/** The console's Emails page: the outbox the caller may see, newest first, without bodies. */
export async function listEmails(
  ctx: ServiceContext,
  input: ListEmailsInput = {},
): Promise<Paginated<OutboxEmailSummary>> {
  const scope = emailScope(ctx);
  return listOutbox(ctx.db, parseInput(listEmailsInput, input), scope);
}

/**
 * One outbox email with its readable bodies: for an email that carries a link, the copy
 * with the link replaced by `…` (the sealed email as sent is never returned).
 * @throws email.not_found (also for an email the caller may not see)
 */
export async function getEmail(ctx: ServiceContext, input: EmailRef): Promise<OutboxEmail> {
  const scope = emailScope(ctx);
  const { id } = parseInput(emailRef, input);
  const row = await getOutboxEmail(ctx.db, id, scope);
  if (!row) throw emailNotFound(id);
  return row;
}
