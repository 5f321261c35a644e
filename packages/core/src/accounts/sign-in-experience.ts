import type { Db, Prisma } from "@guildhall/db";
import {
  updateSignInExperienceInput,
  type SignInExperience,
  type UpdateSignInExperienceInput,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertAdminOrManagementApi, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";

type Client = Db | Prisma.TransactionClient;

/** The instance has one sign-in experience, the row with this id. */
const ID = "default";

type Row = Prisma.SignInExperienceGetPayload<object>;

function toSignInExperience(row: Row): SignInExperience {
  return {
    registrationEnabled: row.registrationEnabled,
    passwordPolicy: { minLength: row.passwordMinLength, minScore: row.passwordMinScore },
    mfa: { factors: row.mfaFactors, policy: row.mfaPolicy },
  };
}

/**
 * What an instance starts with, until an admin changes it: the same values as the column
 * defaults in schema.prisma (a test checks they agree). Reading never writes: the row is
 * created by the first change.
 */
export const DEFAULT_SIGN_IN_EXPERIENCE: SignInExperience = {
  registrationEnabled: true,
  passwordPolicy: { minLength: 10, minScore: 3 },
  mfa: { factors: ["totp", "webauthn", "backup_codes"], policy: "optional" },
};

/**
 * The sign-in experience settings (open registration, password policy, MFA).
 * @example const { registrationEnabled } = await getSignInExperience(db);
 */
export async function getSignInExperience(db: Client): Promise<SignInExperience> {
  const row = await db.signInExperience.findUnique({ where: { id: ID } });
  return row ? toSignInExperience(row) : DEFAULT_SIGN_IN_EXPERIENCE;
}

export async function updateSignInExperience(
  ctx: ServiceContext,
  input: UpdateSignInExperienceInput,
): Promise<SignInExperience> {
  assertAdminOrManagementApi(ctx, "Only console admins can change the sign-in experience.");
  const patch = parseInput(updateSignInExperienceInput, input);
  return ctx.db.$transaction(async (tx) => {
    const current = await getSignInExperience(tx);
    const next: SignInExperience = {
      registrationEnabled: patch.registrationEnabled ?? current.registrationEnabled,
      passwordPolicy: { ...current.passwordPolicy, ...stripUndefined(patch.passwordPolicy) },
      mfa: {
        factors: patch.mfa?.factors ? [...new Set(patch.mfa.factors)] : current.mfa.factors,
        policy: patch.mfa?.policy ?? current.mfa.policy,
      },
    };
    if (next.mfa.policy === "required" && next.mfa.factors.length === 0) {
      // Nobody could ever satisfy it: every sign-in would end at an enrolment with no choice.
      const message = "MFA cannot be required while no factor is offered. Offer at least one.";
      throw new DomainError("guard.invalid_input", `mfa.factors: ${message}`, {
        issues: [{ path: ["mfa", "factors"], message }],
      });
    }
    // Nothing changes: nothing is written, not even an audit entry.
    if (JSON.stringify(next) === JSON.stringify(current)) return current;
    const data = {
      registrationEnabled: next.registrationEnabled,
      passwordMinLength: next.passwordPolicy.minLength,
      passwordMinScore: next.passwordPolicy.minScore,
      mfaFactors: next.mfa.factors,
      mfaPolicy: next.mfa.policy,
    };
    const row = await tx.signInExperience.upsert({
      where: { id: ID },
      create: { id: ID, ...data },
      update: data,
    });
    await recordAudit(tx, ctx, {
      action: "sign_in_experience.updated",
      targetType: "sign_in_experience",
      targetId: ID,
      data: { before: current, after: toSignInExperience(row) },
    });
    return toSignInExperience(row);
  });
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
