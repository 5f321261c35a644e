import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { createFakeGuildhall } from "../test/fake-guildhall.ts";
import { renderWithGuildhall } from "../test/render.tsx";
import { OrganizationProfile } from "./organization-profile.tsx";

/** The members table, once loaded. */
async function membersTable() {
  return screen.findByRole("table", { name: "Members of Acme" });
}

function row(table: HTMLElement, name: string): HTMLElement {
  const cell = within(table).getByText(name, { selector: "td > div" });
  const tr = cell.closest("tr");
  if (!tr) throw new Error(`no row for ${name}`);
  return tr;
}

describe("<OrganizationProfile> for an admin (members:read/roles/remove/invite, invitations:manage)", () => {
  it("lists members with a role select whose non-grantable roles are disabled", async () => {
    renderWithGuildhall(<OrganizationProfile />);
    expect(await screen.findByRole("heading", { name: "Acme" })).toBeTruthy();
    expect(screen.getByText("Your roles: admin")).toBeTruthy();
    const tabs = screen.getAllByRole("tab");
    expect(tabs.map((t) => t.textContent)).toEqual(["Members", "Invitations"]);
    expect(tabs[0]?.getAttribute("aria-selected")).toBe("true");

    const table = await membersTable();
    const bob = row(table, "Bob");
    const select = within(bob).getByRole<HTMLSelectElement>("combobox", { name: "Role of Bob" });
    const options = within(select).getAllByRole<HTMLOptionElement>("option");
    const byName = Object.fromEntries(options.map((o) => [o.value, o]));
    expect(byName.role_owner?.disabled).toBe(true);
    expect(byName.role_owner?.textContent).toBe("owner (you can't grant this role)");
    expect(byName.role_admin?.disabled).toBe(false);
    expect(byName.role_member?.disabled).toBe(false);
    expect(select.value).toBe("role_member");

    // Olivia is an owner: Alice can neither change her roles nor remove her.
    const olivia = row(table, "Olivia");
    expect(within(olivia).getByRole<HTMLSelectElement>("combobox").disabled).toBe(true);
    expect(
      within(olivia).getByText(/holds owner, which you can't grant or take away/),
    ).toBeTruthy();
    expect(
      within(olivia).getByRole<HTMLButtonElement>("button", { name: "Remove Olivia" }).disabled,
    ).toBe(true);
  });

  it("changes a member's role with PUT …/users/{id}/roles and says so", async () => {
    const user = userEvent.setup();
    const { fake } = renderWithGuildhall(<OrganizationProfile />);
    const bob = row(await membersTable(), "Bob");
    await user.selectOptions(
      within(bob).getByRole("combobox", { name: "Role of Bob" }),
      "role_viewer",
    );
    await user.click(within(bob).getByRole("button", { name: "Save role" }));
    expect(await screen.findByText("Bob is now viewer.")).toBeTruthy();
    expect(fake.writes()).toEqual([
      expect.objectContaining({
        method: "PUT",
        path: "/api/my/organizations/org_acme/users/user_bob/roles",
        body: { organizationRoleIds: ["role_viewer"] },
        authorization: "Bearer org:org_acme:user_alice",
      }),
    ]);
    // The list was read again: Bob's row shows his new role.
    await waitFor(() =>
      expect(
        within(
          row(screen.getByRole("table", { name: "Members of Acme" }), "Bob"),
        ).getByRole<HTMLSelectElement>("combobox").value,
      ).toBe("role_viewer"),
    );
  });

  it("shows Guildhall's message when it refuses a change", async () => {
    const user = userEvent.setup();
    const fake = createFakeGuildhall();
    fake.failNext(
      "PUT",
      /\/users\/user_bob\/roles$/,
      409,
      "organization.last_admin",
      "Acme would have nobody who can change roles: give someone else guildhall:members:roles first.",
    );
    renderWithGuildhall(<OrganizationProfile />, { fake });
    const bob = row(await membersTable(), "Bob");
    await user.selectOptions(
      within(bob).getByRole("combobox", { name: "Role of Bob" }),
      "role_admin",
    );
    await user.click(within(bob).getByRole("button", { name: "Save role" }));
    const alert = await screen.findByText(/Acme would have nobody who can change roles/);
    expect(alert.closest('[role="alert"]')).toBeTruthy();
  });

  it("removes a member after a confirmation that says what it affects", async () => {
    const user = userEvent.setup();
    const { fake } = renderWithGuildhall(<OrganizationProfile />);
    const bob = row(await membersTable(), "Bob");
    await user.click(within(bob).getByRole("button", { name: "Remove Bob" }));
    const confirm = screen.getByRole("group", { name: "Remove Bob" });
    expect(confirm.textContent).toContain("Remove Bob from Acme? They lose their roles in Acme");
    expect(fake.writes()).toEqual([]);
    await user.click(within(confirm).getByRole("button", { name: "Remove Bob" }));
    expect(await screen.findByText("Removed Bob from Acme.")).toBeTruthy();
    expect(fake.writes()).toEqual([
      expect.objectContaining({
        method: "DELETE",
        path: "/api/my/organizations/org_acme/users/user_bob",
      }),
    ]);
    await waitFor(() => expect(screen.queryByText("Bob", { selector: "td > div" })).toBeNull());
  });

  it("searches members with q", async () => {
    const user = userEvent.setup();
    const { fake } = renderWithGuildhall(<OrganizationProfile />);
    await membersTable();
    await user.type(screen.getByRole("searchbox", { name: "Search members" }), "oliv");
    await user.click(screen.getByRole("button", { name: "Search" }));
    await waitFor(() => expect(screen.queryByText("Bob", { selector: "td > div" })).toBeNull());
    expect(screen.getByText("Olivia", { selector: "td > div" })).toBeTruthy();
    expect(fake.requests.at(-1)?.query.get("q")).toBe("oliv");
    await user.clear(screen.getByRole("searchbox", { name: "Search members" }));
    await user.type(screen.getByRole("searchbox", { name: "Search members" }), "zed");
    await user.click(screen.getByRole("button", { name: "Search" }));
    expect(await screen.findByText("No members match “zed”.")).toBeTruthy();
  });

  it("invites by email with roles, and the roles it may not grant are disabled", async () => {
    const user = userEvent.setup();
    const { fake } = renderWithGuildhall(<OrganizationProfile defaultTab="invitations" />);
    expect(await screen.findByRole("table", { name: "Invitations to Acme" })).toBeTruthy();
    const owner = await screen.findByRole<HTMLInputElement>("checkbox", { name: "owner" });
    expect(owner.disabled).toBe(true);
    expect(owner.getAttribute("aria-describedby")).toBeTruthy();

    await user.click(screen.getByRole("button", { name: "Send invitation" }));
    expect(await screen.findByText(/Enter the email address to invite/)).toBeTruthy();
    expect(fake.writes()).toEqual([]);

    await user.type(screen.getByRole("textbox", { name: "Email address" }), "Erin@Example.com");
    await user.click(screen.getByRole("checkbox", { name: "viewer" }));
    await user.click(screen.getByRole("button", { name: "Send invitation" }));
    expect(await screen.findByText("Invitation sent to Erin@Example.com.")).toBeTruthy();
    expect(fake.writes()).toEqual([
      expect.objectContaining({
        method: "POST",
        path: "/api/my/organizations/org_acme/invitations",
        body: { invitee: "Erin@Example.com", organizationRoleIds: ["role_viewer"] },
      }),
    ]);
    expect(await screen.findByText("erin@example.com")).toBeTruthy();
  });

  it("resends and, after confirming, revokes a pending invitation; ended ones offer nothing", async () => {
    const user = userEvent.setup();
    const { fake } = renderWithGuildhall(<OrganizationProfile defaultTab="invitations" />);
    const table = await screen.findByRole("table", { name: "Invitations to Acme" });
    const accepted = within(table).getByText("dan@example.com").closest("tr");
    expect(accepted && within(accepted).queryAllByRole("button")).toEqual([]);

    await user.click(
      within(table).getByRole("button", { name: "Resend the invitation to carol@example.com" }),
    );
    expect(
      await screen.findByText("Sent a new invitation link to carol@example.com."),
    ).toBeTruthy();

    await user.click(
      within(table).getByRole("button", { name: "Revoke the invitation to carol@example.com" }),
    );
    const confirm = screen.getByRole("group", {
      name: "Revoke the invitation of carol@example.com",
    });
    await user.click(
      within(confirm).getByRole("button", { name: "Revoke the invitation of carol@example.com" }),
    );
    expect(await screen.findByText("Revoked the invitation of carol@example.com.")).toBeTruthy();
    expect(fake.writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /api/my/organizations/org_acme/invitations/inv_1/resend",
      "POST /api/my/organizations/org_acme/invitations/inv_1/revoke",
    ]);
    const carol = within(await screen.findByRole("table", { name: "Invitations to Acme" }))
      .getByText("carol@example.com")
      .closest("tr");
    await waitFor(() => expect(carol?.textContent).toContain("Revoked"));
  });

  it("switches tabs with the arrow keys", async () => {
    const user = userEvent.setup();
    renderWithGuildhall(<OrganizationProfile />);
    await membersTable();
    screen.getByRole("tab", { name: "Members" }).focus();
    await user.keyboard("{ArrowRight}");
    expect(screen.getByRole("tab", { name: "Invitations" }).getAttribute("aria-selected")).toBe(
      "true",
    );
    expect(document.activeElement).toBe(screen.getByRole("tab", { name: "Invitations" }));
    expect(screen.getByRole("tabpanel").getAttribute("aria-labelledby")).toBe(
      screen.getByRole("tab", { name: "Invitations" }).id,
    );
  });
});

