import { createApiResource, createApiScope } from "@guildhall/core";
import { createEmailUser, ctx, expect, settled, test, unique } from "./fixtures.ts";

test("an admin creates a User role with an API permission and assigns it to a user", async ({
  admin: page,
}) => {
  const resource = await createApiResource(ctx(), {
    name: unique("Orders API"),
    indicator: `https://${unique("orders")}.example.com`,
  });
  await createApiScope(ctx(), {
    resourceId: resource.id,
    name: "read:order",
    description: "Read orders",
  });
  const user = await createEmailUser({ email: `${unique("reader")}@example.com` });
  const name = unique("Order reader");

  await page.goto("/roles");
  await settled(page);
  await expect(page.getByText("not the organization template")).toBeVisible();
  await page.getByTestId("create-global-role").first().click();
  const dialog = page.getByRole("dialog", { name: "Create role" });
  await dialog.getByTestId("global-role-name").fill(name);
  await dialog.getByTestId("global-role-type").selectOption("User");
  await dialog.getByTestId("global-role-submit").click();
  await expect(page).toHaveURL(/\/roles\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  // Permissions: pick the API resource, then its permission.
  await page.getByTestId("assign-role-permissions").first().click();
  const assign = page.getByRole("dialog", { name: "Assign permissions" });
  await assign.getByTestId("assign-permissions-resource").selectOption({ label: resource.name });
  await assign.getByRole("button", { name: /^Permissions:/ }).click();
  await page.getByRole("checkbox", { name: /read:order/ }).check();
  await page.keyboard.press("Escape");
  await assign.getByTestId("assign-permissions-submit").click();
  await expect(assign).toBeHidden();
  await expect(
    page.getByTestId("role-permission-row").filter({ hasText: "read:order" }),
  ).toContainText(resource.name);

  // Users: assign with the user picker, then see them on the tab.
  await page.getByTestId("tab-users").click();
  await page.getByTestId("assign-role-users").first().click();
  const users = page.getByRole("dialog", { name: "Assign users" });
  await users.getByRole("button", { name: /^Users:/ }).click();
  await page.getByRole("searchbox", { name: "Search users" }).last().fill(user.email);
  await page.getByRole("checkbox", { name: new RegExp(user.email) }).check();
  await page.keyboard.press("Escape");
  await users.getByTestId("assign-users-submit").click();
  await expect(users).toBeHidden();
  await expect(page.getByTestId("role-user-row").filter({ hasText: user.email })).toBeVisible();

  // The user's page lists the role among their global roles.
  await page.getByTestId("role-user-row").filter({ hasText: user.email }).getByRole("link").click();
  await expect(page.getByTestId("user-global-role-row").filter({ hasText: name })).toBeVisible();

  // The same name again is refused beside the field (409 from the service).
  await page.goto("/roles");
  await page.getByTestId("create-global-role").first().click();
  await dialog.getByTestId("global-role-name").fill(name);
  await dialog.getByTestId("global-role-submit").click();
  await expect(dialog.getByTestId("field-error")).toContainText("already exists");
});

test("the Management API access role is built in and cannot be changed", async ({
  admin: page,
}) => {
  await page.goto("/roles?q=Management%20API%20access");
  await settled(page);
  const row = page.getByTestId("global-role-row").filter({ hasText: "Management API access" });
  await expect(row).toContainText("Built in");
  await expect(row).toContainText("Machine-to-machine");
  await row.getByRole("link").click();
  await expect(page.getByTestId("management-api-role-note")).toBeVisible();
  await expect(page.getByTestId("role-permission-row").filter({ hasText: "all" })).toBeVisible();
  await expect(page.getByTestId("assign-role-permissions")).toHaveCount(0);
  await page.getByTestId("tab-settings").click();
  await expect(page.getByTestId("delete-global-role")).toHaveCount(0);
  await expect(page.getByTestId("global-role-save")).toHaveCount(0);
  await expect(page.getByTestId("global-role-settings-name")).toBeDisabled();
});
