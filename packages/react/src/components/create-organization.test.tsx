import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { createFakeGuildhall } from "../test/fake-guildhall.ts";
import { renderWithGuildhall } from "../test/render.tsx";
import { CreateOrganization } from "./create-organization.tsx";

describe("<CreateOrganization>", () => {
  it("shows Guildhall's message when users may not create organizations", async () => {
    const user = userEvent.setup();
    const onCreated = vi.fn();
    const fake = createFakeGuildhall({ creation: "nobody" });
    renderWithGuildhall(<CreateOrganization onCreated={onCreated} />, { fake });
    await user.type(screen.getByRole("textbox", { name: "Name" }), "Initech");
    await user.click(screen.getByRole("button", { name: "Create organization" }));
    const message = await screen.findByText(
      "This app does not let users create organizations; ask its administrators.",
    );
    expect(message.closest('[role="alert"]')?.getAttribute("aria-live")).toBe("assertive");
    expect(onCreated).not.toHaveBeenCalled();
    // The form keeps what was typed, to try again later.
    expect(screen.getByRole<HTMLInputElement>("textbox", { name: "Name" }).value).toBe("Initech");
  });

  it("asks for a name before calling Guildhall", async () => {
    const user = userEvent.setup();
    const { fake } = renderWithGuildhall(<CreateOrganization />);
    await user.click(screen.getByRole("button", { name: "Create organization" }));
    expect(await screen.findByText("Give the organization a name.")).toBeTruthy();
    expect(fake.requests).toEqual([]);
  });

  it("creates the organization with its description, calls onCreated and switches to it", async () => {
    const user = userEvent.setup();
    const onCreated = vi.fn();
    const onOrganizationChange = vi.fn();
    const { fake } = renderWithGuildhall(<CreateOrganization onCreated={onCreated} />, {
      organizationId: null,
      onOrganizationChange,
    });
    expect(screen.getByRole("form", { name: "Create an organization" })).toBeTruthy();
    await user.type(screen.getByRole("textbox", { name: "Name" }), "  Initech ");
    await user.type(screen.getByRole("textbox", { name: /Description/ }), "TPS reports");
    await user.click(screen.getByRole("button", { name: "Create organization" }));
    expect(await screen.findByText("Created Initech.")).toBeTruthy();
    expect(fake.writes()[0]?.body).toEqual({ name: "Initech", description: "TPS reports" });
    expect(onCreated).toHaveBeenCalledWith(
      expect.objectContaining({ id: "org_new_1", name: "Initech", description: "TPS reports" }),
    );
    expect(onOrganizationChange).toHaveBeenCalledWith("org_new_1");
  });
});
