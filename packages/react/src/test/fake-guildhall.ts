// A small in-memory Guildhall answering the organization API as docs/organization-self-service.md
// specifies: organization tokens per organization, the user's access token for the user
// routes, permissions from the template, the no-escalation rule, Logto-shaped errors.
import { GUILDHALL_PERMISSIONS as P } from "../permissions.ts";

export interface FakeRole {
  id: string;
  name: string;
  permissions: string[];
}

export interface FakeUser {
  id: string;
  name: string;
  primaryEmail: string;
}

interface FakeInvitation {
  id: string;
  invitee: string;
  status: "Pending" | "Accepted" | "Expired" | "Revoked";
  roleIds: string[];
  expiresAt: number;
  createdAt: number;
}

interface FakeOrganization {
  id: string;
  name: string;
  description: string | null;
  members: Map<string, string[]>;
  invitations: FakeInvitation[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | null;
  body: unknown;
}

export const BASE_URL = "https://guildhall.test";

export const ROLES: FakeRole[] = [
  { id: "role_owner", name: "owner", permissions: [...Object.values(P), "billing:manage"] },
  {
    id: "role_admin",
    name: "admin",
    permissions: [
      P.membersRead,
      P.membersInvite,
      P.membersRemove,
      P.membersRoles,
      P.invitationsManage,
    ],
  },
  { id: "role_viewer", name: "viewer", permissions: [P.membersRead] },
  { id: "role_inviter", name: "inviter", permissions: [P.membersInvite] },
  { id: "role_member", name: "member", permissions: [] },
];

export const USERS: FakeUser[] = [
  { id: "user_alice", name: "Alice", primaryEmail: "alice@example.com" },
  { id: "user_olivia", name: "Olivia", primaryEmail: "olivia@example.com" },
  { id: "user_bob", name: "Bob", primaryEmail: "bob@example.com" },
  { id: "user_vic", name: "Vic", primaryEmail: "vic@example.com" },
  { id: "user_ivy", name: "Ivy", primaryEmail: "ivy@example.com" },
];

/** Refusal bodies as Guildhall writes them. */
const errors = {
  unauthorized: (message: string) => ({ status: 401, code: "auth.unauthorized", message }),
  forbidden: (message: string, data?: unknown) => ({
    status: 403,
    code: "auth.forbidden",
    message,
    data,
  }),
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

function fail(spec: { status: number; code: string; message: string; data?: unknown }): never {
  throw new HttpError(spec.status, spec.code, spec.message, spec.data);
}

export interface FakeGuildhallOptions {
  /** Who the tokens belong to. */
  userId?: string;
  /** The console's creation policy. */
  creation?: "everyone" | "nobody";
}

export function createFakeGuildhall(options: FakeGuildhallOptions = {}) {
  const userId = options.userId ?? "user_alice";
  let creation = options.creation ?? "everyone";
  let sequence = 0;
  const requests: RecordedRequest[] = [];
  /** Makes the next matching call fail, e.g. to test how a refusal is shown. */
  const failures: {
    method: string;
    path: RegExp;
    status: number;
    code: string;
    message: string;
  }[] = [];

  const organizations: FakeOrganization[] = [
    {
      id: "org_acme",
      name: "Acme",
      description: "Rockets and anvils",
      members: new Map([
        ["user_alice", ["role_admin"]],
        ["user_olivia", ["role_owner"]],
        ["user_bob", ["role_member"]],
        ["user_vic", ["role_viewer"]],
        ["user_ivy", ["role_inviter"]],
      ]),
      invitations: [
        {
          id: "inv_1",
          invitee: "carol@example.com",
          status: "Pending",
          roleIds: ["role_member"],
          expiresAt: Date.UTC(2030, 0, 8),
          createdAt: Date.UTC(2030, 0, 1),
        },
        {
          id: "inv_2",
          invitee: "dan@example.com",
          status: "Accepted",
          roleIds: ["role_member"],
          expiresAt: Date.UTC(2029, 11, 8),
          createdAt: Date.UTC(2029, 11, 1),
        },
      ],
    },
    {
      id: "org_globex",
      name: "Globex",
      description: null,
      members: new Map([
        ["user_alice", ["role_member"]],
        ["user_olivia", ["role_owner"]],
      ]),
      invitations: [],
    },
  ];

  const roleById = (id: string) => ROLES.find((r) => r.id === id);
  const permissionsOf = (organization: FakeOrganization, user: string) =>
    new Set(
      (organization.members.get(user) ?? []).flatMap(
        (roleId) => roleById(roleId)?.permissions ?? [],
      ),
    );
  const grantable = (organization: FakeOrganization, roleId: string) => {
    const mine = permissionsOf(organization, userId);
    return (roleById(roleId)?.permissions ?? ["?"]).every((p) => mine.has(p));
  };
  const roleRefs = (roleIds: string[]) =>
    roleIds.flatMap((id) => {
      const role = roleById(id);
      return role ? [{ id: role.id, name: role.name }] : [];
    });
  const profile = (o: FakeOrganization) => ({
    id: o.id,
    name: o.name,
    description: o.description,
    branding: {},
    color: {},
    customCss: null,
    createdAt: Date.UTC(2030, 0, 1),
  });
  const invitationJson = (o: FakeOrganization, i: FakeInvitation) => ({
    id: i.id,
    inviterId: null,
    invitee: i.invitee,
    acceptedUserId: null,
    organizationId: o.id,
    status: i.status,
    createdAt: i.createdAt,
    updatedAt: i.createdAt,
    expiresAt: i.expiresAt,
    organizationRoles: roleRefs(i.roleIds),
  });

  function userToken(authorization: string | null) {
    if (authorization !== `Bearer access:${userId}`)
      fail(errors.unauthorized("The access token is missing, expired or not the user's."));
  }

  function organizationFor(
    authorization: string | null,
    organizationId: string,
    permission?: string,
  ) {
    if (authorization !== `Bearer org:${organizationId}:${userId}`)
      fail(
        errors.unauthorized(
          "The organization token is missing, expired or for another organization.",
        ),
      );
    const organization = organizations.find((o) => o.id === organizationId);
    if (!organization?.members.has(userId))
      fail(errors.forbidden("You are not a member of this organization."));
    if (permission && !permissionsOf(organization, userId).has(permission))
      fail(
        errors.forbidden(
          `Your roles in this organization do not give you ${permission}. An admin of the organization can give you a role that holds it.`,
          { missingScopes: [permission] },
        ),
      );
    return organization;
  }

  function assertGrantable(organization: FakeOrganization, roleIds: string[]) {
    const refused = roleIds.filter((id) => !grantable(organization, id));
    if (refused.length > 0)
      fail({
        status: 403,
        code: "member.role_not_grantable",
        message: `You can't give or take away ${roleRefs(refused)
          .map((r) => r.name)
          .join(", ")}: it holds permissions you don't have.`,
      });
  }

  function page<T>(items: T[], query: URLSearchParams) {
    const size = Number(query.get("page_size") ?? "20");
    const number = Number(query.get("page") ?? "1");
    return { items: items.slice((number - 1) * size, number * size), total: items.length };
  }

  function route(
    method: string,
    path: string,
    query: URLSearchParams,
    auth: string | null,
    body: unknown,
  ) {
    const failure = failures.findIndex((f) => f.method === method && f.path.test(path));
    if (failure >= 0) {
      const [spec] = failures.splice(failure, 1);
      if (spec) fail(spec);
    }
    if (path === "/api/my/organizations") {
      userToken(auth);
      if (method === "GET")
        return {
          status: 200,
          body: organizations
            .filter((o) => o.members.has(userId))
            .map((o) => ({
              ...profile(o),
              roles: roleRefs(o.members.get(userId) ?? []),
              permissions: [...permissionsOf(o, userId)].sort(),
            })),
        };
      if (method === "POST") {
        if (creation === "nobody")
          fail({
            status: 403,
            code: "organization.creation_not_allowed",
            message: "This app does not let users create organizations; ask its administrators.",
          });
        const input = body as { name?: string; description?: string };
        if (!input.name?.trim())
          fail({ status: 400, code: "guard.invalid_input", message: "Name is required" });
        const organization: FakeOrganization = {
          id: `org_new_${++sequence}`,
          name: input.name.trim(),
          description: input.description ?? null,
          members: new Map([[userId, ["role_owner"]]]),
          invitations: [],
        };
        organizations.push(organization);
        return { status: 201, body: profile(organization) };
      }
    }
    const match = /^\/api\/my\/organizations\/([^/]+)(\/.*)?$/.exec(path);
    if (!match)
      return { status: 404, body: { code: "request.not_found", message: "No such route." } };
    const organizationId = decodeURIComponent(match[1] ?? "");
    const rest = match[2] ?? "";
    if (rest === "" && method === "GET")
      return { status: 200, body: profile(organizationFor(auth, organizationId)) };
    if (rest === "/roles" && method === "GET") {
      const organization = organizationFor(auth, organizationId);
      return {
        status: 200,
        body: ROLES.map((role) => ({
          id: role.id,
          name: role.name,
          description: null,
          permissions: role.permissions,
          grantable: grantable(organization, role.id),
        })),
      };
    }
    if (rest === "/users" && method === "GET") {
      const organization = organizationFor(auth, organizationId, P.membersRead);
      const q = (query.get("q") ?? "").toLowerCase();
      const members = [...organization.members]
        .map(([id, roleIds]) => {
          const user = USERS.find((u) => u.id === id);
          return {
            id,
            username: null,
            primaryEmail: user?.primaryEmail ?? null,
            primaryPhone: null,
            name: user?.name ?? null,
            avatar: null,
            customData: {},
            organizationRoles: roleRefs(roleIds),
          };
        })
        .filter((m) => !q || `${m.name} ${m.primaryEmail}`.toLowerCase().includes(q));
      const { items, total } = page(members, query);
      return { status: 200, body: items, total };
    }
    const userRoles = /^\/users\/([^/]+)\/roles$/.exec(rest);
    if (userRoles && method === "PUT") {
      const organization = organizationFor(auth, organizationId, P.membersRoles);
      const target = decodeURIComponent(userRoles[1] ?? "");
      const before = organization.members.get(target);
      if (!before) fail({ status: 404, code: "entity.not_found", message: "Not a member." });
      const after = (body as { organizationRoleIds: string[] }).organizationRoleIds;
      assertGrantable(organization, [
        ...after.filter((id) => !before.includes(id)),
        ...before.filter((id) => !after.includes(id)),
      ]);
      organization.members.set(target, after);
      return { status: 204, body: undefined };
    }
    const user = /^\/users\/([^/]+)$/.exec(rest);
    if (user && method === "DELETE") {
      const organization = organizationFor(auth, organizationId, P.membersRemove);
      const target = decodeURIComponent(user[1] ?? "");
      const roles = organization.members.get(target);
      if (!roles) fail({ status: 404, code: "entity.not_found", message: "Not a member." });
      assertGrantable(organization, roles);
      organization.members.delete(target);
      return { status: 204, body: undefined };
    }
    if (rest === "/invitations" && method === "GET") {
      const organization = organizationFor(auth, organizationId, P.invitationsManage);
      const items = [...organization.invitations]
        .sort((a, b) => b.createdAt - a.createdAt)
        .map((i) => invitationJson(organization, i));
      const { items: pageItems, total } = page(items, query);
      return { status: 200, body: pageItems, total };
    }
    if (rest === "/invitations" && method === "POST") {
      const organization = organizationFor(auth, organizationId, P.membersInvite);
      const input = body as { invitee: string; organizationRoleIds: string[] };
      assertGrantable(organization, input.organizationRoleIds);
      const invitation: FakeInvitation = {
        id: `inv_new_${++sequence}`,
        invitee: input.invitee.toLowerCase(),
        status: "Pending",
        roleIds: input.organizationRoleIds,
        expiresAt: Date.UTC(2031, 0, 8),
        createdAt: Date.UTC(2031, 0, 1) + sequence,
      };
      organization.invitations.push(invitation);
      return { status: 201, body: invitationJson(organization, invitation) };
    }
    const action = /^\/invitations\/([^/]+)\/(resend|revoke)$/.exec(rest);
    if (action && method === "POST") {
      const organization = organizationFor(
        auth,
        organizationId,
        action[2] === "resend" ? P.membersInvite : P.invitationsManage,
      );
      const invitation = organization.invitations.find((i) => i.id === action[1]);
      if (!invitation)
        fail({ status: 404, code: "entity.not_exists_with_id", message: "No such invitation." });
      if (action[2] === "revoke") invitation.status = "Revoked";
      return { status: 200, body: invitationJson(organization, invitation) };
    }
    return { status: 404, body: { code: "request.not_found", message: "No such route." } };
  }

  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? "GET").toUpperCase();
    const headers = new Headers(init?.headers);
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
    const authorization = headers.get("authorization");
    requests.push({ method, path: url.pathname, query: url.searchParams, authorization, body });
    if (url.origin !== BASE_URL) throw new TypeError("fetch failed");
    try {
      const answer = route(method, url.pathname, url.searchParams, authorization, body);
      const responseHeaders = new Headers({ "content-type": "application/json" });
      if ("total" in answer && typeof answer.total === "number")
        responseHeaders.set("Total-Number", String(answer.total));
      return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
        status: answer.status,
        headers: responseHeaders,
      });
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      return Response.json(
        { code: error.code, message: error.message, ...(error.data ? { data: error.data } : {}) },
        { status: error.status },
      );
    }
  };

  return {
    fetch,
    requests,
    organizations,
    /** The token getters an app would pass, answering with this fake's tokens. */
    getAccessToken: () => Promise.resolve(`access:${userId}`),
    getOrganizationToken: (organizationId: string) =>
      Promise.resolve(`org:${organizationId}:${userId}`),
    setCreation(value: "everyone" | "nobody") {
      creation = value;
    },
    failNext(method: string, path: RegExp, status: number, code: string, message: string) {
      failures.push({ method, path, status, code, message });
    },
    /** Requests that changed something. */
    writes: () => requests.filter((r) => r.method !== "GET"),
  };
}

export type FakeGuildhall = ReturnType<typeof createFakeGuildhall>;
