import { getOutboxEmail, listOutbox } from "@guildhall/email";
import {
  listEmailsInput,
  type ListEmailsInput,
  type OutboxEmail,
  type Paginated,
} from "@guildhall/validators";
import { z } from "zod";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";

type OutboxSummary = Omit<OutboxEmail, "html" | "text">;

/** The console's Emails page: the outbox, newest first, without bodies. */
export async function listEmails(ctx: ServiceContext, input: ListEmailsInput = {}): Promise<Paginated<OutboxSummary>> {
  assertCanManageTenant(ctx);
  return listOutbox(ctx.db, parseInput(listEmailsInput, input));
}

/** One outbox email with its rendered bodies. @throws email.not_found */
export async function getEmail(ctx: ServiceContext, input: { id: string }): Promise<OutboxEmail> {
  assertCanManageTenant(ctx);
  const { id } = parseInput(z.object({ id: z.string().min(1) }), input);
  const row = await getOutboxEmail(ctx.db, id);
  if (!row) throw new DomainError("email.not_found", `No email has id "${id}".`, { id });
  return row;
}
