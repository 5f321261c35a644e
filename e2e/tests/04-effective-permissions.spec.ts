import {
  createOrganization,
  createOrganizationPermission,
  createOrganizationRole,
} from "@guildhall/core";
import { createMember, ctx, expect, test, unique } from "./fixtures.ts";

test("the effective-permissions panel follows a role's permissions changed on the template page", async ({
  admin: page,
}) => {
  const [view, export_] = await Promise.all([
    createOrganizationPermission(ctx(), {
      name: unique("view:reports"),
      description: "See reports",
    }),
    createOrganizationPermission(ctx(), {
      name: unique("export:reports"),
      description: "Export reports",
    }),
  ]);
  const role = await createOrganizationRole(ctx(), {
    name: unique("Analyst"),
    permissionIds: [view.id],
  });
  const organization = await createOrganization(ctx(), { name: unique("Umbrella") });
  const member = await createMember(organization.id, [role.id]);
  const membersUrl = `/organizations/${organization.id}/members`;

  const openPanel = async () => {
    await page
      .getByTestId("member-row")
      .filter({ hasText: member.email })
      .getByRole("button", { name: `Effective permissions of ${member.name}` })
      .click();
    const dialog = page.getByRole("dialog", { name: `Effective permissions of ${member.name}` });
    await expect(dialog.getByTestId("effective-permissions")).toBeVisible();
    return dialog;
  };

  await page.goto(membersUrl);
  let panel = await openPanel();
  await expect(panel.getByTestId("effective-permission-row")).toHaveCount(1);
  const viewRow = panel.getByTestId("effective-permission-row").filter({ hasText: view.name });
  await expect(viewRow.getByRole("list", { name: `Roles granting ${view.name}` })).toHaveText(
    role.name,
  );
  await page.keyboard.press("Escape");

  // Client-side navigation: the panel must not show a stale cached answer afterwards.
  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: "Organization template" })
    .click();
  await expect(page).toHaveURL(/\/template\/roles/);
  await page.getByRole("button", { name: `Edit ${role.name}` }).click();
  const edit = page.getByRole("dialog", { name: `Edit role ${role.name}` });
  await edit.getByRole("button", { name: /^Permissions:/ }).click();
  await page.getByRole("searchbox", { name: "Search permissions" }).last().fill(export_.name);
  await page.getByRole("checkbox", { name: new RegExp(export_.name) }).check();
  await page.keyboard.press("Escape");
  await edit.getByRole("button", { name: `Remove ${view.name}` }).click();
  await expect(edit.getByTestId("role-permission-impact")).toContainText("1 member");
  await edit.getByTestId("role-submit").click();
  await expect(edit).toBeHidden();

  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`${membersUrl}$`));
  panel = await openPanel();
  await expect(panel.getByTestId("effective-permission-row")).toHaveCount(1);
  await expect(panel.getByTestId("effective-permission-row")).toContainText(export_.name);
  await expect(panel).not.toContainText(view.name);
});
