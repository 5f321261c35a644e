import { ALICE, ensureAdmin, expect, expectAccessible, seed, signIn, test } from "./fixtures.ts";
import { mainPages, pendingInvitationPath, visit } from "./pages.ts";

test("every main console page has no serious or critical axe violations", async ({
  admin: page,
}) => {
  test.setTimeout(120_000);
  for (const target of await mainPages()) {
    await test.step(target.name, async () => {
      await visit(page, target);
      await expectAccessible(page);
    });
  }
});

test("the console works with a dialog open and at phone width", async ({ admin: page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await visit(page, { path: "/organizations", heading: "Organizations" });
  await expectAccessible(page);
  await page.getByTestId("nav-toggle").click();
  await expect(page.getByRole("dialog", { name: "Navigation" })).toBeVisible();
  await expectAccessible(page);
  await page.keyboard.press("Escape");
  await page.getByTestId("create-organization").first().click();
  await expect(page.getByRole("dialog", { name: "Create organization" })).toBeVisible();
  await expectAccessible(page);
});

test("the sign-in page has no serious or critical axe violations", async ({ page }) => {
  await ensureAdmin();
  await visit(page, { path: "/sign-in", heading: "Sign in to the console" });
  await expectAccessible(page);
  // With an error showing too.
  await page.getByTestId("sign-in-submit").click();
  await expect(page.getByTestId("field-error").first()).toBeVisible();
  await expectAccessible(page);
});

test("the invitation landing page has no serious or critical axe violations when signed out", async ({
  page,
}) => {
  const { acme } = await seed();
  await visit(page, { path: await pendingInvitationPath(acme.id), heading: "Join Acme" });
  await expect(page.getByTestId("invite-sign-up")).toBeVisible();
  await expectAccessible(page);
  // With an error showing too.
  await page.getByTestId("invite-sign-up").click();
  await expect(page.getByTestId("field-error").first()).toBeVisible();
  await expectAccessible(page);
});

test("Your organizations has no serious or critical axe violations for a member without console access", async ({
  page,
}) => {
  await ensureAdmin();
  await seed();
  await signIn(page, ALICE.email, ALICE.password);
  await expect(page).not.toHaveURL(/\/sign-in/);
  await visit(page, { path: "/account/organizations", heading: "Your organizations" });
  await expect(page.getByTestId("own-organization").first()).toBeVisible();
  await expectAccessible(page);
});
