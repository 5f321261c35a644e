import type { z } from "zod";
import {
  consoleInvitationData,
  organizationInvitationData,
  renderConsoleInvitation,
  renderOrganizationInvitation,
} from "./templates/invitation.ts";
import {
  accountExistsData,
  emailChangeData,
  emailVerificationData,
  passwordResetData,
  renderAccountExists,
  renderEmailChange,
  renderEmailVerification,
  renderPasswordReset,
} from "./templates/account.ts";
import type { RenderedEmail } from "./templates/layout.ts";
import { renderTestEmail, testEmailData } from "./templates/test-email.ts";

/** Every email Guildhall sends, by kind, with the zod schema of its data. */
const schemas = {
  "organization-invitation": organizationInvitationData,
  "console-invitation": consoleInvitationData,
  "email-verification": emailVerificationData,
  "password-reset": passwordResetData,
  "account-exists": accountExistsData,
  "email-change": emailChangeData,
  "test-email": testEmailData,
} as const;

export type EmailKind = keyof typeof schemas;
export const emailKinds = Object.keys(schemas) as EmailKind[];

/** The data `renderEmail(kind, data)` accepts for each kind (the schema's input type). */
export type EmailData<K extends EmailKind> = z.input<(typeof schemas)[K]>;

// A mapped type, so `renderers[kind]` keeps its link to `EmailData<K>` without casts.
const renderers: { [K in EmailKind]: (data: EmailData<K>) => Promise<RenderedEmail> } = {
  "organization-invitation": renderOrganizationInvitation,
  "console-invitation": renderConsoleInvitation,
  "email-verification": renderEmailVerification,
  "password-reset": renderPasswordReset,
  "account-exists": renderAccountExists,
  "email-change": renderEmailChange,
  "test-email": renderTestEmail,
};

/** The zod schema of one kind's data, e.g. to check a request body before rendering. */
export function emailDataSchema<K extends EmailKind>(kind: K): (typeof schemas)[K] {
  return schemas[kind];
}

/**
 * Renders one email to `{ subject, html, text }`. `data` is validated against the kind's
 * schema (throws a ZodError when invalid); every user-provided string is HTML-escaped and
 * links must be http(s).
 *
 * Render before opening a transaction: the first render loads MJML (most of a second).
 *
 * @example
 * const email = await renderEmail("organization-invitation", {
 *   organization: { name: "Acme" },
 *   roles: ["admin"],
 *   expiresAt: invitation.expiresAt,
 *   link: `${baseUrl}/invitations/${invitation.id}`,
 * });
 */
export async function renderEmail<K extends EmailKind>(
  kind: K,
  data: EmailData<K>,
): Promise<RenderedEmail> {
  const render: (data: EmailData<K>) => Promise<RenderedEmail> = renderers[kind];
  return render(data);
}
