import { createOrganization, createOrganizationRole } from "@guildhall/core";
import {
  createEmailUser,
  createMember,
  ctx,
  db,
  expect,
  settled,
  test,
  unique,
} from "./fixtures.ts";

test("an admin creates an organization from the list", async ({ admin: page }) => {
  const name = unique("Initech");
  await page.goto("/organizations");
  await page.getByTestId("create-organization").first().click();
  const dialog = page.getByRole("dialog", { name: "Create organization" });

  await dialog.getByTestId("organization-submit").click();
  await expect(dialog.getByTestId("field-error")).toHaveText("Name is required");

  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Description").fill("Makes TPS reports");
  await dialog.getByTestId("organization-submit").click();
  await expect(page).toHaveURL(/\/organizations\/[^/]+\/members$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText(`${name} has no members yet`)).toBeVisible();

  await page.getByRole("link", { name: "Organizations" }).first().click();
  await page.getByRole("searchbox", { name: "Search organizations" }).fill(name);
  await expect(page.getByTestId("organization-row").filter({ hasText: name })).toContainText(
    "0 members",
  );
});

test("an admin adds an existing user as a member with a role, then removes them", async ({
  admin: page,
}) => {
  const organization = await createOrganization(ctx(), { name: unique("Hooli") });
  const role = await createOrganizationRole(ctx(), { name: unique("Engineer") });
  const user = await createEmailUser({
    email: `${unique("gavin")}@example.com`,
    name: unique("Gavin"),
  });

  await page.goto(`/organizations/${organization.id}/members`);
  await settled(page);
  await page.getByTestId("add-members").first().click();
  const dialog = page.getByRole("dialog", { name: `Add members to ${organization.name}` });

  await dialog.getByTestId("add-members-submit").click();
  await expect(dialog.getByTestId("field-error")).toHaveText("Pick at least one user");

  await dialog.getByRole("button", { name: /^Users:/ }).click();
  await page.getByRole("searchbox", { name: "Search users" }).last().fill(user.email);
  await page.getByRole("checkbox", { name: new RegExp(user.email) }).check();
  await page.keyboard.press("Escape");
  await dialog.getByRole("button", { name: /^Roles:/ }).click();
  await page.getByRole("searchbox", { name: "Search roles" }).last().fill(role.name);
  await page.getByRole("checkbox", { name: new RegExp(role.name) }).check();
  await page.keyboard.press("Escape");
  await dialog.getByTestId("add-members-submit").click();
  await expect(dialog).toBeHidden();

  const row = page.getByTestId("member-row").filter({ hasText: user.email });
  await expect(row.getByRole("list", { name: `Roles of ${user.name}` })).toHaveText(role.name);
  await expect(page.getByRole("main").getByText("1 member", { exact: true })).toBeVisible();

  await row.getByRole("button", { name: `Remove ${user.name}` }).click();
  const confirm = page.getByTestId("confirm-dialog");
  await expect(confirm).toContainText(`Remove ${user.name} from ${organization.name}?`);
  await expect(confirm.getByTestId("confirm-impact")).toContainText(role.name);
  await confirm.getByTestId("confirm-button").click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId("member-row")).toHaveCount(0);
  expect(await db().organizationMember.count({ where: { organizationId: organization.id } })).toBe(
    0,
  );
});

test("an admin changes a member's roles", async ({ admin: page }) => {
  const organization = await createOrganization(ctx(), { name: unique("Pied Piper") });
  const [first, second] = await Promise.all([
    createOrganizationRole(ctx(), { name: unique("Founder") }),
    createOrganizationRole(ctx(), { name: unique("Coder") }),
  ]);
  const member = await createMember(organization.id, [first.id]);

  await page.goto(`/organizations/${organization.id}/members`);
  const row = page.getByTestId("member-row").filter({ hasText: member.email });
  await expect(row).toContainText(first.name);
  await row.getByRole("button", { name: `Edit roles of ${member.name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Roles of ${member.name}` });
  await dialog.getByRole("button", { name: `Remove ${first.name}` }).click();
  await dialog.getByRole("button", { name: /^Roles:/ }).click();
  await page.getByRole("searchbox", { name: "Search roles" }).last().fill(second.name);
  await page.getByRole("checkbox", { name: new RegExp(second.name) }).check();
  await page.keyboard.press("Escape");
  await dialog.getByTestId("member-roles-submit").click();
  await expect(dialog).toBeHidden();
  await expect(row.getByRole("list", { name: `Roles of ${member.name}` })).toHaveText(second.name);
});
