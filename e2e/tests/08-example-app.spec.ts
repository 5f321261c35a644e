/**
 * Issue 5's acceptance test in a browser: the example customer app, registered as a
 * Traditional application, signs Alice and Bob in through Guildhall and asks for Acme
 * organization tokens.
 */
import type { Page } from "@playwright/test";
import { startExampleApp } from "./example-app.ts";
import {
  ALICE,
  BOB,
  baseUrl,
  createMember,
  db,
  ensureAdmin,
  expect,
  seed,
  test,
} from "./fixtures.ts";

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
  // Guildhall's own sign-in page, on whatever port the suite runs it (E2E_PORT).
  await expect(page).toHaveURL(
    (url) => url.origin === new URL(baseUrl()).origin && url.pathname === "/sign-in",
  );
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

test("Alice gets an Acme token with remove:member and removes a member in Guildhall", async ({
  page,
}) => {
  const { acme, alice } = ids;
  const carol = await createMember(acme.id, []);
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

  await removeMember(page, carol.id);
  await expect(page.getByRole("status")).toContainText(
    `Removed ${carol.id} from organization ${acme.id} in Guildhall`,
  );
  // Really removed, by the bootstrap machine-to-machine application through the Management API.
  expect(
    await db().organizationMember.count({ where: { organizationId: acme.id, userId: carol.id } }),
  ).toBe(0);
  expect(
    await db().auditLog.count({
      where: {
        action: "member.removed",
        targetId: carol.id,
        actorType: "management_api",
        actorId: process.env.E2E_M2M_CLIENT_ID,
      },
    }),
  ).toBe(1);

  // Again: Guildhall says there is no such member, and the app shows it.
  await removeMember(page, carol.id);
  await expect(page.getByRole("alert")).toContainText("404 not_found");
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
