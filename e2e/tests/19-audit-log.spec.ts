/**
 * The audit log in the browser (issue 15): an admin's changes appear in the Audit log,
 * filtered by action and by organization; an entry's detail shows who, what and the data,
 * with before/after as a field diff; an organization's Audit tab lists its entries; the
 * retention is changed on the settings page.
 */
import { createOrganization } from "@guildhall/core";
import { ctx, db, expect, expectAccessible, settled, test, unique } from "./fixtures.ts";

test("an admin's changes show in the audit log, filtered by action and organization, with their detail", async ({
  admin: page,
}) => {
  const organization = await createOrganization(ctx(), { name: unique("Audited") });
  const description = unique("Audited description");

  // The change: the organization's description, saved in its settings.
  await page.goto(`/organizations/${organization.id}/settings`);
  const general = page.getByRole("form", { name: "General settings" });
  await general.getByLabel("Description").fill(description);
  await general.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Organization saved")).toBeVisible();

  // The retention, changed by the admin on the settings page: an entry with before and after.
  const before =
    (await db().instanceSettings.findUnique({ where: { id: "default" } }))?.auditLogRetentionDays ??
    180;
  const after = before === 365 ? 366 : 365;
  await page.goto("/settings/retention");
  const retention = page.getByRole("form", { name: "Data retention" });
  await retention.getByLabel("Audit log (days)").fill(String(after));
  await retention.getByTestId("save-retention").click();
  await expect(page.getByText(/Retention saved/)).toBeVisible();

  // The Audit log, from the navigation.
  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: "Audit log" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await settled(page);
  await expect(page.getByTestId("audit-retention")).toContainText(`${after} days`);
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
  await expectAccessible(page);

  // Filtered by action: only organization updates, ours the newest.
  const filters = page.getByRole("form", { name: "Filter the audit log" });
  await filters.getByLabel("Action").fill("organization.updated");
  await filters.getByTestId("filter-apply").click();
  await expect(page).toHaveURL(/action=organization\.updated/);
  await settled(page);
  const rows = page.getByTestId("audit-row");
  await expect(rows.first()).toContainText("Organization updated");
  for (const row of await rows.all()) await expect(row).toContainText("organization.updated");
  await expect(rows.first()).toContainText("Ada Admin");

  // Filtered by organization as well, picked by name.
  await filters.getByRole("button", { name: /^Organizations: Search organizations/ }).click();
  await page.getByRole("searchbox", { name: "Search organizations" }).fill(organization.name);
  await page.getByRole("checkbox", { name: new RegExp(organization.name) }).click();
  await page.keyboard.press("Escape");
  await filters.getByTestId("filter-apply").click();
  await expect(page).toHaveURL(new RegExp(`organizationId=${organization.id}`));
  await settled(page);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(organization.name);

  // The entry's detail: who, what, where and the data.
  await rows.first().getByTestId("audit-open").click();
  const detail = page.getByRole("dialog", { name: "Organization updated" });
  await expect(detail.getByTestId("audit-entry-action")).toHaveText("organization.updated");
  await expect(detail).toContainText("Ada Admin");
  await expect(detail).toContainText(organization.name);
  await expect(detail.getByTestId("audit-entry-data")).toContainText('"description"');
  await expect(page).toHaveURL(/entry=/);
  await expectAccessible(page);

  // Every entry of the organization: its creation (by the system) and the update.
  await detail.getByRole("button", { name: "Entries in this organization" }).click();
  await expect(detail).toBeHidden();
  await settled(page);
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("Organization updated");
  await expect(rows.nth(1)).toContainText("Organization created");
  await expect(rows.nth(1)).toContainText("System");

  // The retention change: its before and after, field by field.
  await filters.getByRole("button", { name: "Clear filters" }).click();
  await filters.getByLabel("Action").fill("instance_settings.");
  await filters.getByTestId("filter-apply").click();
  await settled(page);
  await rows.first().getByTestId("audit-open").click();
  const settingsDetail = page.getByRole("dialog", { name: "Instance settings updated" });
  const change = settingsDetail.getByTestId("audit-change");
  await expect(change).toHaveCount(1);
  await expect(change).toContainText("auditLogRetentionDays");
  await expect(change).toContainText(String(before));
  await expect(change).toContainText(String(after));
  await page.keyboard.press("Escape");
  await expect(settingsDetail).toBeHidden();

  // The organization's Audit tab lists the same entries.
  await page.goto(`/organizations/${organization.id}/members`);
  await page
    .getByRole("navigation", { name: "Organization sections" })
    .getByRole("link", { name: "Audit" })
    .click();
  await expect(page).toHaveURL(new RegExp(`/organizations/${organization.id}/audit`));
  await settled(page);
  const tabRows = page.getByTestId("audit-row");
  await expect(tabRows).toHaveCount(2);
  await expect(tabRows.first()).toContainText("Organization updated");
  // No organization filter there: the tab is the organization's.
  await expect(page.getByRole("button", { name: /^Organizations:/ })).toHaveCount(0);
  await expectAccessible(page);

  // Leave the retention as it was for the specs after this one.
  await db().instanceSettings.update({
    where: { id: "default" },
    data: { auditLogRetentionDays: before },
  });
});
