import { demoUsers, getSetupStatus, seedDemoData } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";

type Db = ReturnType<typeof getDb>;

async function isEmpty(db: Db): Promise<boolean> {
  const [users, organizations, roles, permissions] = await Promise.all([
    db.user.count(),
    db.organization.count(),
    db.organizationRole.count(),
    db.organizationPermission.count(),
  ]);
  return users + organizations + roles + permissions === 0;
}

/**
 * Loads the demo data (the seed scenario) with `--demo`, or after asking when `ask` is
 * given (interactive start on the embedded database). Only ever into an empty database.
 */
export async function loadDemoDataIfWanted(opts: {
  flag: boolean;
  ask?: (question: string) => Promise<boolean>;
  log: (message: string) => void;
}): Promise<void> {
  if (!opts.flag && !opts.ask) return;
  const db = getDb();
  if (!(await isEmpty(db))) {
    if (opts.flag) opts.log("Demo data skipped: the database already has data.");
    return;
  }
  if (!opts.flag && !(await opts.ask?.("Load demo data?"))) return;
  const result = await seedDemoData(db);
  opts.log(
    `Demo data loaded: organizations ${result.organizations.map((o) => o.name).join(" and ")}, roles admin and member.`,
  );
  opts.log("  Demo users (organization members, not console members):");
  for (const u of demoUsers) opts.log(`    ${u.email} / ${u.password}`);
}

/** The line printed at start: where to go to sign in. */
export async function signInHint(baseUrl: string): Promise<string> {
  const { needsSetup } = await getSetupStatus(getDb());
  return needsSetup
    ? `No console admin yet: open ${baseUrl}/setup to create the first one.`
    : `Sign in at ${baseUrl}/sign-in with a console member's email and password.`;
}
