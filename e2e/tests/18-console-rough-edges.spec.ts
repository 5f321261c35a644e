/**
 * Issue 18's console rough edges, in the browser: list inputs keep what was typed, Email
 * settings with a test email through the SMTP sink, labelled member actions, scrollable
 * organization tabs, bulk actions on members and users, and a recent activity that names
 * who, what and where.
 */
import { readFileSync } from "node:fs";
import {
  createOrganization,
  createOrganizationRole,
  createRole,
  createUser,
  removeMember,
  setConsoleMemberRole,
} from "@guildhall/core";
import {
  ADMIN,
  createMember,
  ctx,
  db,
  ensureAdmin,
  expect,
  expectAccessible,
  settled,
  signIn,
  test,
  unique,
  waitForEmail,
} from "./fixtures.ts";

test("a redirect URI typed but not added is saved with the application, or refused with its message", async ({
  admin: page,
}) => {
  const name = unique("Webapp");
  await page.goto("/applications");
  await page.getByTestId("create-application").first().click();
  const dialog = page.getByRole("dialog", { name: "Create application" });
  await dialog.getByTestId("type-Traditional").check();
  await dialog.getByTestId("application-name").fill(name);

  // Typed, never added with its button: the form says it will be added on submit...
  await dialog.getByLabel("Add to Redirect URIs", { exact: true }).fill("not-a-url");
  await expect(dialog.getByTestId("uri-draft-hint")).toHaveText(
    "Not added yet: it will be added when you save.",
  );
  // ...and on submit it is added and validated like the others: this one is refused.
  await dialog.getByTestId("application-submit").click();
  await expect(dialog.getByLabel("Redirect URIs 1", { exact: true })).toHaveValue("not-a-url");
  await expect(
    dialog.getByText("Enter a full URL, e.g. https://app.example.com/callback"),
  ).toBeVisible();
  await expect(dialog).toBeVisible();

  await dialog
    .getByLabel("Redirect URIs 1", { exact: true })
    .fill("https://app.example.com/callback");
  await dialog
    .getByLabel("Add to Post sign-out redirect URIs", { exact: true })
    .fill("https://app.example.com/");
  await dialog.getByTestId("application-submit").click();
  await page.getByTestId("secret-done").click();
  await expect(page).toHaveURL(/\/applications\/[^/]+$/);

  const settings = page.getByRole("form", { name: "Application settings" });
  await expect(settings.getByLabel("Redirect URIs 1", { exact: true })).toHaveValue(
    "https://app.example.com/callback",
  );
  await expect(settings.getByLabel("Post sign-out redirect URIs 1", { exact: true })).toHaveValue(
    "https://app.example.com/",
  );

  // The settings card too: a typed URI alone enables Save, and saving keeps it.
  await settings
    .getByLabel("Add to Redirect URIs", { exact: true })
    .fill("https://app.example.com/other");
  await settings.getByTestId("application-save").click();
  await expect(page.getByText("Settings saved")).toBeVisible();
  const saved = await db().application.findFirstOrThrow({
    where: { name },
    select: { redirectUris: true, postLogoutRedirectUris: true },
  });
  expect(saved).toEqual({
    redirectUris: ["https://app.example.com/callback", "https://app.example.com/other"],
    postLogoutRedirectUris: ["https://app.example.com/"],
  });
});

test("Email settings shows the SMTP server and a test email reaches the inbox", async ({
  admin: page,
}) => {
  await page.goto("/");
  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: "Email settings" })
    .click();
  await expect(page).toHaveURL(/\/settings\/email$/);
  await expect(page.getByRole("heading", { level: 1, name: "Email settings" })).toBeVisible();
  // The suite's server sends through the SMTP sink (global-setup.ts).
  const transport = page.getByTestId("email-transport");
  await expect(transport).toContainText("SMTP");
  await expect(page.getByTestId("smtp-server")).toHaveText(/^127\.0\.0\.1:\d+$/);
  await expect(transport).toContainText("no-reply@guildhall.test");
  await expect(page.getByTestId("smtp-howto")).toHaveCount(0);
  await expectAccessible(page);

  const to = `${unique("smtp-test")}@example.com`;
  await page.getByLabel("Recipient").fill(to);
  await page.getByTestId("send-test-email").click();
  await expect(page.getByTestId("test-email-status")).toContainText(
    `Sent: the SMTP server accepted it. Check the inbox of ${to}.`,
    { timeout: 20_000 },
  );
  const email = await waitForEmail(to);
  expect(email.subject).toBe("Test email from Guildhall");
  expect(email.text).toContain("Email delivery works");

  // The Emails page lists it as really sent: SMTP is configured, so no local-outbox notice.
  await page.getByRole("link", { name: "See it on the Emails page" }).click();
  await expect(page.getByTestId("email-row").filter({ hasText: to })).toContainText("Sent");
  await expect(page.getByTestId("local-outbox-notice")).toHaveCount(0);
});

