import type { Db, Prisma } from "@guildhall/db";
import type { SignInStep } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { provisionJustInTime } from "../jit/provision-just-in-time.ts";
import { usableFactorTypes } from "../mfa/second-factors.ts";
import { isUniqueViolation } from "../prisma-errors.ts";
import { emailDomainOf } from "../shared/email-domain.ts";
import { startSignIn } from "../sign-in/challenge.ts";
import { ssoSignInFailed } from "./failures.ts";
import type { SsoProfile } from "./sso-profile.ts";

type Tx = Prisma.TransactionClient;

/** What linking needs to know about the connector. */
export interface SsoLinkConnector {
  id: string;
  domains: string[];
  syncProfile: boolean;
}

const userCtx = (db: Db, userId: string): ServiceContext => ({
  db,
  actor: { type: "user", userId },
});

/**
 * Whether the IdP's email may stand for the person: asserted verified, and in one of the
 * connector's domains (a company's IdP speaks for its own domains, not for anyone else's).
 */
function trustedEmail(connector: SsoLinkConnector, profile: SsoProfile): string | null {
  if (!profile.email || !profile.emailVerified) return null;
  let domain: string;
  try {
    domain = emailDomainOf(profile.email);
  } catch {
    return null;
  }
  return connector.domains.includes(domain) ? profile.email : null;
}

/**
 * The user an SSO answer signs in, in one transaction with the sign-in challenge:
 * - (connector, subject) already linked: that user; their profile is synced when the
 *   connector says so.
 * - first sign-in, and a user holds the address: linked only when the IdP vouches for it
 *   (`trustedEmail`); otherwise refused, so a connector cannot take over an account.
 * - first sign-in, no such user: created (email verified when trusted), with just-in-time
 *   provisioning by the connector and, when verified, by the email's domain.
 * Two concurrent first sign-ins of one subject both try to create; the unique index of the
 * loser (user email, or identity) aborts its transaction, and it runs again and finds the
 * winner's rows.
 * @throws sso.sign_in_failed (suspended user, unusable or untrusted email)
 */
export async function signInSsoUser(
  db: Db,
  connector: SsoLinkConnector,
  profile: SsoProfile,
  now: Date,
): Promise<SignInStep> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        const userId = await resolveUser(db, tx, connector, profile, now);
        const { challengeToken, mfaPending } = await startSignIn(tx, {
          userId,
          amr: ["ext"],
          now,
        });
        if (!mfaPending) return { challengeToken, status: "complete" as const };
        return {
          challengeToken,
          status: "mfa_required" as const,
          factors: await usableFactorTypes(tx, userId),
        };
      });
    } catch (error) {
      if (attempt < 3 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

async function resolveUser(
  db: Db,
  tx: Tx,
  connector: SsoLinkConnector,
  profile: SsoProfile,
  now: Date,
): Promise<string> {
  const identity = await tx.userSsoIdentity.findUnique({
    where: { ssoConnectorId_subject: { ssoConnectorId: connector.id, subject: profile.subject } },
    select: { id: true, user: { select: { id: true, email: true, suspendedAt: true } } },
  });
  if (identity) {
    const { user } = identity;
    assertNotSuspended(user);
    await tx.userSsoIdentity.update({
      where: { id: identity.id },
      data: { issuer: profile.issuer, detail: profile.detail as Prisma.InputJsonObject },
    });
    if (connector.syncProfile) await syncProfile(tx, connector, user, profile, now);
    return user.id;
  }

  const trusted = trustedEmail(connector, profile);
  if (!profile.email) {
    throw ssoSignInFailed(
      "The identity provider did not send an email address, which an account needs. Ask your administrator to release the email claim or attribute.",
      "no_email",
    );
  }
  const existing = await tx.user.findUnique({
    where: { email: profile.email },
    select: { id: true, email: true, suspendedAt: true, emailVerifiedAt: true },
  });
  if (existing) {
    if (!trusted) {
      throw ssoSignInFailed(
        "An account already uses this email address, and the identity provider did not confirm the address as one of its domains, so the two cannot be linked. Sign in to that account another way.",
        "email_not_trusted",
      );
    }
    assertNotSuspended(existing);
    await createIdentity(db, tx, connector.id, existing.id, profile);
    if (!existing.emailVerifiedAt) {
      await tx.user.update({ where: { id: existing.id }, data: { emailVerifiedAt: now } });
    }
    if (connector.syncProfile) await syncProfile(tx, connector, existing, profile, now);
    await provisionJustInTime(
      tx,
      {
        userId: existing.id,
        email: existing.email,
        emailVerified: true,
        ssoConnectorId: connector.id,
        reason: "sso",
        now,
      },
      userCtx(db, existing.id),
    );
    return existing.id;
  }

  const created = await tx.user.create({
    data: {
      email: profile.email,
      name: profile.name,
      avatarUrl: profile.avatarUrl,
      emailVerifiedAt: trusted ? now : null,
    },
    select: { id: true },
  });
  await recordAudit(tx, userCtx(db, created.id), {
    action: "user.created",
    targetType: "user",
    targetId: created.id,
    data: { email: profile.email, hasPassword: false, ssoConnectorId: connector.id },
  });
  await createIdentity(db, tx, connector.id, created.id, profile);
  await provisionJustInTime(
    tx,
    {
      userId: created.id,
      email: profile.email,
      emailVerified: trusted !== null,
      ssoConnectorId: connector.id,
      reason: "sso",
      now,
    },
    userCtx(db, created.id),
  );
  return created.id;
}

function assertNotSuspended(user: { suspendedAt: Date | null }): void {
  if (user.suspendedAt) {
    throw ssoSignInFailed(
      "This account is suspended. Ask an administrator to restore it.",
      "user_suspended",
    );
  }
}

async function createIdentity(
  db: Db,
  tx: Tx,
  ssoConnectorId: string,
  userId: string,
  profile: SsoProfile,
): Promise<void> {
  await tx.userSsoIdentity.create({
    data: {
      userId,
      ssoConnectorId,
      subject: profile.subject,
      issuer: profile.issuer,
      detail: profile.detail as Prisma.InputJsonObject,
    },
  });
  await recordAudit(tx, userCtx(db, userId), {
    action: "user.sso_identity_linked",
    targetType: "user",
    targetId: userId,
    data: { ssoConnectorId, subject: profile.subject },
  });
}

/**
 * Brings name, picture and email up to date with the IdP. The email changes only to a
 * trusted address that no other account holds; what the IdP does not send is left alone.
 */
async function syncProfile(
  tx: Tx,
  connector: SsoLinkConnector,
  user: { id: string; email: string | null },
  profile: SsoProfile,
  now: Date,
): Promise<void> {
  const data: Prisma.UserUpdateInput = {};
  if (profile.name) data.name = profile.name;
  if (profile.avatarUrl) data.avatarUrl = profile.avatarUrl;
  const trusted = trustedEmail(connector, profile);
  if (trusted && trusted !== user.email) {
    const holder = await tx.user.findUnique({ where: { email: trusted }, select: { id: true } });
    if (!holder) {
      data.email = trusted;
      data.emailVerifiedAt = now;
    }
  }
  if (Object.keys(data).length > 0) await tx.user.update({ where: { id: user.id }, data });
}
