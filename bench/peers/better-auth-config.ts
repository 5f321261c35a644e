/**
 * Better Auth with its organization plugin, configured like Guildhall's benchmark template:
 * 20 roles ("role-01".."role-20") of 10 of 100 permissions each. A permission "perm:NNN" is
 * Better Auth's resource "perm" with action "NNN". Two setups over one database: roles in
 * code (`createAccessControl` + `ac.newRole`) and roles in the database (its dynamic access
 * control, one `organizationRole` row per role and organization).
 */
import { betterAuth } from "better-auth";
import { organization } from "better-auth/plugins/organization";
import { createAccessControl } from "better-auth/plugins/access";
import { defaultStatements } from "better-auth/plugins/organization/access";
import type pg from "pg";
import { DATASET } from "../dataset.ts";

const pad = (n: number, width: number) => String(n).padStart(width, "0");
export const ACTIONS = Array.from({ length: DATASET.permissions }, (_, i) => pad(i + 1, 3));

const statements = { ...defaultStatements, perm: ACTIONS } as const;
export const ac = createAccessControl(statements);

/** The role's permission actions, as Guildhall's dataset gives them (same formula). */
export function roleActions(role: number): string[] {
  const picked = new Set<string>();
  for (let k = 1; k <= 10; k++) picked.add(pad(((role * 7 + k) % DATASET.permissions) + 1, 3));
  return [...picked].sort();
}

export const roleName = (role: number) => `role-${pad(role, 2)}`;

type Role = ReturnType<typeof ac.newRole>;
const templateRoles: Record<string, Role> = Object.fromEntries(
  Array.from({ length: DATASET.roles }, (_, i) => [
    roleName(i + 1),
    ac.newRole({ perm: roleActions(i + 1) }),
  ]),
);

/**
 * The benchmark's inviter and role editor: may invite, and may update roles (its dynamic
 * access control only lets a member give a role permissions the member holds: all of them).
 */
export const ADMIN_ROLE: string = "bench-admin";
const adminRole: Role = ac.newRole({
  perm: ACTIONS,
  invitation: ["create", "cancel"],
  member: ["create", "update", "delete"],
  ac: ["create", "read", "update", "delete"],
});

export const PEER_SECRET = "bench-peer-secret-0123456789abcdef0123456789";

const common = (pool: pg.Pool) => ({
  database: pool,
  secret: PEER_SECRET,
  baseURL: "http://127.0.0.1",
  telemetry: { enabled: false },
  logger: { disabled: true },
  rateLimit: { enabled: false },
});
const organizationOptions = {
  ac,
  // Its defaults (100 members, 100 pending invitations per organization) are below the
  // dataset's organization sizes.
  membershipLimit: 1_000_000,
  invitationLimit: 1_000_000,
};

/** Roles in code. */
export function createPeerAuth(pool: pg.Pool) {
  return betterAuth({
    ...common(pool),
    plugins: [
      organization({
        ...organizationOptions,
        roles: { ...templateRoles, [ADMIN_ROLE]: adminRole },
      }),
    ],
  });
}

/** Roles in the database (dynamic access control); only the admin role stays in code. */
export function createDynamicPeerAuth(pool: pg.Pool) {
  return betterAuth({
    ...common(pool),
    plugins: [
      organization({
        ...organizationOptions,
        roles: { [ADMIN_ROLE]: adminRole },
        dynamicAccessControl: { enabled: true },
      }),
    ],
  });
}