test("a collaborator cannot open Email settings", async ({ page }) => {
  await ensureAdmin();
  const password = "collaborator-password";
  const user = await createUser(ctx(), {
    email: `${unique("collab")}@example.com`,
    password,
  });
  await setConsoleMemberRole(ctx(), { userId: user.id, role: "collaborator" });
  await signIn(page, user.email ?? "", password);
  await expect(page).not.toHaveURL(/sign-in/);
  await expect(
    page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Email settings" }),
  ).toHaveCount(0);
  await page.goto("/settings/email");
  await expect(page.getByTestId("forbidden")).toContainText(
    "Only console admins can see this page",
  );
  await expect(page.getByTestId("send-test-email")).toHaveCount(0);
});

test("member row actions show their label as a tooltip, on hover and from the keyboard", async ({
  admin: page,
}) => {
  const organization = await createOrganization(ctx(), { name: unique("Tooltip Co") });
  const member = await createMember(organization.id, []);
  await page.goto(`/organizations/${organization.id}/members`);
  await settled(page);
  const row = page.getByTestId("member-row").filter({ hasText: member.email });

  await row.getByRole("button", { name: `Edit roles of ${member.name}` }).hover();
  await expect(page.getByRole("tooltip")).toHaveText(`Edit roles of ${member.name}`);

  await page.mouse.move(0, 0);
  await row.getByRole("button", { name: `Effective permissions of ${member.name}` }).focus();
  await expect(page.getByRole("tooltip")).toHaveText(`Effective permissions of ${member.name}`);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(row.getByRole("button", { name: `Remove ${member.name}` })).toBeFocused();
  await expect(page.getByRole("tooltip")).toHaveText(`Remove ${member.name}`);
});

