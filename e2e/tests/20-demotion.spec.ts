/**
 * Issue 15's acceptance test: Alice is demoted in the console; within seconds her open page in
 * the example customer app hides the admin action, her stale token is refused with
 * `token_stale`, and a silent refresh gives her the smaller token.
 */
import { replaceMemberRoles } from "@guildhall/core";
import { signInToExampleApp, startExampleApp } from "./example-app.ts";
import { ALICE, ctx, db, ensureAdmin, expect, seed, settled, test } from "./fixtures.ts";

const APP_URL = "http://localhost:4120";
/** How long a role change may take to reach Alice's page and the app's API. */
const LIVE = { timeout: 10_000 };

let exampleApp: Awaited<ReturnType<typeof startExampleApp>> | undefined;
let ids: Awaited<ReturnType<typeof seed>>;

/** Alice's roles in Acme, by name, set through core (fixtures bypass the UI). */
async function setAliceRolesInAcme(names: string[]) {
  const roles = await db().organizationRole.findMany({ where: { name: { in: names } } });
  await replaceMemberRoles(ctx(), {
    organizationId: ids.acme.id,
    userId: ids.alice.id,
    organizationRoleIds: roles.map((r) => r.id),
  });
}

test.beforeAll(async () => {
  await ensureAdmin();
  ids = await seed();
  // The demo data's state, whatever an earlier spec left: Alice is an admin of Acme.
  await setAliceRolesInAcme(["admin"]);
  exampleApp = await startExampleApp(4120);
});

test.afterAll(async () => {
  await exampleApp?.close();
  // Specs share one database: give Alice her admin role back.
  await setAliceRolesInAcme(["admin"]);
});

test("Alice is demoted in the console: her open page follows, her old token is stale", async ({
  admin,
  browser,
}) => {
  const { acme, alice } = ids;
  // Alice in a context of her own: no console admin cookies.
  const aliceContext = await browser.newContext();
  const page = await aliceContext.newPage();
  try {
    await signInToExampleApp(page, APP_URL, ALICE, acme.id);
    const permissions = page.getByRole("list", { name: "Permissions" });
    await expect(
      permissions.getByRole("listitem").filter({ hasText: "remove:member" }),
    ).toHaveCount(1);
    const adminActions = page.getByRole("region", { name: "Members" });
    await expect(adminActions.getByRole("button", { name: "Remove Bob" })).toBeVisible();
    // The page checked its token with the app's API (the freshness monitor is live).
    const apiCheck = page.locator("[data-api-check]");
    await expect(apiCheck).toContainText("The app's API accepts this token", LIVE);
    const oldToken = (await page.getByTestId("access-token").textContent())?.trim() ?? "";
    expect(oldToken.split(".")).toHaveLength(3);

    const callApi = async (token: string) => {
      const response = await page.request.get(`${APP_URL}/api/organizations/${acme.id}/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return {
        status: response.status(),
        body: (await response.json()) as Record<string, unknown>,
      };
    };
    expect(await callApi(oldToken)).toMatchObject({
      status: 200,
      body: { userId: alice.id, permissions: expect.arrayContaining(["remove:member"]) as unknown },
    });

    // The console admin, in the default context: Acme → Members → Alice's roles: admin → member.
    await admin.goto(`/organizations/${acme.id}/members`);
    await settled(admin);
    const row = admin.getByTestId("member-row").filter({ hasText: ALICE.email });
    await expect(row.getByRole("list", { name: "Roles of Alice" })).toHaveText("admin");
    await row.getByRole("button", { name: "Edit roles of Alice" }).click();
    const dialog = admin.getByRole("dialog", { name: "Roles of Alice" });
    await dialog.getByRole("button", { name: "Remove admin" }).click();
    await dialog.getByRole("button", { name: /^Roles:/ }).click();
    await admin.getByRole("searchbox", { name: "Search roles" }).last().fill("member");
    await admin.getByRole("checkbox", { name: /^member/ }).check();
    await admin.keyboard.press("Escape");
    await dialog.getByTestId("member-roles-submit").click();
    await expect(dialog).toBeHidden();
    await expect(row.getByRole("list", { name: "Roles of Alice" })).toHaveText("member");

    // Alice's open page, with no reload: the admin action goes, a polite notice says why.
    await expect(adminActions).toBeHidden(LIVE);
    await expect(page.getByTestId("live-notice")).toHaveText(
      "Your roles in Acme changed: admin → member",
      LIVE,
    );
    await expect(page.getByTestId("live-notice")).toHaveAttribute("aria-live", "polite");
    await expect(
      permissions.getByRole("listitem").filter({ hasText: "remove:member" }),
    ).toHaveCount(0);
    await expect(permissions.getByRole("listitem").filter({ hasText: "read:content" })).toHaveCount(
      1,
    );
    await expect(
      page.getByRole("region", { name: `Selected organization ${acme.id}` }).locator(".roles"),
    ).toContainText("member");

    // Her old token is refused as stale by the app's API...
    await expect
      .poll(async () => callApi(oldToken), LIVE)
      .toMatchObject({
        status: 401,
        body: { error: "token_stale" },
      });
    // ...and the silently refreshed one is the smaller token, which the API accepts.
    const newToken = (await page.getByTestId("access-token").textContent())?.trim() ?? "";
    expect(newToken).not.toBe(oldToken);
    const fresh = await callApi(newToken);
    expect(fresh.status).toBe(200);
    expect(fresh.body.permissions).not.toContain("remove:member");
    await expect(apiCheck).toContainText("The app's API accepts this token", LIVE);
    await expect(apiCheck).not.toContainText("remove:member");

    // A reload shows the same state.
    await page.reload();
    await expect(page.getByRole("list", { name: "Permissions" })).not.toContainText(
      "remove:member",
    );
    await expect(page.getByRole("region", { name: "Members" })).toHaveCount(0);
  } finally {
    await aliceContext.close();
  }
});
