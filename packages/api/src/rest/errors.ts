import {
  DATABASE_RETRY_AFTER_SECONDS,
  databaseUnavailable,
  errorTransport,
  isDatabaseUnavailable,
  isDomainError,
  type DomainError,
  type DomainErrorCode,
} from "@guildhall/core";
import type { RestError as RestErrorBody } from "@guildhall/validators/rest";

/** A status and Logto error code, as an error response carries them. */
export interface LogtoErrorSpec {
  status: number;
  code: string;
}

/** Logto's error codes (and Guildhall's own where Logto has none), with their statuses. */
export const E = {
  invalidInput: { status: 400, code: "guard.invalid_input" },
  invalidPagination: { status: 400, code: "guard.invalid_pagination" },
  headerMissing: { status: 401, code: "auth.authorization_header_missing" },
  tokenTypeNotSupported: { status: 401, code: "auth.authorization_token_type_not_supported" },
  unauthorized: { status: 401, code: "auth.unauthorized" },
  forbidden: { status: 403, code: "auth.forbidden" },
  notExistsWithId: { status: 404, code: "entity.not_exists_with_id" },
  /** A relation (membership, role assignment) that does not exist. */
  notFound: { status: 404, code: "entity.not_found" },
  routeNotFound: { status: 404, code: "request.not_found" },
  methodNotAllowed: { status: 405, code: "request.method_not_allowed" },
  payloadTooLarge: { status: 413, code: "request.payload_too_large" },
  uniqueViolation: { status: 422, code: "entity.unique_integrity_violation" },
  foreignKeyNotFound: { status: 422, code: "entity.relation_foreign_key_not_found" },
  requireMembership: { status: 422, code: "organization.require_membership" },
  roleNamesNotFound: { status: 422, code: "organization.role_names_not_found" },
  /** A role of the wrong type for a user or an application (Logto: its database trigger). */
  roleTypeMismatch: { status: 422, code: "entity.db_constraint_violated" },
  roleTypeInUse: { status: 422, code: "organization_role.type_in_use" },
  emailInUse: { status: 422, code: "user.email_already_in_use" },
  usernameInUse: { status: 422, code: "user.username_already_in_use" },
  phoneInUse: { status: 422, code: "user.phone_already_in_use" },
  lastAdmin: { status: 422, code: "console_member.last_admin" },
  invalidCredentials: { status: 422, code: "session.invalid_credentials" },
  managementApiProtected: { status: 422, code: "api_resource.management_api_protected" },
  roleNameInUse: { status: 422, code: "role.name_in_use" },
  roleManagementApiProtected: { status: 422, code: "role.management_api_protected" },
  globalRoleTypeMismatch: { status: 422, code: "role.type_mismatch" },
  notMachineToMachine: { status: 422, code: "application.not_machine_to_machine" },
  ssoConnectorNameTaken: { status: 409, code: "single_sign_on.duplicate_connector_name" },
  ssoConnectorInvalidConfig: { status: 422, code: "connector.invalid_config" },
  ssoConnectorForbiddenDomains: { status: 422, code: "single_sign_on.forbidden_domains" },
  hookTestFailed: { status: 422, code: "hook.send_test_payload_failed" },
  hookDeliveryInProgress: { status: 409, code: "hook.delivery_in_progress" },
  /** Logto's code for a request it refuses on its merits (an expiry in the past). */
  requestInvalid: { status: 400, code: "request.invalid_input" },
  /** The same code at 422: a state that forbids it (already a member, an ended invitation). */
  requestUnprocessable: { status: 422, code: "request.invalid_input" },
  rateLimited: { status: 429, code: "request.rate_limited" },
  /** Too many emails to one address (invitations): the client itself is not over its limit. */
  messageRateLimited: { status: 429, code: "request.message_rate_limited" },
  /** Organization API: a role (or member) the caller may not give, take away or remove. */
  roleNotGrantable: { status: 403, code: "member.role_not_grantable" },
  /** Organization API: the change would leave nobody holding `guildhall:members:roles`. */
  lastRoleManager: { status: 409, code: "organization.last_admin" },
  suspended: { status: 403, code: "user.suspended" },
  creationNotAllowed: { status: 403, code: "organization.creation_not_allowed" },
  creationLimitReached: { status: 422, code: "organization.creation_limit_reached" },
  membershipRequestNotEligible: { status: 403, code: "membership_request.not_eligible" },
  membershipRequestDecided: { status: 409, code: "membership_request.already_decided" },
  /** A `guildhall:` permission name: reserved for the built-in ones. */
  permissionReserved: { status: 422, code: "organization_permission.reserved" },
  internal: { status: 500, code: "internal_server_error" },
  notReady: { status: 503, code: "oidc.not_ready" },
  databaseUnavailable: { status: 503, code: "database.unavailable" },
} as const satisfies Record<string, LogtoErrorSpec>;

