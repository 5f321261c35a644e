import { renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { GUILDHALL_PERMISSIONS as P } from "../permissions.ts";
import { GuildhallProvider } from "../provider.tsx";
import { BASE_URL, createFakeGuildhall, type FakeGuildhall } from "../test/fake-guildhall.ts";
import { useMembers } from "./use-members.ts";
import { useOrganization } from "./use-organization.ts";
import { useOrganizationList } from "./use-organization-list.ts";
import { usePermissions } from "./use-permissions.ts";

function wrapper(fake: FakeGuildhall, organizationId: string | null) {
  return function Wrapper({ children }: { children: ReactNode }) {
    return (
      <GuildhallProvider
        baseUrl={BASE_URL}
        fetch={fake.fetch}
        getAccessToken={fake.getAccessToken}
        getOrganizationToken={fake.getOrganizationToken}
        organizationId={organizationId}
      >
        {children}
      </GuildhallProvider>
    );
  };
}

describe("hooks", () => {
  it("usePermissions: the current organization's permissions from one shared list request", async () => {
    const fake = createFakeGuildhall();
    const { result } = renderHook(
      () => ({ permissions: usePermissions(), list: useOrganizationList() }),
      { wrapper: wrapper(fake, "org_acme") },
    );
    await waitFor(() => expect(result.current.permissions.isMember).toBe(true));
    expect(result.current.permissions.has(P.membersRoles)).toBe(true);
    expect(result.current.permissions.has(P.organizationUpdate)).toBe(false);
    expect(result.current.permissions.roles).toEqual([{ id: "role_admin", name: "admin" }]);
    expect(result.current.list.organizations?.map((o) => o.name)).toEqual(["Acme", "Globex"]);
    expect(fake.requests.filter((r) => r.path === "/api/my/organizations")).toHaveLength(1);
  });

  it("useOrganization: the profile through the organization token, reloadable", async () => {
    const fake = createFakeGuildhall();
    const { result } = renderHook(() => useOrganization(), { wrapper: wrapper(fake, "org_acme") });
    await waitFor(() => expect(result.current.organization?.name).toBe("Acme"));
    expect(result.current.organization?.description).toBe("Rockets and anvils");
    const acme = fake.organizations.find((o) => o.id === "org_acme");
    if (acme) acme.name = "Acme Corp";
    await result.current.reload();
    await waitFor(() => expect(result.current.organization?.name).toBe("Acme Corp"));
  });

  it("useMembers: pages with the total, and a refusal as a GuildhallApiError", async () => {
    const fake = createFakeGuildhall();
    const { result } = renderHook(() => useMembers({ page: 2, pageSize: 2 }), {
      wrapper: wrapper(fake, "org_acme"),
    });
    await waitFor(() => expect(result.current.members).toBeDefined());
    expect(result.current.total).toBe(5);
    expect(result.current.members?.map((m) => m.name)).toEqual(["Bob", "Vic"]);
    await expect(result.current.changeRoles("user_olivia", [])).rejects.toMatchObject({
      status: 403,
      code: "member.role_not_grantable",
    });

    const viewer = createFakeGuildhall({ userId: "user_bob" });
    const denied = renderHook(() => useMembers(), { wrapper: wrapper(viewer, "org_acme") });
    await waitFor(() => expect(denied.result.current.error).toBeDefined());
    expect(denied.result.current.error).toMatchObject({ status: 403, code: "auth.forbidden" });
  });

  it("nothing is asked without an organization", async () => {
    const fake = createFakeGuildhall();
    const { result } = renderHook(() => useMembers(), { wrapper: wrapper(fake, null) });
    expect(result.current).toMatchObject({ members: undefined, loading: false });
    await Promise.resolve();
    expect(fake.requests).toEqual([]);
  });
});
