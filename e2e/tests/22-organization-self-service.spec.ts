/**
 * Issue 16's acceptance test: organization admins run their own organization from the
 * customer app (the example app's Team page, built with @guildhall/react) without the app
 * holding any Management API credential for it; a member without the built-in permissions
 * sees no controls and the organization API refuses them; a user creates their own
 * organization and becomes its admin; the hosted portal wears the organization's branding.
 */
import AxeBuilder from "@axe-core/playwright";
import { replaceMemberRoles } from "@guildhall/core";
import type { Page } from "@playwright/test";
import { signInToExampleApp, startExampleApp } from "./example-app.ts";
import {
  ALICE,
  BOB,
  baseUrl,
  ctx,
  db,
  ensureAdmin,
  expect,
  expectAccessible,
  seed,
  signIn,
  test,
  unique,
} from "./fixtures.ts";

const APP_URL = "http://localhost:4130";

let exampleApp: Awaited<ReturnType<typeof startExampleApp>> | undefined;
let ids: Awaited<ReturnType<typeof seed>>;

async function setRolesInAcme(userId: string, names: string[]) {
  const roles = await db().organizationRole.findMany({ where: { name: { in: names } } });
  await replaceMemberRoles(ctx(), {
    organizationId: ids.acme.id,
    userId,
    organizationRoleIds: roles.map((r) => r.id),
  });
}

test.beforeAll(async () => {
  await ensureAdmin();
  ids = await seed();
  // The demo's state whatever an earlier spec left: Alice admin, Bob member of Acme.
  await setRolesInAcme(ids.alice.id, ["admin"]);
  await setRolesInAcme(ids.bob.id, ["member"]);
  exampleApp = await startExampleApp(4130);
});

test.afterAll(async () => {
  await exampleApp?.close();
  await setRolesInAcme(ids.alice.id, ["admin"]);
  await setRolesInAcme(ids.bob.id, ["member"]);
});

/** No serious or critical axe violations in the React components (the app's own page around them is not ours). */
async function expectTeamAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).include("#team-root").analyze();
  const serious = results.violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

test("Alice runs Acme from the customer app: she invites someone and changes Bob's role", async ({
  browser,
}) => {
  const { acme } = ids;
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await signInToExampleApp(page, APP_URL, ALICE, acme.id);
    await page.goto(`${APP_URL}/team?organization_id=${acme.id}`);
    const profile = page.getByRole("region", { name: "Acme" });
    await expect(profile.getByRole("cell", { name: /bob@example\.com/ })).toBeVisible();
    await expectTeamAccessible(page);

    // Bob: member -> admin, from the app, through the organization API.
    const bobsRole = profile.getByRole("form", { name: /Role of Bob/ });
    await bobsRole.getByRole("combobox").selectOption({ label: "admin" });
    await bobsRole.getByRole("button", { name: "Save role" }).click();
    await expect
      .poll(async () =>
        (
          await db().organizationMemberRole.findMany({
            where: { organizationId: acme.id, userId: ids.bob.id },
            select: { role: { select: { name: true } } },
          })
        ).map((r) => r.role.name),
      )
      .toEqual(["admin"]);

    // An invitation, emailed in Alice's name.
    await profile.getByRole("tab", { name: "Invitations" }).click();
    const invitee = `${unique("teammate")}@example.com`;
    await profile.getByLabel("Email address").fill(invitee);
    await profile.getByRole("checkbox", { name: "member" }).check();
    await profile.getByRole("button", { name: "Send invitation" }).click();
    await expect(profile.getByRole("cell", { name: invitee, exact: true })).toBeVisible();
    const invitation = await db().organizationInvitation.findFirstOrThrow({
      where: { invitee, organizationId: acme.id },
      select: { inviterId: true, status: true },
    });
    expect(invitation).toEqual({ inviterId: ids.alice.id, status: "Pending" });
    await expectTeamAccessible(page);
  } finally {
    await context.close();
    await setRolesInAcme(ids.bob.id, ["member"]);
  }
});