type Mapping = LogtoErrorSpec | ((error: DomainError) => LogtoErrorSpec);

/**
 * The one map from domain error codes to the Management API's (Logto's) codes and statuses.
 * A code missing here answers with its own code and the status of `errorTransport`.
 * A route may override an entry where Logto answers that case differently (see `overrides`).
 */
export const domainErrorsToLogto: { readonly [C in DomainErrorCode]?: Mapping } = {
  "guard.invalid_input": E.invalidInput,
  "auth.unauthenticated": E.unauthorized,
  "auth.invalid_credentials": E.unauthorized,
  "auth.forbidden": E.forbidden,
  rate_limited: E.rateLimited,
  "user.not_found": E.notExistsWithId,
  "user.email_taken": E.emailInUse,
  "user.username_taken": E.usernameInUse,
  "user.phone_taken": E.phoneInUse,
  "organization.not_found": E.notExistsWithId,
  "organization_role.not_found": E.notExistsWithId,
  "organization_role.name_taken": E.uniqueViolation,
  "organization_role.permission_not_found": E.foreignKeyNotFound,
  "organization_role.type_in_use": E.roleTypeInUse,
  "organization_role.not_assigned": E.notFound,
  "organization_role.resource_scope_not_found": E.foreignKeyNotFound,
  "organization_permission.not_found": E.notExistsWithId,
  "organization_permission.name_taken": E.uniqueViolation,
  "member.not_found": E.requireMembership,
  "member.user_not_found": E.foreignKeyNotFound,
  // Unknown role names have their own Logto code; unknown ids are a foreign-key miss.
  "member.role_not_found": (error) =>
    hasItems(error.data?.roleNames) ? E.roleNamesNotFound : E.foreignKeyNotFound,
  "member.role_type_mismatch": E.roleTypeMismatch,
  "member.role_not_assigned": E.notFound,
  "console_member.last_admin": E.lastAdmin,
  "member.role_not_grantable": E.roleNotGrantable,
  "organization.last_admin": E.lastRoleManager,
  "user.suspended": E.suspended,
  "organization.creation_not_allowed": E.creationNotAllowed,
  "organization.creation_limit_reached": E.creationLimitReached,
  "membership_request.not_found": E.notFound,
  "membership_request.not_eligible": E.membershipRequestNotEligible,
  "membership_request.already_decided": E.membershipRequestDecided,
  "organization_permission.reserved": E.permissionReserved,
  "invitation.not_found": E.notExistsWithId,
  "invitation.pending_exists": E.uniqueViolation,
  // Logto answers every refused invitation change with request.invalid_input.
  "invitation.already_member": E.requestUnprocessable,
  "invitation.already_ended": E.requestUnprocessable,
  "invitation.expired": E.requestUnprocessable,
  "invitation.email_mismatch": E.requestUnprocessable,
  "api_resource.not_found": E.notExistsWithId,
  "api_resource.indicator_taken": E.uniqueViolation,
  "api_scope.not_found": E.notExistsWithId,
  "api_scope.name_taken": E.uniqueViolation,
  "role.not_found": E.notExistsWithId,
  "role.name_taken": E.roleNameInUse,
  "role.scope_not_found": E.foreignKeyNotFound,
  "role.not_assigned": E.notFound,
  "mfa.factor_not_found": E.notFound,
  "jit.email_domain_not_found": E.notFound,
  "jit.role_not_found": E.foreignKeyNotFound,
  "jit.sso_connector_not_found": E.foreignKeyNotFound,
  "sso_connector.not_found": E.notExistsWithId,
  "audit_log.not_found": E.notExistsWithId,
  "sso_connector.name_taken": E.ssoConnectorNameTaken,
  // A public mail domain has its own Logto code; every other config problem is one code.
  "sso_connector.invalid_config": (error) =>
    error.data?.emailDomain === undefined
      ? E.ssoConnectorInvalidConfig
      : E.ssoConnectorForbiddenDomains,
  "database.unavailable": E.databaseUnavailable,
  "webhook.not_found": E.notExistsWithId,
  "webhook_delivery.not_found": E.notExistsWithId,
  "webhook.test_failed": E.hookTestFailed,
  "webhook_delivery.in_progress": E.hookDeliveryInProgress,
};

