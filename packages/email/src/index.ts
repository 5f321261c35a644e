export {
  renderEmail,
  emailDataSchema,
  emailKinds,
  type EmailKind,
  type EmailData,
} from "./render.ts";
export {
  organizationInvitationData,
  consoleInvitationData,
  renderOrganizationInvitation,
  renderConsoleInvitation,
  type OrganizationInvitationData,
  type ConsoleInvitationData,
} from "./templates/invitation.ts";
export {
  emailVerificationData,
  passwordResetData,
  accountExistsData,
  emailChangeData,
  renderEmailVerification,
  renderPasswordReset,
  renderAccountExists,
  renderEmailChange,
  type EmailVerificationData,
  type PasswordResetData,
  type AccountExistsData,
  type EmailChangeData,
} from "./templates/account.ts";
export { testEmailData, renderTestEmail, type TestEmailData } from "./templates/test-email.ts";
export { redactLink, REDACTED, type RenderedEmail } from "./templates/layout.ts";
export { escapeHtml } from "./html.ts";
export {
  createTransport,
  type EmailTransport,
  type OutgoingEmail,
  type TransportConfig,
} from "./transport.ts";
export {
  enqueueEmail,
  outboxRow,
  outboxPart,
  deliverPendingEmails,
  retryDelayMs,
  countRecentEmailsTo,
  listOutbox,
  getOutboxEmail,
  retryFailedEmail,
  listOutboxInput,
  outboxListSelect,
  outboxEmailSelect,
  DEFAULT_RETRY_FOR_MS,
  DEFAULT_BATCH_SIZE,
  SENDING_LEASE_MS,
  type OutboxSealer,
  type OutboxScope,
  type OutboxEmailView,
  type RetryFailedEmailResult,
  type EnqueueEmailInput,
  type DeliverPendingEmailsOptions,
  type DeliveryReport,
  type ListOutboxInput,
  type OutboxListItem,
  type OutboxPage,
  type OutboxClient,
  type OutboxRow,
} from "./outbox.ts";
export { startOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from "./worker.ts";
export { readEmailEnv, describeEmailTransport, DEFAULT_EMAIL_FROM, type EmailEnv } from "./env.ts";
export { consoleLogger, type EmailLogger } from "./logger.ts";