test("Bob, a plain member, sees no controls and the organization API refuses him", async ({
  browser,
}) => {
  const { acme } = ids;
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await signInToExampleApp(page, APP_URL, BOB, acme.id);
    await page.goto(`${APP_URL}/team?organization_id=${acme.id}`);
    const profile = page.getByRole("region", { name: "Acme" });
    await expect(profile).toBeVisible();
    await expect(profile.getByRole("button", { name: "Save role" })).toHaveCount(0);
    await expect(profile.getByRole("button", { name: /^Remove / })).toHaveCount(0);
    await expect(profile.getByRole("button", { name: "Send invitation" })).toHaveCount(0);

    // The page's own token, straight at the API: refused by the template, not by the UI.
    const answer = await page.evaluate(
      async ({ guildhall, organizationId }) => {
        const csrf = document.getElementById("team-root")?.dataset.csrf ?? "";
        const tokenResponse = await fetch(
          `/session/organization-token?organization_id=${organizationId}`,
          { headers: { "x-csrf-token": csrf } },
        );
        const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
        const response = await fetch(`${guildhall}/api/my/organizations/${organizationId}/users`, {
          headers: { authorization: `Bearer ${token}` },
        });
        return { status: response.status, body: (await response.json()) as { code: string } };
      },
      { guildhall: baseUrl(), organizationId: acme.id },
    );
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe("auth.forbidden");
  } finally {
    await context.close();
  }
});

test("Bob creates his own organization from the app and becomes its admin", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const name = unique("Bob's team");
  try {
    await signInToExampleApp(page, APP_URL, BOB, ids.acme.id);
    await page.goto(`${APP_URL}/team?organization_id=${ids.acme.id}`);
    const form = page.getByRole("region", { name: "Create an organization" });
    await form.getByLabel("Name").fill(name);
    await form.getByRole("button", { name: "Create organization" }).click();
    // He is its admin at once: the profile of the new organization shows him the controls.
    const profile = page.getByRole("region", { name });
    await expect(profile).toBeVisible();
    await expect(profile.getByRole("tab", { name: "Invitations" })).toBeVisible();
    const created = await db().organization.findFirstOrThrow({
      where: { name },
      select: {
        createdById: true,
        members: {
          select: { userId: true, roles: { select: { role: { select: { name: true } } } } },
        },
      },
    });
    expect(created.createdById).toBe(ids.bob.id);
    expect(created.members).toEqual([{ userId: ids.bob.id, roles: [{ role: { name: "admin" } }] }]);
  } finally {
    await context.close();
  }
});

test("the hosted portal wears the organization's branding and shows a member only what they hold", async ({
  browser,
}) => {
  const { globex, acme } = ids;
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await signIn(page, ALICE.email, ALICE.password);
    await expect(page).not.toHaveURL(/\/sign-in/);
    // A customer app links here with the organization's id.
    await page.goto(`/portal?organization_id=${globex.id}`);
    await expect(page).toHaveURL(new RegExp(`/portal/organizations/${globex.id}`));
    await expect(page.getByTestId("portal-organization-name")).toHaveText("Globex");
    const primary = await page.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue("--primary").trim(),
    );
    expect(primary.toLowerCase()).toBe("#059669");
    // In Globex Alice is a plain member: her overview and leaving, nothing to manage.
    const sections = page.getByRole("navigation", { name: "Sections" });
    await expect(sections.getByRole("link", { name: "Leave" })).toBeVisible();
    await expect(sections.getByRole("link", { name: "Members" })).toHaveCount(0);
    await expectAccessible(page);

    // In Acme she is its admin: members, invitations and settings, in Acme's color.
    await page.goto(`/portal/organizations/${acme.id}`);
    await expect(page.getByTestId("portal-organization-name")).toHaveText("Acme");
    await expect(sections.getByRole("link", { name: "Members" })).toBeVisible();
    await expect(sections.getByRole("link", { name: "Settings" })).toBeVisible();
    await expect(page.getByText("bob@example.com").first()).toBeVisible();
    await expectAccessible(page);
  } finally {
    await context.close();
  }
});