export type ErrorOverrides = { readonly [C in DomainErrorCode]?: Mapping };

function hasItems(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

/** The Logto code and status of a domain error (route overrides first). */
export function logtoErrorOf(error: DomainError, overrides: ErrorOverrides = {}): LogtoErrorSpec {
  const mapping = overrides[error.code] ?? domainErrorsToLogto[error.code];
  if (typeof mapping === "function") return mapping(error);
  return mapping ?? { status: errorTransport[error.code].http, code: error.code };
}

/** An error the REST layer raises itself: authentication, parsing, routing, limits. */
export class RestError extends Error {
  override readonly name = "RestError";
  constructor(
    readonly spec: LogtoErrorSpec,
    message: string,
    readonly extra: { data?: unknown; details?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }
}

export function isRestError(error: unknown): error is RestError {
  return error instanceof RestError;
}

interface Issue {
  path: readonly PropertyKey[] | readonly string[];
  message: string;
  code?: string;
}

/** Logto's `details`: one line per validation issue. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues
    .map(
      (i) =>
        `Error in key path "${i.path.map(String).join(".")}": ${i.code ? `(${i.code}) ` : ""}${i.message}`,
    )
    .join("\n");
}

export interface ErrorResponse {
  status: number;
  body: RestErrorBody;
  headers: Record<string, string>;
}

/** Any thrown value as the response to send. Unknown errors are 500s (and worth logging). */
export function toErrorResponse(
  thrown: unknown,
  overrides?: ErrorOverrides,
): ErrorResponse & { unexpected: boolean } {
  // A database outage is not a bug: 503 with Retry-After, and the next request may succeed.
  const error =
    !isRestError(thrown) && !isDomainError(thrown) && isDatabaseUnavailable(thrown)
      ? databaseUnavailable(thrown)
      : thrown;
  if (isRestError(error)) {
    const { data, details, headers = {} } = error.extra;
    return {
      status: error.spec.status,
      body: {
        code: error.spec.code,
        message: error.message,
        ...(data === undefined ? {} : { data }),
        ...(details ? { details } : {}),
      },
      headers,
      unexpected: false,
    };
  }
  if (isDomainError(error)) {
    const spec = logtoErrorOf(error, overrides);
    const issues =
      error.code === "guard.invalid_input"
        ? (error.data?.issues as Issue[] | undefined)
        : undefined;
    return {
      status: spec.status,
      body: {
        code: spec.code,
        message: error.message,
        ...(error.data === undefined ? {} : { data: error.data }),
        ...(issues?.length ? { details: formatIssues(issues) } : {}),
      },
      headers:
        error.code === "database.unavailable"
          ? { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) }
          : {},
      unexpected: false,
    };
  }
  return {
    status: E.internal.status,
    body: {
      code: E.internal.code,
      message:
        "Something went wrong on our side. Try again; if it keeps happening, check the server logs.",
    },
    headers: {},
    unexpected: true,
  };
}
