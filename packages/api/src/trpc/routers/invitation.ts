import {
  acceptInvitation,
  createInvitations,
  declineInvitation,
  getEmail,
  getInvitation,
  getInvitationLanding,
  listEmails,
  listInvitations,
  resendInvitation,
  retryEmail,
  revokeInvitation,
  signUpWithInvitation,
  type InvitationContext,
} from "@guildhall/core";
import {
  acceptedInvitation,
  createInvitationsResult,
  emailRef,
  invitation,
  invitationLanding,
  invitationList,
  invitationRef,
  invitationTokenInput,
  invitationWithLink,
  inviteForm,
  listEmailsInput,
  listInvitationsInput,
  outboxEmail,
  outboxEmailList,
  outboxEmailSummary,
  signUpWithInvitationInput,
} from "@guildhall/validators";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import {
  consoleProcedure,
  protectedProcedure,
  publicProcedure,
  router,
  type TrpcContext,
} from "../trpc.ts";

function baseUrlOf(ctx: TrpcContext): string {
  if (!ctx.baseUrl)
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "BASE_URL is not configured." });
  return ctx.baseUrl;
}

/** The service context plus what queuing an email needs: the instance secret (seals links) and the worker's kick. */
function withEmail<T extends { service: InvitationContext } & TrpcContext>(
  ctx: T,
): InvitationContext {
  return { ...ctx.service, instanceSecret: ctx.instanceSecret, onEmailQueued: ctx.onEmailQueued };
}

/** The invitee's side: anyone with the link may look; answering needs a signed-in account. */
const invitee = {
  landing: publicProcedure
    .input(invitationTokenInput)
    .output(invitationLanding)
    .query(({ ctx, input }) =>
      // The signed-in user, if any, so the answer says whether they may accept.
      getInvitationLanding(
        {
          db: ctx.db,
          actor: ctx.session ? { type: "user", userId: ctx.session.userId } : { type: "system" },
        },
        input,
      ),
    ),
  signUp: publicProcedure
    .input(signUpWithInvitationInput)
    .output(z.object({ email: z.string() }))
    .mutation(({ ctx, input }) =>
      signUpWithInvitation({ db: ctx.db, actor: { type: "system" } }, input),
    ),
  accept: protectedProcedure
    .input(invitationTokenInput)
    .output(acceptedInvitation)
    .mutation(({ ctx, input }) =>
      acceptInvitation({ db: ctx.db, actor: { type: "user", userId: ctx.session.userId } }, input),
    ),
  decline: protectedProcedure
    .input(invitationTokenInput)
    .output(invitation)
    .mutation(({ ctx, input }) =>
      declineInvitation({ db: ctx.db, actor: { type: "user", userId: ctx.session.userId } }, input),
    ),
};

/** Invitations: organization ones (console members), console ones (admins; the services check). */
export const invitationRouter = router({
  ...invitee,
  list: consoleProcedure()
    .input(listInvitationsInput)
    .output(invitationList)
    .query(({ ctx, input }) => listInvitations(ctx.service, input)),
  get: consoleProcedure()
    .input(invitationRef)
    .output(invitation)
    .query(({ ctx, input }) => getInvitation(ctx.service, input)),
  create: consoleProcedure()
    .input(inviteForm)
    .output(createInvitationsResult)
    .mutation(({ ctx, input }) =>
      createInvitations(withEmail(ctx), { ...input, baseUrl: baseUrlOf(ctx) }),
    ),
  resend: consoleProcedure()
    .input(invitationRef)
    .output(invitationWithLink)
    .mutation(({ ctx, input }) =>
      resendInvitation(withEmail(ctx), { ...input, baseUrl: baseUrlOf(ctx) }),
    ),
  revoke: consoleProcedure()
    .input(invitationRef)
    .output(invitation)
    .mutation(({ ctx, input }) => revokeInvitation(ctx.service, input)),
});

/** The email outbox (the console's Emails page): console-invitation emails for admins only (core checks). */
export const emailRouter = router({
  list: consoleProcedure()
    .input(listEmailsInput)
    .output(outboxEmailList)
    .query(({ ctx, input }) => listEmails(ctx.service, input)),
  get: consoleProcedure()
    .input(emailRef)
    .output(outboxEmail)
    .query(({ ctx, input }) => getEmail(ctx.service, input)),
  /** Queues a Failed email again (after the outbox's 24 hours of retries). */
  retry: consoleProcedure()
    .input(emailRef)
    .output(outboxEmailSummary)
    .mutation(({ ctx, input }) => retryEmail(withEmail(ctx), input)),
});