describe("<OrganizationProfile> shows each control only to members holding its permission", () => {
  it("members:read only: the list, without role selects, Remove or Invitations", async () => {
    renderWithGuildhall(<OrganizationProfile />, {
      fake: createFakeGuildhall({ userId: "user_vic" }),
    });
    const table = await membersTable();
    expect(screen.getAllByRole("tab").map((t) => t.textContent)).toEqual(["Members"]);
    expect(within(table).queryAllByRole("combobox")).toEqual([]);
    expect(within(table).queryAllByRole("button")).toEqual([]);
    expect(within(row(table, "Bob")).getByText("member")).toBeTruthy();
  });

  it("members:invite only: the invite form, no invitation list and no Members tab", async () => {
    const { fake } = renderWithGuildhall(<OrganizationProfile />, {
      fake: createFakeGuildhall({ userId: "user_ivy" }),
    });
    expect(await screen.findByRole("form", { name: "Invite someone to Acme" })).toBeTruthy();
    expect(screen.getAllByRole("tab").map((t) => t.textContent)).toEqual(["Invitations"]);
    expect(screen.queryByRole("table")).toBeNull();
    // Only roles whose permissions Ivy holds (inviter, member) may be given.
    await waitFor(() =>
      expect(
        screen
          .getAllByRole<HTMLInputElement>("checkbox")
          .filter((c) => !c.disabled)
          .map((c) => c.value),
      ).toEqual(["role_inviter", "role_member"]),
    );
    expect(fake.requests.some((r) => r.path.endsWith("/invitations") && r.method === "GET")).toBe(
      false,
    );
    expect(fake.requests.some((r) => r.path.endsWith("/users"))).toBe(false);
  });

  it("no built-in permission: says so, and asks Guildhall for nothing it would refuse", async () => {
    const { fake } = renderWithGuildhall(<OrganizationProfile />, {
      fake: createFakeGuildhall({ userId: "user_bob" }),
    });
    expect(
      await screen.findByText(/Your roles in Acme give you nothing to manage here/),
    ).toBeTruthy();
    expect(screen.queryByRole("tab")).toBeNull();
    expect(fake.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      "GET /api/my/organizations",
      "GET /api/my/organizations/org_acme",
    ]);
  });

  it("without an organization: asks to choose one", () => {
    renderWithGuildhall(<OrganizationProfile />, { organizationId: null });
    expect(
      screen.getByText("Choose an organization to see its members and invitations."),
    ).toBeTruthy();
  });

  it("shows why a list failed, and tries again", async () => {
    const user = userEvent.setup();
    const fake = createFakeGuildhall();
    fake.failNext(
      "GET",
      /\/users$/,
      503,
      "database.unavailable",
      "Guildhall's database is unavailable. Try again in a moment.",
    );
    renderWithGuildhall(<OrganizationProfile />, { fake });
    const message = await screen.findByText(
      "Guildhall's database is unavailable. Try again in a moment.",
    );
    const region = message.closest('[role="alert"]');
    expect(region?.getAttribute("aria-live")).toBe("assertive");
    await user.click(within(region as HTMLElement).getByRole("button", { name: "Try again" }));
    expect(await membersTable()).toBeTruthy();
  });
});
