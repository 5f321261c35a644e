interface Named {
  name?: string | null;
  email: string | null;
  username?: string | null;
  primaryPhone?: string | null;
}

/** What a user signs in with: the email, else the username (a user may have neither). */
export function userIdentifier(user: Named): string {
  return user.email ?? user.username ?? "no email or username";
}

/**
 * How the console names a user: the name if set, else the email, username or phone number
 * (a Logto user may have any of them, or none).
 */
export function userLabel(user: Named): string {
  return user.name?.trim() || user.email || user.username || user.primaryPhone || "Unnamed user";
}

/** The identifiers `userLabel` does not already show (email, username, phone), joined, or null. */
export function userDetails(user: Named): string | null {
  const label = userLabel(user);
  const rest = [user.email, user.username, user.primaryPhone].filter(
    (value): value is string => Boolean(value) && value !== label,
  );
  return rest.length > 0 ? rest.join(" · ") : null;
}

/** Why an email action cannot be taken for this user, or null when it can. */
export function noEmailReason(user: { email: string | null }, action: string): string | null {
  return user.email === null ? `This user has no email address, so ${action}.` : null;
}
