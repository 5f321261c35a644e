/**
 * The one error type services throw. `code` is stable: clients switch on it, the REST
 * layer maps it to Logto's codes, tRPC to its own. Messages say what to fix.
 */
export type DomainErrorCode =
  | "guard.invalid_input"
  | "auth.unauthenticated"
  | "auth.forbidden"
  | "auth.invalid_credentials"
  | "setup.already_completed"
  | "database.unavailable"
  | "rate_limited"
  | "user.not_found"
  | "user.email_taken"
  | "user.username_taken"
  | "user.phone_taken"
  | "user.email_missing"
  | "user.suspended"
  | "application.not_found"
  | "application.no_secrets"
  | "application.secret_not_found"
  | "application.not_machine_to_machine"
  | "organization_application.not_found"
  | "organization_token.access_denied"
  | "organization.not_found"
  | "organization_role.not_found"
  | "organization_role.name_taken"
  | "organization_role.permission_not_found"
  | "organization_role.type_in_use"
  | "organization_role.not_assigned"
  | "organization_role.resource_scope_not_found"
  | "organization_permission.not_found"
  | "organization_permission.name_taken"
  | "organization_permission.reserved"
  | "organization.creation_not_allowed"
  | "organization.creation_limit_reached"
  | "membership_request.not_found"
  | "membership_request.not_eligible"
  | "membership_request.already_decided"
  | "member.not_found"
  | "member.user_not_found"
  | "member.role_not_found"
  | "member.role_type_mismatch"
  | "member.role_not_grantable"
  | "member.role_not_assigned"
  | "console_member.not_found"
  | "console_member.last_admin"
  | "invitation.not_found"
  | "invitation.already_member"
  | "invitation.pending_exists"
  | "invitation.already_ended"
  | "invitation.expired"
  | "invitation.email_mismatch"
  | "email.not_found"
  | "email.not_failed"
  | "email.body_unavailable"
  | "api_resource.not_found"
  | "api_resource.indicator_taken"
  | "api_resource.management_api_protected"
  | "api_scope.not_found"
  | "api_scope.name_taken"
  | "role.not_found"
  | "role.name_taken"
  | "role.management_api_protected"
  | "role.scope_not_found"
  | "role.type_mismatch"
  | "role.not_assigned"
  | "sign_up.disabled"
  | "password.rejected"
  | "password.incorrect"
  | "password.not_set"
  | "code.invalid"
  | "sign_in.challenge_invalid"
  | "sign_in.mfa_required"
  | "mfa.invalid_code"
  | "mfa.factor_not_found"
  | "mfa.factor_not_offered"
  | "mfa.already_enrolled"
  | "mfa.enrollment_not_started"
  | "passkey.verification_failed"
  | "organization.last_admin"
  | "session.not_found"
  | "jit.email_domain_public"
  | "jit.email_domain_not_found"
  | "jit.role_not_found"
  | "jit.sso_connector_not_found"
  | "sso_connector.not_found"
  | "sso_connector.name_taken"
  | "sso_connector.invalid_config"
  | "sso.state_invalid"
  | "sso.sign_in_failed"
  | "sign_in.sso_required"
  | "webhook.not_found"
  | "webhook.test_failed"
  | "webhook_delivery.not_found"
  | "webhook_delivery.in_progress"
  | "audit_log.not_found";

type Transport = {
  http: 400 | 401 | 403 | 404 | 409 | 422 | 429 | 503;
  trpc:
    | "BAD_REQUEST"
    | "UNAUTHORIZED"
    | "FORBIDDEN"
    | "NOT_FOUND"
    | "CONFLICT"
    | "UNPROCESSABLE_CONTENT"
    | "TOO_MANY_REQUESTS"
    | "SERVICE_UNAVAILABLE";
};

