import {
  createApiResource,
  createApiScope,
  createOrganizationPermission,
  createOrganizationRole,
} from "@guildhall/core";
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

test("an admin gives an organization role API permissions on its page, and removes one", async ({
  admin: page,
}) => {
  const resource = await createApiResource(ctx(), {
    name: unique("Invoices API"),
    indicator: `https://${unique("invoices")}.example.com`,
  });
  for (const name of ["read:invoice", "write:invoice"])
    await createApiScope(ctx(), { resourceId: resource.id, name });
  const role = await createOrganizationRole(ctx(), { name: unique("Billing") });

  await page.goto(`/template/roles?q=${encodeURIComponent(role.name)}`);
  await settled(page);
  await page
    .getByTestId("role-row")
    .filter({ hasText: role.name })
    .getByTestId("role-link")
    .click();
  await expect(page).toHaveURL(new RegExp(`/template/roles/${role.id}$`));
  await expect(page.getByTestId("organization-role-name")).toHaveText(role.name);

  await page.getByTestId("add-role-api-permissions").first().click();
  const add = page.getByRole("dialog", { name: "Add API permissions" });
  await add.getByTestId("assign-permissions-resource").selectOption({ label: resource.name });
  await add.getByRole("button", { name: /^Permissions:/ }).click();
  for (const name of ["read:invoice", "write:invoice"])
    await page.getByRole("checkbox", { name: new RegExp(name) }).check();
  await page.keyboard.press("Escape");
  await add.getByTestId("add-role-api-permissions-submit").click();
  await expect(add).toBeHidden();
  const rows = page.getByTestId("role-api-permission-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: "write:invoice" })).toContainText(resource.name);

  await rows
    .filter({ hasText: "write:invoice" })
    .getByRole("button", { name: "Remove write:invoice" })
    .click();
  const confirm = page.getByRole("alertdialog");
  await confirm.getByRole("button", { name: "Remove permission" }).click();
  await expect(rows).toHaveCount(1);
  const saved = await db().organizationRoleApiScope.findMany({
    where: { organizationRoleId: role.id },
    include: { scope: true },
  });
  expect(saved.map((s) => s.scope.name)).toEqual(["read:invoice"]);
});
