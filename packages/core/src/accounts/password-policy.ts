import type { Db, Prisma } from "@guildhall/db";
import type { PasswordStrengthResult } from "@guildhall/validators";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";
import { DomainError } from "../errors.ts";
import { getSignInExperience } from "./sign-in-experience.ts";

// Where the policy applies: passwords users choose themselves (sign-up, reset, change own
// password). Not to passwords set by an admin or the Management API (users created or
// updated by them) nor on the setup page: the person setting those is trusted to choose,
// and Logto applies its password policy the same way (experience flows, not the
// Management API).

let factory: ZxcvbnFactory | undefined;
/** Built on first use: the dictionaries take a moment to rank, and most requests never need them. */
function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
  });
  return factory;
}

/**
 * How hard a password is to guess (zxcvbn: score 0-4, with the reason and what to do),
 * counting `userInputs` (the email, the name) as known words. For a live meter.
 * @example passwordStrength("correct horse", ["ada@example.com"]) // { score: 2, ... }
 */
export function passwordStrength(password: string, userInputs: string[]): PasswordStrengthResult {
  const inputs = userInputs.flatMap((s) => {
    const local = s.includes("@") ? [s.slice(0, s.indexOf("@"))] : [];
    return [s, ...local].filter((v) => v.length > 0);
  });
  const result = zxcvbn().check(password, inputs);
  return {
    score: result.score,
    warning: result.feedback.warning || null,
    suggestions: result.feedback.suggestions,
  };
}

function rejected(message: string, data: Record<string, unknown>): DomainError {
  return new DomainError("password.rejected", message, data);
}

/**
 * Refuses a password the sign-in experience's policy does not accept: shorter than the
 * minimum length (in characters), or scoring below the minimum strength. The message says
 * why and what to do (zxcvbn's warning and suggestions), e.g. "This password is too easy to
 * guess: This is a commonly used password. Add more words that are less common."
 * @throws password.rejected
 */
export async function checkPasswordPolicy(
  db: Db | Prisma.TransactionClient,
  password: string,
  userInputs: string[],
): Promise<void> {
  const { passwordPolicy } = await getSignInExperience(db);
  const length = [...password].length;
  if (length < passwordPolicy.minLength) {
    throw rejected(
      `The password is too short: use at least ${passwordPolicy.minLength} characters.`,
      { reason: "too_short", minLength: passwordPolicy.minLength, length },
    );
  }
  const strength = passwordStrength(password, userInputs);
  if (strength.score < passwordPolicy.minScore) {
    const why = strength.warning ? `: ${strength.warning}` : ".";
    const what =
      strength.suggestions.length > 0
        ? ` ${strength.suggestions.join(" ")}`
        : " Add more words or characters that are less common.";
    throw rejected(`This password is too easy to guess${why}${what}`, {
      reason: "too_weak",
      minScore: passwordPolicy.minScore,
      ...strength,
    });
  }
}
