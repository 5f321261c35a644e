import { setConsoleMemberRole } from "@guildhall/core";
import {
  ADMIN,
  createEmailUser,
  ctx,
  ensureAdmin,
  expect,
  signIn,
  test,
  unique,
} from "./fixtures.ts";

test("an admin sees the console members", async ({ admin: page }) => {
  await page.goto("/");
  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: "Console members" })
    .click();
  await expect(page).toHaveURL(/\/console-members$/);
  await expect(
    page.getByTestId("console-member-row").filter({ hasText: ADMIN.email }),
  ).toBeVisible();
});

test("a collaborator cannot reach console members", async ({ page }) => {
  await ensureAdmin();
  const password = "collaborator-password";
  const user = await createEmailUser({
    email: `${unique("collab")}@example.com`,
    name: "Cole Collaborator",
    password,
  });
  await setConsoleMemberRole(ctx(), { userId: user.id, role: "collaborator" });

  await signIn(page, user.email, password);
  await expect(page).not.toHaveURL(/sign-in/);
  const nav = page.getByRole("navigation", { name: "Console" });
  await expect(nav.getByRole("link", { name: "Organizations" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Console members" })).toHaveCount(0);

  await page.goto("/console-members");
  await expect(page.getByTestId("forbidden")).toContainText(
    "Only console admins can see this page",
  );
  await expect(page.getByTestId("console-member-row")).toHaveCount(0);
  await expect(page.getByTestId("add-console-member")).toHaveCount(0);
});

test("a user without console access is sent to the no-access page", async ({ page }) => {
  await ensureAdmin();
  const password = "plain-user-password";
  const user = await createEmailUser({ email: `${unique("plain")}@example.com`, password });
  await signIn(page, user.email, password);
  await expect(page).toHaveURL(/\/no-access/);
  await expect(page.getByTestId("no-access")).toContainText(user.email);
});
