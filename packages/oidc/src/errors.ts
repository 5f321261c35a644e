import { errors } from "oidc-provider";

/**
 * OAuth errors with the statuses docs/design.md fixes for organization tokens (403), which
 * oidc-provider's own classes (400) do not use.
 */
export class OrganizationAccessDenied extends errors.OIDCProviderError {
  constructor(description: string) {
    super(403, "access_denied");
    Object.assign(this, { error_description: description });
  }
}

export class OrganizationInsufficientScope extends errors.OIDCProviderError {
  constructor(description: string) {
    super(403, "insufficient_scope");
    Object.assign(this, { error_description: description });
  }
}
