import { enqueueEmail, renderEmail } from "@guildhall/email";
import {
  sendTestEmailInput,
  type EmailTransportInfo,
  type SendTestEmailInput,
  type SendTestEmailResult,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { passThrottle, throttlePolicies } from "../auth/throttle.ts";
import type { InvitationContext } from "../invitations/select.ts";
import { parseInput } from "../parse.ts";
import { assertConsoleAdmin } from "./assert-console-admin.ts";

/** The name above the test email, as above every other email of the instance. */
const INSTANCE_NAME = "Guildhall";

/**
 * "Send test email": queues a short email to `to` in the outbox, where the worker delivers
 * it like any other, so the Emails page (and `email.get({ id })`) shows what really happened:
 * Sent, a retry with the SMTP server's error, or kept in the local outbox when SMTP_URL is
 * not set. Console admins only; each admin may send 5, then one a minute, doubling up to
 * an hour (every request counts).
 * @throws auth.forbidden, rate_limited (`retryAfterSeconds`), guard.invalid_input
 */
export async function sendTestEmail(
  ctx: InvitationContext,
  input: SendTestEmailInput,
  opts: { transport: EmailTransportInfo; baseUrl: string },
): Promise<SendTestEmailResult> {
  assertConsoleAdmin(ctx, "Only console admins can send a test email.");
  const { to } = parseInput(sendTestEmailInput, input);
  await passThrottle(
    ctx.db,
    [
      {
        key: `test_email:user:${ctx.actor.userId}`,
        policy: throttlePolicies.testEmailSender,
        onSuccess: "release",
      },
    ],
    ctx.now,
  );
  const admin = await ctx.db.user.findUnique({
    where: { id: ctx.actor.userId },
    select: { email: true, name: true },
  });
  const { transport } = opts;
  const mail = await renderEmail("test-email", {
    instanceName: INSTANCE_NAME,
    requestedBy: admin?.email ?? admin?.name ?? "a console admin",
    server:
      transport.kind === "smtp"
        ? `${transport.host}:${transport.port}`
        : "the local outbox (SMTP_URL is not set)",
    consoleUrl: opts.baseUrl,
  });
  const { id } = await ctx.db.$transaction(async (tx) => {
    const queued = await enqueueEmail(tx, {
      kind: "test-email",
      to,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
    });
    await recordAudit(tx, ctx, {
      action: "email.test_sent",
      targetType: "email",
      targetId: queued.id,
      data: { to, transport: transport.kind },
    });
    return queued;
  });
  ctx.onEmailQueued?.();
  return { id, to, transport: transport.kind };
}
