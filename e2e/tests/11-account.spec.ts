import {
  addMembers,
  assignMemberRoles,
  createOrganization,
  createOrganizationRole,
} from "@guildhall/core";
import {
  createEmailUser,
  createMember,
  ctx,
  ensureAdmin,
  expect,
  signIn,
  test,
  unique,
} from "./fixtures.ts";

test("signed out, Your organizations asks to sign in and comes back; it lists only the user's own memberships", async ({
  page,
}) => {
  await ensureAdmin();
  const mine = await createOrganization(ctx(), {
    name: unique("Hooli"),
    color: { primaryColor: "#0a7d33" },
  });
  const notMine = await createOrganization(ctx(), { name: unique("Pied Piper") });
  const role = await createOrganizationRole(ctx(), { name: unique("Engineer") });
  const password = "member-password-123";
  const user = await createEmailUser({
    email: `${unique("gavin")}@example.com`,
    name: unique("Gavin"),
    password,
  });
  await addMembers(ctx(), { organizationId: mine.id, userIds: [user.id] });
  await assignMemberRoles(ctx(), {
    organizationId: mine.id,
    userId: user.id,
    organizationRoleIds: [role.id],
  });
  // Someone else's membership, with the same role: not listed.
  await createMember(notMine.id, [role.id]);

  await page.goto("/account/organizations");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Faccount%2Forganizations$/);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(password);
  await page.getByTestId("sign-in-submit").click();
  await expect(page).toHaveURL(/\/account\/organizations$/);
  await expect(page.getByRole("heading", { level: 1, name: "Your organizations" })).toBeVisible();
  await expect(page.getByTestId("account-email")).toHaveText(user.email);
  const own = page.getByTestId("own-organization");
  await expect(own).toHaveCount(1);
  await expect(own).toContainText(mine.name);
  await expect(own.getByRole("list", { name: `Your roles in ${mine.name}` })).toHaveText(role.name);
  await expect(own).toContainText("Joined");

  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1, name: "Profile" })).toBeVisible();
  await page
    .getByRole("navigation", { name: "Account" })
    .getByRole("link", { name: "Organizations" })
    .click();
  await expect(page).toHaveURL(/\/account\/organizations$/);
});

test("a user without console access finds their organizations from the no-access page", async ({
  page,
}) => {
  await ensureAdmin();
  const password = "plain-user-password";
  const user = await createEmailUser({ email: `${unique("plain")}@example.com`, password });
  await signIn(page, user.email, password);
  await expect(page).toHaveURL(/\/no-access/);
  await page.getByTestId("no-access-organizations").click();
  await expect(page).toHaveURL(/\/account\/organizations$/);
  await expect(page.getByText("You are not a member of any organization yet")).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
});
