import { expect, settled, test, unique } from "./fixtures.ts";

test("an admin registers an API resource and gives it a permission", async ({ admin: page }) => {
  const name = unique("Billing API");
  const indicator = `https://${unique("billing")}.example.com`;
  await page.goto("/api-resources");
  await settled(page);
  await page.getByTestId("create-api-resource").first().click();
  const dialog = page.getByRole("dialog", { name: "Create API resource" });

  await dialog.getByTestId("api-resource-name").fill(name);
  await dialog.getByTestId("api-resource-indicator").fill("billing.example.com");
  await dialog.getByTestId("api-resource-submit").click();
  await expect(dialog.getByTestId("field-error")).toHaveText(
    "Enter an absolute URI, e.g. https://api.example.com",
  );

  await dialog.getByTestId("api-resource-indicator").fill(indicator);
  await dialog.getByTestId("api-resource-submit").click();
  await expect(page).toHaveURL(/\/api-resources\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText("No permissions yet")).toBeVisible();

  await page.getByTestId("add-api-scope").first().click();
  const scopeDialog = page.getByRole("dialog", { name: "Add permission" });
  await scopeDialog.getByTestId("api-scope-name").fill("read invoice");
  await scopeDialog.getByTestId("api-scope-submit").click();
  await expect(scopeDialog.getByTestId("field-error")).toHaveText("Name cannot contain spaces");
  await scopeDialog.getByTestId("api-scope-name").fill("read:invoice");
  await scopeDialog.getByLabel("Description").fill("Read invoices");
  await scopeDialog.getByTestId("api-scope-submit").click();
  await expect(scopeDialog).toBeHidden();
  await expect(page.getByTestId("api-scope-row").filter({ hasText: "read:invoice" })).toContainText(
    "Read invoices",
  );

  // The same name again is refused beside the field (409 from the service).
  await page.getByTestId("add-api-scope").first().click();
  await scopeDialog.getByTestId("api-scope-name").fill("read:invoice");
  await scopeDialog.getByTestId("api-scope-submit").click();
  await expect(scopeDialog.getByTestId("field-error")).toContainText(
    "already has a permission named",
  );
  await page.keyboard.press("Escape");

  await page.getByRole("link", { name: "API resources" }).first().click();
  await page.getByRole("searchbox", { name: "Search API resources" }).fill(indicator);
  await expect(page.getByTestId("api-resource-row")).toHaveCount(1);
  await expect(page.getByTestId("api-resource-row")).toContainText(name);
});

test("the Management API is listed as built in and cannot be changed", async ({ admin: page }) => {
  await page.goto("/api-resources");
  await settled(page);
  const row = page.getByTestId("api-resource-row").filter({ hasText: "Guildhall Management API" });
  await expect(row).toContainText("Built in");
  await row.getByRole("link").click();
  await expect(page.getByTestId("management-api-note")).toBeVisible();
  await expect(page.getByTestId("api-scope-row").filter({ hasText: "all" })).toBeVisible();
  await expect(page.getByTestId("add-api-scope")).toHaveCount(0);
  await page.getByTestId("tab-settings").click();
  await expect(page.getByTestId("delete-api-resource")).toHaveCount(0);
  await expect(page.getByTestId("api-resource-save")).toHaveCount(0);
});