/** The single map from domain code to transport status. */
export const errorTransport: Record<DomainErrorCode, Transport> = {
  "guard.invalid_input": { http: 400, trpc: "BAD_REQUEST" },
  "auth.unauthenticated": { http: 401, trpc: "UNAUTHORIZED" },
  "auth.forbidden": { http: 403, trpc: "FORBIDDEN" },
  "auth.invalid_credentials": { http: 401, trpc: "UNAUTHORIZED" },
  "setup.already_completed": { http: 409, trpc: "CONFLICT" },
  "database.unavailable": { http: 503, trpc: "SERVICE_UNAVAILABLE" },
  rate_limited: { http: 429, trpc: "TOO_MANY_REQUESTS" },
  "user.not_found": { http: 404, trpc: "NOT_FOUND" },
  "user.email_taken": { http: 409, trpc: "CONFLICT" },
  "user.username_taken": { http: 409, trpc: "CONFLICT" },
  "user.phone_taken": { http: 409, trpc: "CONFLICT" },
  "user.email_missing": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "user.suspended": { http: 403, trpc: "FORBIDDEN" },
  "application.not_found": { http: 404, trpc: "NOT_FOUND" },
  "application.no_secrets": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "application.secret_not_found": { http: 404, trpc: "NOT_FOUND" },
  "application.not_machine_to_machine": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "organization_application.not_found": { http: 404, trpc: "NOT_FOUND" },
  "organization_token.access_denied": { http: 403, trpc: "FORBIDDEN" },
  "organization.not_found": { http: 404, trpc: "NOT_FOUND" },
  "organization_role.not_found": { http: 404, trpc: "NOT_FOUND" },
  "organization_role.name_taken": { http: 409, trpc: "CONFLICT" },
  "organization_role.permission_not_found": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "organization_role.type_in_use": { http: 409, trpc: "CONFLICT" },
  "organization_role.not_assigned": { http: 404, trpc: "NOT_FOUND" },
  "organization_role.resource_scope_not_found": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "organization_permission.not_found": { http: 404, trpc: "NOT_FOUND" },
  "organization_permission.name_taken": { http: 409, trpc: "CONFLICT" },
  "organization_permission.reserved": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "organization.creation_not_allowed": { http: 403, trpc: "FORBIDDEN" },
  "organization.creation_limit_reached": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "membership_request.not_found": { http: 404, trpc: "NOT_FOUND" },
  "membership_request.not_eligible": { http: 403, trpc: "FORBIDDEN" },
  "membership_request.already_decided": { http: 409, trpc: "CONFLICT" },
  "member.not_found": { http: 404, trpc: "NOT_FOUND" },
  "member.user_not_found": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "member.role_not_found": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "member.role_type_mismatch": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "member.role_not_grantable": { http: 403, trpc: "FORBIDDEN" },
  "member.role_not_assigned": { http: 404, trpc: "NOT_FOUND" },
  "console_member.not_found": { http: 404, trpc: "NOT_FOUND" },
  "console_member.last_admin": { http: 409, trpc: "CONFLICT" },
  "invitation.not_found": { http: 404, trpc: "NOT_FOUND" },
  "invitation.already_member": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "invitation.pending_exists": { http: 409, trpc: "CONFLICT" },
  "invitation.already_ended": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "invitation.expired": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "invitation.email_mismatch": { http: 403, trpc: "FORBIDDEN" },
  "email.not_found": { http: 404, trpc: "NOT_FOUND" },
  "email.not_failed": { http: 409, trpc: "CONFLICT" },
  "email.body_unavailable": { http: 409, trpc: "CONFLICT" },
  "api_resource.not_found": { http: 404, trpc: "NOT_FOUND" },
  "api_resource.indicator_taken": { http: 409, trpc: "CONFLICT" },
  "api_resource.management_api_protected": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "api_scope.not_found": { http: 404, trpc: "NOT_FOUND" },
  "api_scope.name_taken": { http: 409, trpc: "CONFLICT" },
  "role.not_found": { http: 404, trpc: "NOT_FOUND" },
  "role.name_taken": { http: 409, trpc: "CONFLICT" },
  "role.management_api_protected": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "role.scope_not_found": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "role.type_mismatch": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "role.not_assigned": { http: 404, trpc: "NOT_FOUND" },
  "sign_up.disabled": { http: 403, trpc: "FORBIDDEN" },
  "password.rejected": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "password.incorrect": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "password.not_set": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "code.invalid": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "sign_in.challenge_invalid": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "sign_in.mfa_required": { http: 403, trpc: "FORBIDDEN" },
  "mfa.invalid_code": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "mfa.factor_not_found": { http: 404, trpc: "NOT_FOUND" },
  "mfa.factor_not_offered": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "mfa.already_enrolled": { http: 409, trpc: "CONFLICT" },
  "mfa.enrollment_not_started": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "passkey.verification_failed": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "organization.last_admin": { http: 409, trpc: "CONFLICT" },
  "session.not_found": { http: 404, trpc: "NOT_FOUND" },
  "jit.email_domain_public": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "jit.email_domain_not_found": { http: 404, trpc: "NOT_FOUND" },
  "jit.role_not_found": { http: 404, trpc: "NOT_FOUND" },
  "jit.sso_connector_not_found": { http: 404, trpc: "NOT_FOUND" },
  "sso_connector.not_found": { http: 404, trpc: "NOT_FOUND" },
  "sso_connector.name_taken": { http: 409, trpc: "CONFLICT" },
  "sso_connector.invalid_config": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "sso.state_invalid": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "sso.sign_in_failed": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "sign_in.sso_required": { http: 403, trpc: "FORBIDDEN" },
  "webhook.not_found": { http: 404, trpc: "NOT_FOUND" },
  "webhook.test_failed": { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  "webhook_delivery.not_found": { http: 404, trpc: "NOT_FOUND" },
  "webhook_delivery.in_progress": { http: 409, trpc: "CONFLICT" },
  "audit_log.not_found": { http: 404, trpc: "NOT_FOUND" },
};

export class DomainError extends Error {
  override readonly name = "DomainError";
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
  }

  get status() {
    return errorTransport[this.code].http;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** Seconds a client is asked to wait (`Retry-After`) while the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The answer to give while the database is unavailable (see `isDatabaseUnavailable`). */
export function databaseUnavailable(cause?: unknown): DomainError {
  const error = new DomainError(
    "database.unavailable",
    `The database is unavailable right now. Try again in ${DATABASE_RETRY_AFTER_SECONDS} seconds.`,
    { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
  );
  if (cause !== undefined) error.cause = cause;
  return error;
}
