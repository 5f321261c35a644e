import type { Db } from "@guildhall/db";
import { BUILT_IN_PERMISSION_NAMES } from "@guildhall/validators";
import { systemContext } from "../context.ts";
import { updateOrganizationCreationSettings } from "../instance-settings/index.ts";
import { addMembers, assignMemberRoles } from "../members/index.ts";
import { ensureBuiltInPermissions } from "../organization-access/index.ts";
import { createOrganizationPermission } from "../organization-permissions/index.ts";
import { createOrganizationRole } from "../organization-roles/index.ts";
import { createOrganization } from "../organizations/index.ts";
import { createUser } from "../users/index.ts";

/** Demo sign-ins, printed by `pnpm db:seed` and `pnpm start --demo`. Demo data only. */
export const demoUsers = [
  { email: "alice@example.com", name: "Alice", password: "alice-demo-password" },
  { email: "bob@example.com", name: "Bob", password: "bob-demo-password" },
] as const;

const permissions = [
  ["invite:member", "Invite people to the organization"],
  ["remove:member", "Remove members from the organization"],
  ["manage:organization", "Change the organization's settings"],
  ["read:content", "Read the organization's content"],
] as const;

export interface SeedResult {
  created: boolean;
  organizations: { id: string; name: string }[];
}

/**
 * The seed scenario of docs/design.md: template roles `admin` and `member`; organizations
 * Acme and Globex; Alice admin in Acme and member in Globex; Bob member in Acme. `admin`
 * also holds every built-in permission, so Alice runs Acme from the customer app, and every
 * user may create up to 5 organizations, becoming their `admin`.
 * Does nothing more when the template already has an `admin` role (safe to run twice).
 */
export async function seedDemoData(db: Db): Promise<SeedResult> {
  await ensureBuiltInPermissions(db);
  const existing = await db.organizationRole.findUnique({ where: { name: "admin" } });
  if (existing) {
    const orgs = await db.organization.findMany({
      where: { name: { in: ["Acme", "Globex"] } },
      select: { id: true, name: true },
    });
    return { created: false, organizations: orgs };
  }
  const ctx = systemContext(db);
  const ids = new Map<string, string>();
  for (const [name, description] of permissions) {
    ids.set(name, (await createOrganizationPermission(ctx, { name, description })).id);
  }
  const builtIn = await db.organizationPermission.findMany({
    where: { name: { in: BUILT_IN_PERMISSION_NAMES } },
    select: { id: true },
  });
  const pick = (...names: string[]) => names.map((n) => ids.get(n) ?? "");
  const admin = await createOrganizationRole(ctx, {
    name: "admin",
    description: "Manages the organization and its members",
    permissionIds: [
      ...pick("invite:member", "remove:member", "manage:organization", "read:content"),
      ...builtIn.map((p) => p.id),
    ],
  });
  const member = await createOrganizationRole(ctx, {
    name: "member",
    description: "Takes part in the organization",
    permissionIds: pick("invite:member", "read:content"),
  });
  await updateOrganizationCreationSettings(ctx, {
    policy: "everyone",
    creationRoleId: null,
    creatorRoleId: admin.id,
    limitPerUser: 5,
  });
  const acme = await createOrganization(ctx, {
    name: "Acme",
    description: "Acme Corporation",
    color: { primaryColor: "#4f46e5" },
  });
  const globex = await createOrganization(ctx, {
    name: "Globex",
    description: "Globex Corporation",
    color: { primaryColor: "#059669" },
  });
  const [alice, bob] = await Promise.all(
    demoUsers.map((u) => createUser(ctx, { ...u, emailVerified: true })),
  );
  if (!alice || !bob) throw new Error("demo users were not created");
  await addMembers(ctx, { organizationId: acme.id, userIds: [alice.id, bob.id] });
  await addMembers(ctx, { organizationId: globex.id, userIds: [alice.id] });
  await assignMemberRoles(ctx, {
    organizationId: acme.id,
    userId: alice.id,
    organizationRoleIds: [admin.id],
  });
  await assignMemberRoles(ctx, {
    organizationId: acme.id,
    userId: bob.id,
    organizationRoleIds: [member.id],
  });
  await assignMemberRoles(ctx, {
    organizationId: globex.id,
    userId: alice.id,
    organizationRoleIds: [member.id],
  });
  return {
    created: true,
    organizations: [
      { id: acme.id, name: acme.name },
      { id: globex.id, name: globex.name },
    ],
  };
}
