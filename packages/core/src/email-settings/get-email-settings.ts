import { emailTransportInfo, type EmailTransportInfo } from "@guildhall/validators";
import { type ServiceContext } from "../context.ts";
import { assertConsoleAdmin } from "./assert-console-admin.ts";

/**
 * The console's Email settings page: how this instance delivers email. The transport is
 * the server's configuration (SMTP_URL, EMAIL_FROM, read where the process reads its
 * environment), passed in as described by `describeEmailTransport`; the SMTP host is an
 * instance setting, so only console admins see it.
 * @throws auth.forbidden
 */
export function getEmailSettings(
  ctx: ServiceContext,
  transport: EmailTransportInfo,
): EmailTransportInfo {
  assertConsoleAdmin(ctx, "Only console admins can see the email settings.");
  return emailTransportInfo.parse(transport);
}
