import { retryFailedEmail } from "@guildhall/email";
import { emailRef, type EmailRef, type OutboxEmailSummary } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { now } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { emailNotFound, emailScope } from "./emails.ts";
import type { InvitationContext } from "./select.ts";

/**
 * Sends a Failed email again (the outbox retried it for 24 hours and gave up): it is queued
 * at once, with a new 24-hour retry window. Whoever may see the email may retry it
 * (collaborators: organization emails). The email is sent as it was queued, so an invitation
 * email carries the link it was created with; resending the invitation issues a new one.
 * @throws email.not_found, email.not_failed, email.body_unavailable
 */
export async function retryEmail(
  ctx: InvitationContext,
  input: EmailRef,
): Promise<OutboxEmailSummary> {
  const scope = emailScope(ctx);
  const { id } = parseInput(emailRef, input);
  const at = now(ctx);
  const email = await ctx.db.$transaction(async (tx) => {
    const result = await retryFailedEmail(tx, id, at, scope);
    switch (result.outcome) {
      case "not_found":
        throw emailNotFound(id);
      case "not_failed":
        throw new DomainError(
          "email.not_failed",
          `This email is ${result.status}: only a Failed email can be retried.`,
          { id, status: result.status },
        );
      case "body_unavailable":
        throw new DomainError(
          "email.body_unavailable",
          "This email was queued before the outbox was encrypted and its body was removed. Resend the invitation instead.",
          { id },
        );
      case "queued":
        await recordAudit(tx, ctx, {
          action: "email.retried",
          targetType: "email",
          targetId: id,
          data: { to: result.email.to, kind: result.email.kind },
        });
        return result.email;
    }
  });
  ctx.onEmailQueued?.();
  return email;
}
