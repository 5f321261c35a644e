import type { Prisma } from "@guildhall/db";
import type { User } from "@guildhall/validators";
import { textSearch } from "../shared/search.ts";

/** The user columns every API returns. Never `passwordHash`. Raw SQL lists select these. */
export const userColumns = {
  id: true,
  email: true,
  username: true,
  primaryPhone: true,
  name: true,
  avatarUrl: true,
  emailVerifiedAt: true,
  mfaEnabledAt: true,
  suspendedAt: true,
  customData: true,
  profile: true,
  lastSignInAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.UserSelect;

/**
 * The types of the user's confirmed factors. Prisma reads them for a whole page in one
 * extra query (`WHERE "userId" IN (...)`), so a list stays two round trips.
 */
const confirmedFactorTypes = {
  where: { confirmedAt: { not: null } },
  select: { type: true },
} satisfies Prisma.User$mfaFactorsArgs;

/** What `toUser` needs: the columns and the confirmed factor types. */
export const userSelect = {
  ...userColumns,
  mfaFactors: confirmedFactorTypes,
} satisfies Prisma.UserSelect;

export type UserRow = Prisma.UserGetPayload<{ select: typeof userSelect }>;

/** Stored JSON that should be an object; anything else reads as `{}`. */
export function jsonObjectOf(value: Prisma.JsonValue): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
}

/** A selected user row as the `user` schema: timestamps become the booleans clients use. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    primaryPhone: row.primaryPhone,
    name: row.name,
    avatarUrl: row.avatarUrl,
    emailVerified: row.emailVerifiedAt !== null,
    mfaEnabled: row.mfaEnabledAt !== null,
    mfaFactors: factorTypes(row.mfaFactors),
    isSuspended: row.suspendedAt !== null,
    customData: jsonObjectOf(row.customData),
    profile: jsonObjectOf(row.profile),
    lastSignInAt: row.lastSignInAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

type FactorType = User["mfaFactors"][number];

const FACTOR_ORDER: readonly FactorType[] = ["totp", "webauthn", "backup_codes"];

/** Each kind once (a user may hold several passkeys), in a stable order. */
export function factorTypes(factors: readonly { type: FactorType }[]): FactorType[] {
  return FACTOR_ORDER.filter((type) => factors.some((f) => f.type === type));
}

/**
 * `q` matches part of the email, username, phone number or name (any case), or the exact
 * id: the one user search, for every list of users (list-members.ts spells it in SQL).
 */
export function userSearch(q: string | undefined): Prisma.UserWhereInput {
  return textSearch(q, USER_SEARCH_FIELDS);
}

/** The user columns `q` searches. */
export const USER_SEARCH_FIELDS = ["email", "username", "primaryPhone", "name"] as const;