test("the organization tabs scroll sideways at phone width, the current one in view", async ({
  admin: page,
}) => {
  const organization = await createOrganization(ctx(), { name: unique("Narrow Co") });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/organizations/${organization.id}/settings`);
  const tabs = page.getByRole("navigation", { name: "Organization sections" });
  const current = tabs.getByRole("link", { name: "Settings" });
  await expect(current).toHaveAttribute("aria-current", "page");
  await expect(current).toBeInViewport({ ratio: 1 });
  const strip = page.getByTestId("link-tabs");
  expect(await strip.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  // Every tab stays reachable.
  await tabs.getByRole("link", { name: "Members" }).click();
  await expect(page).toHaveURL(new RegExp(`/organizations/${organization.id}/members$`));
});

test("bulk actions on members: export the selection, assign a role, remove them", async ({
  admin: page,
}) => {
  const organization = await createOrganization(ctx(), { name: unique("Bulk Co") });
  const role = await createOrganizationRole(ctx(), { name: unique("Reviewer") });
  const a = await createMember(organization.id, []);
  const b = await createMember(organization.id, []);
  const c = await createMember(organization.id, []);
  await page.goto(`/organizations/${organization.id}/members`);
  await settled(page);
  const row = (user: { email: string | null }) =>
    page.getByTestId("member-row").filter({ hasText: user.email ?? "" });

  await page.getByRole("checkbox", { name: "Select all members on this page" }).check();
  await expect(page.getByTestId("bulk-count")).toHaveText("3 members selected");
  await page.getByRole("checkbox", { name: "Select all members on this page" }).uncheck();
  await expect(page.getByTestId("bulk-actions")).toHaveCount(0);

  await row(a)
    .getByRole("checkbox", { name: `Select ${a.name}` })
    .check();
  await row(b)
    .getByRole("checkbox", { name: `Select ${b.name}` })
    .check();
  const bar = page.getByRole("toolbar", { name: "Actions for the 2 members selected" });
  await expect(bar).toBeVisible();
  await expectAccessible(page);

  const download = page.waitForEvent("download");
  await bar.getByRole("button", { name: "Export CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/-members-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await file.path(), "utf8");
  expect(csv).toContain("id,email,username,name,roles,joined_at");
  expect(csv).toContain(a.email);
  expect(csv).toContain(b.email);
  expect(csv).not.toContain(c.email);

  await bar.getByRole("button", { name: "Assign roles" }).click();
  const dialog = page.getByRole("dialog", { name: "Assign roles" });
  await dialog.getByRole("button", { name: /^Roles:/ }).click();
  await page.getByRole("searchbox", { name: "Search roles" }).last().fill(role.name);
  await page.getByRole("checkbox", { name: new RegExp(role.name) }).check();
  await page.keyboard.press("Escape");
  await dialog.getByTestId("bulk-assign-submit").click();
  await expect(dialog).toBeHidden();
  await expect(row(a).getByRole("list", { name: `Roles of ${a.name}` })).toHaveText(role.name);
  await expect(row(b).getByRole("list", { name: `Roles of ${b.name}` })).toHaveText(role.name);
  expect(
    await db().organizationMemberRole.count({
      where: { organizationId: organization.id, userId: c.id },
    }),
  ).toBe(0);

  await bar.getByRole("button", { name: "Remove", exact: true }).click();
  const confirm = page.getByTestId("confirm-dialog");
  await expect(confirm).toContainText(`Remove 2 members from ${organization.name}?`);
  await confirm.getByTestId("confirm-button").click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId("member-row")).toHaveCount(1);
  await expect(row(c)).toBeVisible();
  await expect(page.getByTestId("bulk-actions")).toHaveCount(0);
  const left = await db().organizationMember.findMany({
    where: { organizationId: organization.id },
    select: { userId: true },
  });
  expect(left).toEqual([{ userId: c.id }]);
});

test("bulk actions on users: assign a global role, export, delete", async ({ admin: page }) => {
  const prefix = unique("bulkuser");
  const users = [
    await createUser(ctx(), { email: `${prefix}-1@example.com`, name: `${prefix} One` }),
    await createUser(ctx(), { email: `${prefix}-2@example.com`, name: `${prefix} Two` }),
  ];
  const role = await createRole(ctx(), { name: unique("Auditor"), type: "User" });
  await page.goto("/users");
  await page.getByRole("searchbox", { name: "Search users" }).fill(prefix);
  await expect(page.getByTestId("user-row")).toHaveCount(2);

  await page.getByRole("checkbox", { name: "Select all users on this page" }).check();
  const bar = page.getByRole("toolbar", { name: "Actions for the 2 users selected" });
  await expect(bar).toBeVisible();

  const download = page.waitForEvent("download");
  await bar.getByRole("button", { name: "Export CSV" }).click();
  const csv = readFileSync(await (await download).path(), "utf8");
  for (const user of users) expect(csv).toContain(user.email ?? "");

  await bar.getByRole("button", { name: "Assign roles" }).click();
  const dialog = page.getByRole("dialog", { name: "Assign roles" });
  await dialog.getByRole("button", { name: /^Global roles:/ }).click();
  await page.getByRole("searchbox", { name: "Search global roles" }).last().fill(role.name);
  await page.getByRole("checkbox", { name: new RegExp(role.name) }).check();
  await page.keyboard.press("Escape");
  await dialog.getByTestId("bulk-assign-submit").click();
  await expect(dialog).toBeHidden();
  expect(
    await db().userRole.count({
      where: { roleId: role.id, userId: { in: users.map((u) => u.id) } },
    }),
  ).toBe(2);

  await bar.getByRole("button", { name: "Delete", exact: true }).click();
  const confirm = page.getByTestId("confirm-dialog");
  await expect(confirm).toContainText("Delete 2 users?");
  await confirm.getByTestId("confirm-button").click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId("user-row")).toHaveCount(0);
  expect(await db().user.count({ where: { id: { in: users.map((u) => u.id) } } })).toBe(0);
});

test("recent activity names who did what, to whom, and where, with links", async ({
  admin: page,
}) => {
  const admin = await db().user.findUniqueOrThrow({ where: { email: ADMIN.email } });
  const organization = await createOrganization(ctx(), { name: unique("Activity Co") });
  const member = await createMember(organization.id, []);
  await removeMember(
    { ...ctx(), actor: { type: "console", userId: admin.id, role: "admin" } },
    { organizationId: organization.id, userId: member.id },
  );
  await page.goto("/");
  const entry = page.getByTestId("activity-entry").first();
  await expect(entry).toContainText(`Member removed: ${member.name} in ${organization.name}`);
  await expect(entry).toContainText(`by ${ADMIN.name}`);
  await expect(entry.getByRole("link", { name: member.name ?? "" })).toHaveAttribute(
    "href",
    `/users/${member.id}`,
  );
  await expect(entry.getByRole("link", { name: organization.name })).toHaveAttribute(
    "href",
    `/organizations/${organization.id}`,
  );
  await expect(entry.getByRole("link", { name: ADMIN.name })).toHaveAttribute(
    "href",
    `/users/${admin.id}`,
  );
});
