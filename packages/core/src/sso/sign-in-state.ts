import { createHash, randomBytes } from "node:crypto";
import type { Db, SsoSignInState } from "@guildhall/db";
import { DomainError } from "../errors.ts";

/** Time the user has at their IdP before the sign-in must start over. */
export const SSO_STATE_TTL_MS = 10 * 60 * 1000;

/** The row id for a state token: a copy of the table holds no usable token. */
export function ssoStateId(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

export function newSsoStateToken(): string {
  return randomBytes(32).toString("base64url");
}

export function ssoStateInvalid(): DomainError {
  // One message for unknown, expired, used and other-connector states: none says more.
  return new DomainError(
    "sso.state_invalid",
    "This single sign-on has expired or was already used. Start the sign-in again.",
  );
}

/**
 * Uses up the sign-in a state token names, once: of two answers carrying the same token
 * (a replayed callback), exactly one gets the row. The IdP's answer is checked after, against
 * what the row holds (nonce, PKCE verifier, SAML request id).
 * @throws sso.state_invalid
 */
export async function consumeSsoState(
  db: Db,
  { token, connectorId, now }: { token: string; connectorId: string; now: Date },
): Promise<SsoSignInState> {
  if (token.length === 0 || token.length > 128) throw ssoStateInvalid();
  const id = ssoStateId(token);
  const { count } = await db.ssoSignInState.updateMany({
    where: { id, ssoConnectorId: connectorId, consumedAt: null, expiresAt: { gt: now } },
    data: { consumedAt: now },
  });
  if (count !== 1) throw ssoStateInvalid();
  return db.ssoSignInState.findUniqueOrThrow({ where: { id } });
}

/** Deletes states that expired more than a minute ago (sign-ins abandoned at the IdP). */
export async function deleteExpiredSsoStates(db: Db, now: Date = new Date()): Promise<number> {
  const { count } = await db.ssoSignInState.deleteMany({
    where: { expiresAt: { lt: new Date(now.getTime() - 60_000) } },
  });
  return count;
}
