import type { Db } from "@guildhall/db";
import { signUpInput, type SignUpInput, type SignUpResult } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { hashPassword } from "../auth/password.ts";
import { passThrottle } from "../auth/throttle.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { isUniqueViolation } from "../prisma-errors.ts";
import { createSignInChallenge } from "../sign-in/challenge.ts";
import { issueDecoyCode } from "./codes.ts";
import { ACCOUNT_PAGES, accountLink, queueAccountEmail, renderAccountEmail } from "./email.ts";
import { flowNow, type AccountFlowOptions } from "./options.ts";
import { checkPasswordPolicy } from "./password-policy.ts";
import { getSignInExperience } from "./sign-in-experience.ts";
import { emailRequestChecks } from "./throttles.ts";
import { issueVerificationCode, prepareVerificationEmail } from "./verify-email.ts";

/**
 * Creates an account with an email and password (open registration), unverified, and emails
 * it a verification code and link. Returns a sign-in challenge for the hosted pages to
 * complete: an unverified account may sign in (tokens say `email_verified: false`).
 *
 * No account enumeration: for an address that already has an account the answer is the
 * same (a challenge token, which never completes), the work is the same (a password hash,
 * one email rendered and queued, a code row: a decoy nobody gets), and the owner receives
 * an "account exists" email instead of a code. Requests are throttled per address and per
 * IP, whether or not the address has an account.
 * @throws sign_up.disabled, password.rejected, rate_limited, guard.invalid_input
 * @example const { challengeToken } = await signUp(db, { email, password }, { baseUrl, instanceSecret, ip });
 */
export async function signUp(
  db: Db,
  input: SignUpInput,
  opts: AccountFlowOptions,
): Promise<SignUpResult> {
  const { email, password, name } = parseInput(signUpInput, input);
  const experience = await getSignInExperience(db);
  if (!experience.registrationEnabled) {
    throw new DomainError(
      "sign_up.disabled",
      "Sign-up is closed on this instance. Ask an administrator for an invitation.",
    );
  }
  await checkPasswordPolicy(db, password, [email, name ?? ""]);
  await passThrottle(db, emailRequestChecks("sign_up", email, opts.ip), opts.now);
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  // Hashed on both paths: the slowest step, so it must not tell the two apart.
  const passwordHash = await hashPassword(password);
  if (existing) return signUpExisting(db, email, opts);
  try {
    return await signUpNew(db, { email, name: name ?? null, passwordHash }, opts);
  } catch (error) {
    // The same address signed up at the same moment: from here on it is an existing one.
    if (isUniqueViolation(error, "users_email_key")) return signUpExisting(db, email, opts);
    throw error;
  }
}

async function signUpNew(
  db: Db,
  user: { email: string; name: string | null; passwordHash: string },
  opts: AccountFlowOptions,
): Promise<SignUpResult> {
  const at = flowNow(opts);
  const verification = await prepareVerificationEmail(user.email, opts);
  const result = await db.$transaction(async (tx) => {
    const created = await tx.user.create({ data: user, select: { id: true } });
    await issueVerificationCode(
      tx,
      { userId: created.id, email: user.email, ...verification, at },
      opts,
      verification.mail,
    );
    await recordAudit(
      tx,
      { db, actor: { type: "user", userId: created.id } },
      {
        action: "user.signed_up",
        targetType: "user",
        targetId: created.id,
        data: { email: user.email },
      },
    );
    return createSignInChallenge(tx, { userId: created.id, amr: ["pwd"], now: at });
  });
  opts.onEmailQueued?.();
  return result;
}

async function signUpExisting(
  db: Db,
  email: string,
  opts: AccountFlowOptions,
): Promise<SignUpResult> {
  const at = flowNow(opts);
  const mail = await renderAccountEmail("account-exists", email, {
    email,
    signInLink: accountLink(opts.baseUrl, ACCOUNT_PAGES.signIn),
    resetLink: accountLink(opts.baseUrl, ACCOUNT_PAGES.forgotPassword),
  });
  const result = await db.$transaction(async (tx) => {
    // The decoy: the verification step behaves as for a new account (tries, expiry) and
    // never succeeds, since its code was sent to nobody.
    await issueDecoyCode(tx, email, at, opts.instanceSecret);
    await queueAccountEmail(tx, mail, opts);
    return createSignInChallenge(tx, { userId: null, amr: ["pwd"], now: at });
  });
  opts.onEmailQueued?.();
  return result;
}
