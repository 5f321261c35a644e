import { createOrganizationPermission } from "@guildhall/core";
import { ctx, db, expect, settled, test, unique } from "./fixtures.ts";

test("an admin creates permissions, then a role that holds them", async ({ admin: page }) => {
  const read = unique("read:docs");
  const write = unique("write:docs");
  const role = unique("Editor");

  await page.goto("/template/permissions");
  for (const name of [read, write]) {
    await page.getByTestId("create-permission").click();
    const dialog = page.getByRole("dialog", { name: "Create permission" });
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByLabel("Description").fill(`Lets members ${name}`);
    await dialog.getByTestId("permission-submit").click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("permission-row").filter({ hasText: name })).toBeVisible();
  }

  await page
    .getByRole("navigation", { name: "Template sections" })
    .getByRole("link", { name: "Roles" })
    .click();
  await expect(page).toHaveURL(/\/template\/roles/);
  await page.getByTestId("create-role").click();
  const dialog = page.getByRole("dialog", { name: "Create role" });
  await dialog.getByLabel("Name").fill(role);
  await dialog.getByLabel("Description").fill("Writes the docs");
  await dialog.getByRole("button", { name: /^Permissions:/ }).click();
  for (const name of [read, write]) {
    await page.getByRole("searchbox", { name: "Search permissions" }).last().fill(name);
    await page.getByRole("checkbox", { name: new RegExp(name) }).check();
  }
  await page.keyboard.press("Escape");
  await expect(
    dialog.getByRole("list", { name: "Selected permissions" }).getByRole("listitem"),
  ).toHaveCount(2);
  await dialog.getByTestId("role-submit").click();
  await expect(dialog).toBeHidden();

  const row = page.getByTestId("role-row").filter({ hasText: role });
  await expect(row.getByRole("list", { name: `Permissions of ${role}` })).toContainText(read);
  await expect(row.getByRole("list", { name: `Permissions of ${role}` })).toContainText(write);
  const saved = await db().organizationRole.findUniqueOrThrow({
    where: { name: role },
    include: { permissions: true },
  });
  expect(saved.permissions).toHaveLength(2);
});

test("bad forms show inline validation errors and save nothing", async ({ admin: page }) => {
  const taken = unique("taken:perm");
  await createOrganizationPermission(ctx(), { name: taken });

  await page.goto("/template/permissions");
  await settled(page);
  await page.getByTestId("create-permission").click();
  const dialog = page.getByRole("dialog", { name: "Create permission" });
  const name = dialog.getByLabel("Name");

  // Client-side: the zod schema of the request.
  await name.fill("has spaces");
  await dialog.getByTestId("permission-submit").click();
  await expect(dialog.getByTestId("field-error")).toHaveText("Name cannot contain spaces");
  await expect(name).toHaveAttribute("aria-invalid", "true");

  await name.fill("");
  await dialog.getByTestId("permission-submit").click();
  await expect(dialog.getByTestId("field-error")).toHaveText("Name is required");

  // Server-side: a DomainError mapped onto the field.
  await name.fill(taken);
  await dialog.getByTestId("permission-submit").click();
  await expect(dialog.getByTestId("field-error")).toContainText(/already|taken|exists/i);
  await expect(dialog).toBeVisible();
  expect(
    await db().organizationPermission.count({ where: { name: { in: ["has spaces", taken] } } }),
  ).toBe(1);

  // The role form too: a name is required.
  await page.goto("/template/roles");
  await page.getByTestId("create-role").click();
  const roleDialog = page.getByRole("dialog", { name: "Create role" });
  await roleDialog.getByTestId("role-submit").click();
  await expect(roleDialog.getByTestId("field-error")).toHaveText("Name is required");
});
