import type { Db } from "@guildhall/db";
import { recordAudit } from "../audit/record-audit.ts";
import { DomainError, isDomainError } from "../errors.ts";
import { isDatabaseUnavailable } from "../prisma-errors.ts";

/** Longest piece of an IdP's or a library's text kept in a message or an audit entry. */
const MAX_DETAIL = 300;

export function clip(text: string): string {
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}

/** A refused SSO answer: what the user reads, and the short reason the audit log keeps. */
export function ssoSignInFailed(message: string, reason: string): DomainError {
  return new DomainError("sso.sign_in_failed", message, { reason: clip(reason) });
}

/**
 * Runs the answer-handling part of an SSO sign-in so that every refusal is a `sso.*`
 * DomainError (never a 500) with an audit entry naming the connector and the reason. Library
 * errors (openid-client, node-saml) become `sso.sign_in_failed` through `describe`. A
 * database outage stays what it is (503). The audit entry is written on its own, after the
 * failed work rolled back.
 */
export async function withSsoFailureAudit<T>(
  db: Db,
  connectorId: string,
  describe: (error: unknown) => DomainError,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw error;
    const failure = !isDomainError(error)
      ? describe(error)
      : error.code.startsWith("sso.")
        ? error
        : ssoSignInFailed(error.message, error.code);
    const data = failure.data as { reason?: unknown } | undefined;
    await recordAudit(
      db,
      { db, actor: { type: "system" } },
      {
        action: "sso.sign_in_failed",
        targetType: "sso_connector",
        targetId: connectorId,
        data: {
          code: failure.code,
          reason: typeof data?.reason === "string" ? data.reason : failure.code,
        },
      },
    );
    throw failure;
  }
}
