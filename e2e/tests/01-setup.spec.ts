import { ADMIN, db, expect, expectAccessible, signIn, test } from "./fixtures.ts";

// Runs first on the fresh database: the first visit must land on setup.
test.describe.configure({ mode: "serial" });

test("first-run setup creates the first admin, then closes", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup/);
  await expectAccessible(page);

  await page.getByTestId("setup-submit").click();
  await expect(page.getByTestId("field-error").first()).toBeVisible();
  await page.getByLabel("Your name").fill(ADMIN.name);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("short");
  await page.getByTestId("setup-submit").click();
  await expect(page.getByText("Password must be at least 8 characters")).toBeVisible();

  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByTestId("setup-submit").click();
  await expect(page).toHaveURL((url) => url.pathname === "/");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  const admin = await db().consoleMember.findFirst({
    where: { role: "admin" },
    include: { user: true },
  });
  expect(admin?.user.email).toBe(ADMIN.email);

  // Setup is closed once an admin exists.
  await page.context().clearCookies();
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("sign-in rejects a wrong password and accepts the right one", async ({ page }) => {
  await signIn(page, ADMIN.email, "wrong-password");
  await expect(page.getByTestId("form-error")).toHaveText(
    /email, username or password is incorrect/i,
  );
  await expect(page).toHaveURL(/sign-in/);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByTestId("sign-in-submit").click();
  await expect(page).toHaveURL((url) => url.pathname === "/");
  await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
});

test("unauthenticated visits redirect to sign-in, and back after signing in", async ({ page }) => {
  await page.goto("/organizations");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Forganizations/);
  // The form is usable once hydrated (disabled before, so nothing typed is lost), with focus on Email.
  await expect(page.getByLabel("Email")).toBeFocused();
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByTestId("sign-in-submit").click();
  await expect(page).toHaveURL(/\/organizations$/);
});

test("signing out ends the session", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
  await page.getByTestId("user-menu").click();
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/users");
  await expect(page).toHaveURL(/\/sign-in/);
});
