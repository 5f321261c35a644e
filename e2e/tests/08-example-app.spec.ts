/**
 * Issue 5's acceptance test in a browser: the example customer app, registered as a
 * Traditional application, signs Alice and Bob in through Guildhall and asks for Acme
 * organization tokens.
 */
import type { Page } from "@playwright/test";
import { startExampleApp } from "./example-app.ts";
import { ALICE, BOB, ensureAdmin, expect, seed, test } from "./fixtures.ts";

const APP_URL = "http://localhost:4100";

let exampleApp: Awaited<ReturnType<typeof startExampleApp>> | undefined;
let ids: Awaited<ReturnType<typeof seed>>;

test.beforeAll(async () => {
  await ensureAdmin();
  ids = await seed();
  exampleApp = await startExampleApp(4100);
});

test.afterAll(async () => {
  await exampleApp?.close();
});

/** Signs in to the example app through Guildhall's sign-in page, then picks an organization. */
async function signInAndPick(
  page: Page,
  user: { email: string; password: string },
  organizationId: string,
) {
  await page.goto(`${APP_URL}/`);
  await page.getByRole("link", { name: "Sign in with Guildhall" }).click();
  await expect(page).toHaveURL(/localhost:3210\/sign-in/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByTestId("sign-in-submit").click();
  await expect(page).toHaveURL(`${APP_URL}/dashboard`);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await page.getByLabel("Switch organization").selectOption(organizationId);
  await page.getByRole("button", { name: "Switch", exact: true }).click();
  await expect(
    page.getByRole("heading", { name: `Selected organization ${organizationId}` }),
  ).toBeVisible();
}

async function removeMember(page: Page, userId: string) {
  await page.getByLabel("Member's user id").fill(userId);
  await page.getByRole("button", { name: "Remove member…" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Remove member?" })).toBeVisible();
  await page.getByRole("button", { name: "Remove member", exact: true }).click();
  await expect(page).toHaveURL(`${APP_URL}/dashboard`);
}

test("Alice gets an Acme token with remove:member and removes a member", async ({ page }) => {
  const { acme, alice, bob } = ids;
  await signInAndPick(page, ALICE, acme.id);
  const scopes = page.getByRole("list", { name: "Permissions" });
  // Every permission of the admin role, remove:member among them.
  for (const permission of [
    "invite:member",
    "remove:member",
    "manage:organization",
    "read:content",
  ]) {
    await expect(scopes.getByRole("listitem").filter({ hasText: permission })).toHaveCount(1);
  }
  const token = page.getByRole("region", { name: `Selected organization ${acme.id}` });
  await expect(token).toContainText(`urn:guildhall:organization:${acme.id}`);
  await expect(token).toContainText(alice.id);

  await removeMember(page, bob.id);
  await expect(page.getByRole("status")).toContainText(
    `Removed ${bob.id} from organization ${acme.id}`,
  );
});

test("Bob in Acme is refused removing a member, with a visible message", async ({ browser }) => {
  const { acme, alice } = ids;
  // A new browser context: no Guildhall session from Alice's sign-in.
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await signInAndPick(page, BOB, acme.id);
    const scopes = page.getByRole("list", { name: "Permissions" });
    await expect(scopes).toContainText("read:content");
    await expect(scopes).not.toContainText("remove:member");

    await removeMember(page, alice.id);
    await expect(page.getByRole("alert").filter({ hasText: "remove:member" })).toContainText(
      `You don't have remove:member in organization ${acme.id}`,
    );
  } finally {
    await context.close();
  }
});
