import { describe, expect, it, vi } from "vitest";
import { createGuildhallClient, GuildhallApiError } from "./client.ts";

const BASE = "https://auth.example.com";

function client(fetch: typeof globalThis.fetch, tokens: { access?: () => Promise<string> } = {}) {
  return createGuildhallClient({
    baseUrl: `${BASE}/`,
    fetch,
    getAccessToken: tokens.access ?? (() => Promise.resolve("user-token")),
    getOrganizationToken: (id) => Promise.resolve(`org-token-${id}`),
  });
}

const urlOf = (input: RequestInfo | URL | undefined): string =>
  input instanceof Request ? input.url : input instanceof URL ? input.href : (input ?? "");

const json = (body: unknown, init: ResponseInit = {}) =>
  Response.json(body, {
    ...init,
    headers: { "content-type": "application/json", ...init.headers },
  });

describe("createGuildhallClient", () => {
  it("throws GuildhallApiError with Guildhall's status, code, message and data", async () => {
    const api = client(async () =>
      json(
        {
          code: "member.role_not_grantable",
          message: "You can't give admin: it holds permissions you don't have.",
          data: { roleIds: ["r1"] },
        },
        { status: 403 },
      ),
    );
    const error = await api.replaceMemberRoles("org_1", "user_1", ["r1"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GuildhallApiError);
    expect(error).toMatchObject({
      status: 403,
      code: "member.role_not_grantable",
      message: "You can't give admin: it holds permissions you don't have.",
      data: { roleIds: ["r1"] },
    });
  });

  it("sends the organization token to organization routes and the access token to user routes", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => json([]));
    const api = client(fetch);
    await api.listMyOrganizations();
    await api.listRoles("org/1");
    const calls = fetch.mock.calls.map(([url, init]) => [
      urlOf(url),
      new Headers(init?.headers).get("authorization"),
    ]);
    expect(calls).toEqual([
      [`${BASE}/api/my/organizations`, "Bearer user-token"],
      [`${BASE}/api/my/organizations/org%2F1/roles`, "Bearer org-token-org/1"],
    ]);
  });

  it("asks for a new token once when Guildhall answers 401, then gives up", async () => {
    let issued = 0;
    const access = vi.fn(() => Promise.resolve(`token-${++issued}`));
    const seen: (string | null)[] = [];
    const api = client(
      async (_url, init) => {
        const authorization = new Headers(init?.headers).get("authorization");
        seen.push(authorization);
        return authorization === "Bearer token-2"
          ? json([])
          : json({ code: "auth.unauthorized", message: "expired" }, { status: 401 });
      },
      { access },
    );
    await expect(api.listMyOrganizations()).resolves.toEqual([]);
    expect(seen).toEqual(["Bearer token-1", "Bearer token-2"]);

    issued = 10;
    const again = client(
      async () => json({ code: "auth.unauthorized", message: "Sign in again." }, { status: 401 }),
      {
        access,
      },
    );
    await expect(again.listMyOrganizations()).rejects.toMatchObject({
      status: 401,
      message: "Sign in again.",
    });
  });

  it("asks the app for a token once for parallel calls", async () => {
    const access = vi.fn(
      () => new Promise<string>((resolve) => setTimeout(() => resolve("opaque-token"), 10)),
    );
    const api = client(async () => json([]), { access });
    await Promise.all([
      api.listMyOrganizations(),
      api.listMyOrganizations(),
      api.listMyOrganizations(),
    ]);
    await api.listMyOrganizations();
    expect(access).toHaveBeenCalledTimes(1);
  });

  it("reads lists defensively: fallback field names, permissions as objects, Total-Number", async () => {
    const api = client(async (url) => {
      const path = new URL(urlOf(url)).pathname;
      if (path.endsWith("/users"))
        return json(
          [
            {
              id: "u1",
              email: "a@example.com",
              avatarUrl: "https://img/a.png",
              name: null,
              roles: [{ id: "r1", name: "admin" }],
            },
          ],
          { headers: { "Total-Number": "41" } },
        );
      return json([
        { id: "r1", name: "admin", scopes: [{ id: "p1", name: "guildhall:members:read" }] },
      ]);
    });
    await expect(api.listMembers("org_1", { q: " al ", page: 3 })).resolves.toEqual({
      total: 41,
      items: [
        {
          id: "u1",
          username: null,
          primaryEmail: "a@example.com",
          name: null,
          avatar: "https://img/a.png",
          organizationRoles: [{ id: "r1", name: "admin" }],
        },
      ],
    });
    // A role without `grantable` is not offered: Guildhall would refuse it anyway.
    await expect(api.listRoles("org_1")).resolves.toEqual([
      {
        id: "r1",
        name: "admin",
        description: null,
        permissions: ["guildhall:members:read"],
        grantable: false,
      },
    ]);
  });

  it("passes q, page and page_size, and the invitation body Guildhall expects", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async (url) =>
      urlOf(url).includes("invitations")
        ? json(
            {
              id: "i1",
              invitee: "b@example.com",
              status: "Pending",
              organizationRoles: [],
              expiresAt: 1,
            },
            { status: 201 },
          )
        : json([]),
    );
    const api = client(fetch);
    await api.listMembers("org_1", { q: "bob", page: 2, pageSize: 50 });
    const invitation = await api.createInvitation("org_1", {
      email: " b@example.com ",
      roleIds: ["r1"],
    });
    expect(urlOf(fetch.mock.calls[0]?.[0])).toBe(
      `${BASE}/api/my/organizations/org_1/users?q=bob&page=2&page_size=50`,
    );
    expect(fetch.mock.calls[1]?.[1]).toMatchObject({
      method: "POST",
      body: JSON.stringify({ invitee: "b@example.com", organizationRoleIds: ["r1"] }),
    });
    expect(invitation).toMatchObject({
      id: "i1",
      invitee: "b@example.com",
      status: "Pending",
      expiresAt: 1,
    });
  });

  it("says when Guildhall is unreachable or the app gives no token", async () => {
    const offline = client(async () => {
      throw new TypeError("fetch failed");
    });
    await expect(offline.getOrganization("org_1")).rejects.toMatchObject({
      status: 0,
      code: "network_error",
      message: `Could not reach Guildhall at ${BASE}. Check your connection and try again.`,
    });
    const signedOut = client(async () => json([]), {
      access: () => Promise.reject(new Error("Your session ended. Sign in again.")),
    });
    await expect(signedOut.listMyOrganizations()).rejects.toMatchObject({
      status: 0,
      code: "token_unavailable",
      message: "Your session ended. Sign in again.",
    });
  });

  it("explains a refusal without a JSON body by its status", async () => {
    const api = client(async () => new Response("Bad gateway", { status: 502 }));
    await expect(api.listMyOrganizations()).rejects.toMatchObject({
      status: 502,
      code: "http_502",
      message: "Guildhall could not complete this request. Try again in a moment.",
    });
  });
});
