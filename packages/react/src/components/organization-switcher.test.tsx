import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { createFakeGuildhall } from "../test/fake-guildhall.ts";
import { renderWithGuildhall } from "../test/render.tsx";
import { OrganizationSwitcher } from "./organization-switcher.tsx";

describe("<OrganizationSwitcher>", () => {
  it("lists the user's organizations with their roles and marks the current one", async () => {
    const { fake } = renderWithGuildhall(<OrganizationSwitcher />);
    const list = await screen.findByRole("list");
    const items = within(list).getAllByRole("listitem");
    expect(items.map((item) => item.textContent)).toEqual([
      "Acme · adminCurrent",
      "Globex · memberSwitch",
    ]);
    expect(items[0]?.getAttribute("aria-current")).toBe("true");
    // The user route, with the access token.
    expect(fake.requests[0]).toMatchObject({
      method: "GET",
      path: "/api/my/organizations",
      authorization: "Bearer access:user_alice",
    });
  });

  it("switches organization through onOrganizationChange", async () => {
    const user = userEvent.setup();
    const onOrganizationChange = vi.fn();
    renderWithGuildhall(<OrganizationSwitcher />, { onOrganizationChange });
    await user.click(await screen.findByRole("button", { name: "Switch to Globex" }));
    expect(onOrganizationChange).toHaveBeenCalledWith("org_globex");
    expect(await screen.findByRole("button", { name: "Switch to Acme" })).toBeTruthy();
  });

  it("creates an organization in place and switches to it", async () => {
    const user = userEvent.setup();
    const onOrganizationChange = vi.fn();
    const { fake } = renderWithGuildhall(<OrganizationSwitcher />, { onOrganizationChange });
    await user.click(await screen.findByRole("button", { name: "Create an organization" }));
    await user.type(screen.getByRole("textbox", { name: "Name" }), "Initech");
    await user.click(screen.getByRole("button", { name: "Create organization" }));
    await waitFor(() => expect(onOrganizationChange).toHaveBeenCalledWith("org_new_1"));
    expect(fake.writes()).toEqual([
      expect.objectContaining({
        method: "POST",
        path: "/api/my/organizations",
        body: { name: "Initech" },
        authorization: "Bearer access:user_alice",
      }),
    ]);
    const initech = (await screen.findByText("Initech")).closest("li");
    expect(initech?.getAttribute("aria-current")).toBe("true");
    expect(initech?.textContent).toContain("owner");
  });

  it("links to the app's own create page when given one, or offers nothing with hideCreate", async () => {
    const { unmount } = renderWithGuildhall(
      <OrganizationSwitcher createOrganizationHref="/orgs/new" />,
    );
    expect(
      (await screen.findByRole("link", { name: "Create an organization" })).getAttribute("href"),
    ).toBe("/orgs/new");
    unmount();
    renderWithGuildhall(<OrganizationSwitcher hideCreate />);
    await screen.findByRole("list");
    expect(screen.queryByRole("button", { name: "Create an organization" })).toBeNull();
  });

  it("says when the user has no organization yet", async () => {
    renderWithGuildhall(<OrganizationSwitcher />, {
      fake: createFakeGuildhall({ userId: "user_nobody" }),
      organizationId: null,
    });
    expect(await screen.findByText(/You are not a member of any organization yet/)).toBeTruthy();
  });

  it("shows why the list failed (e.g. the session ended)", async () => {
    const fake = createFakeGuildhall();
    renderWithGuildhall(<OrganizationSwitcher />, {
      fake: {
        ...fake,
        getAccessToken: () => Promise.reject(new Error("Your session ended. Sign in again.")),
      },
    });
    const message = await screen.findByText("Your session ended. Sign in again.");
    expect(message.closest('[role="alert"]')).toBeTruthy();
    expect(fake.requests).toEqual([]);
  });
});
