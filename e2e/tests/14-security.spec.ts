import {
  createApplication,
  createInvitation,
  createOrganization,
  setConsoleMemberRole,
  setManagementApiAccess,
  updateUser,
} from "@guildhall/core";
import {
  ADMIN,
  baseUrl,
  createEmailUser,
  ctx,
  ensureAdmin,
  expect,
  freshPage,
  signIn,
  test,
  unique,
} from "./fixtures.ts";

// Issue 10's browser-visible items: each fails on a build without its fix.

async function newCollaborator() {
  await ensureAdmin();
  const password = "collaborator-password-1";
  const user = await createEmailUser({
    email: `${unique("collab")}@example.com`,
    name: "Cole Collaborator",
    password,
  });
  await setConsoleMemberRole(ctx(), { userId: user.id, role: "collaborator" });
  return { ...user, password };
}

test("a session cookie replayed after sign-out, or after a password change, no longer signs anyone in", async ({
  browser,
}) => {
  const collaborator = await newCollaborator();

  // Sign in, keep a copy of the cookies, sign out through the menu.
  const page = await freshPage(browser);
  await signIn(page, collaborator.email, collaborator.password);
  await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
  const copied = await page.context().cookies();
  await page.getByTestId("user-menu").click();
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in/);

  const replay = await freshPage(browser);
  await replay.context().addCookies(copied);
  await replay.goto("/organizations");
  await expect(replay).toHaveURL(/\/sign-in/);

  // A session opened before a password change dies with it.
  const before = await freshPage(browser);
  await signIn(before, collaborator.email, collaborator.password);
  await expect(before.getByRole("navigation", { name: "Console" })).toBeVisible();
  await updateUser(ctx(), { id: collaborator.id, password: "a-brand-new-password-2" });
  await before.goto("/organizations");
  await expect(before).toHaveURL(/\/sign-in/);
});

test("sign-in's callbackUrl never leaves the site, whatever the encoding trick", async ({
  browser,
}) => {
  await ensureAdmin();
  // Raw query values, as an attacker's link carries them: `%09` arrives as a tab, which
  // browsers strip from URLs, so `/<tab>/evil.example` would become `//evil.example`.
  const bypasses = [
    "/%09/evil.example",
    "//evil.example",
    "/%5Cevil.example",
    "%2F%2Fevil.example",
    "/%0A/evil.example",
    "https://evil.example/organizations",
    "https://localhost@evil.example/",
  ];
  for (const target of bypasses) {
    const page = await freshPage(browser);
    await page.goto(`/sign-in?callbackUrl=${target}`);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByTestId("sign-in-submit").click();
    await expect(page).not.toHaveURL(/\/sign-in/);
    await page.waitForLoadState("load");
    expect(new URL(page.url()).origin, `callbackUrl ${target}`).toBe(baseUrl());
    await page.context().close();
  }
});

test("pages carry a nonce CSP and still hydrate; tRPC refuses a cross-site origin", async ({
  page,
  request,
}) => {
  await ensureAdmin();
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto("/sign-in");
  const headers = response?.headers() ?? {};
  expect(headers["content-security-policy"]).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=_-]+'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBeTruthy();
  // The form is disabled until React hydrates: enabled means the nonce let Next's scripts run.
  await expect(page.getByTestId("sign-in-submit")).toBeEnabled();
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
  await page.goto("/organizations");
  await expect(page.getByRole("heading", { level: 1, name: "Organizations" })).toBeVisible();
  expect(violations).toEqual([]);

  const crossSite = await request.post("/api/trpc/organization.create", {
    headers: { origin: "https://evil.example", "content-type": "application/json" },
    data: { json: { name: "Evil" } },
  });
  expect(crossSite.status()).toBe(403);
});

test("a collaborator cannot create or delete secrets of, or delete, an application with Management API access", async ({
  browser,
}) => {
  const collaborator = await newCollaborator();
  const { application } = await createApplication(ctx(), {
    name: unique("Automation"),
    type: "MachineToMachine",
  });
  await setManagementApiAccess(ctx(), { applicationId: application.id, enabled: true });
  const { application: ordinary } = await createApplication(ctx(), {
    name: unique("Reporting"),
    type: "MachineToMachine",
  });

  const page = await freshPage(browser);
  await signIn(page, collaborator.email, collaborator.password);
  await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();

  await page.goto(`/applications/${application.id}`);
  await expect(page.getByTestId("credentials-locked")).toBeVisible();
  await expect(page.getByTestId("add-secret")).toBeDisabled();
  await expect(page.getByTestId("delete-application")).toBeDisabled();

  await page.goto(`/applications/${ordinary.id}`);
  await expect(page.getByTestId("add-secret")).toBeEnabled();
  await expect(page.getByTestId("credentials-locked")).toHaveCount(0);
});

test("a collaborator's Emails page shows organization emails, never console invitations, and no live link", async ({
  browser,
}) => {
  const collaborator = await newCollaborator();
  const organization = await createOrganization(ctx(), { name: unique("Initech") });
  const orgInvitee = `${unique("peter")}@example.com`;
  const consoleInvitee = `${unique("lumbergh")}@example.com`;
  await createInvitation(ctx(), {
    invitee: orgInvitee,
    organizationId: organization.id,
    baseUrl: baseUrl(),
  });
  await createInvitation(ctx(), {
    invitee: consoleInvitee,
    consoleRole: "admin",
    baseUrl: baseUrl(),
  });

  const page = await freshPage(browser);
  await signIn(page, collaborator.email, collaborator.password);
  await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
  await page.goto("/emails");
  await expect(page.getByTestId("email-row").filter({ hasText: orgInvitee })).toBeVisible();
  await expect(page.getByTestId("email-row").filter({ hasText: consoleInvitee })).toHaveCount(0);

  await page
    .getByTestId("email-row")
    .filter({ hasText: orgInvitee })
    .getByTestId("email-open")
    .click();
  await expect(page.getByTestId("email-redacted")).toBeVisible();
  await page.getByRole("button", { name: "Plain text" }).click();
  await expect(page.getByTestId("email-text")).toContainText("/invite/…");
  await expect(page.getByTestId("email-text")).not.toContainText(/\/invite\/[A-Za-z0-9_-]{20,}/);
});

test("repeated wrong passwords are slowed down with a clear message, the same for an unknown account", async ({
  page,
}) => {
  await ensureAdmin();
  const password = "throttled-password-1";
  const user = await createEmailUser({ email: `${unique("target")}@example.com`, password });
  // The server trusts its loopback proxy (TRUST_PROXY=loopback in global-setup), so this
  // test's failures count against an address of its own, not against every other spec's.
  await page.setExtraHTTPHeaders({
    "x-forwarded-for": `203.0.113.${Math.floor(Math.random() * 250) + 1}`,
  });
  for (const email of [user.email, `${unique("nobody")}@example.com`]) {
    await page.goto("/sign-in");
    let message = "";
    for (let attempt = 0; attempt < 10 && !/Too many attempts/.test(message); attempt++) {
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(`wrong-password-${attempt}`);
      await Promise.all([
        // The password is checked by the sign-in page's server action (a POST to the page).
        page.waitForResponse(
          (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/sign-in",
        ),
        page.getByTestId("sign-in-submit").click(),
      ]);
      await expect(page.getByTestId("form-error")).toBeVisible();
      message = (await page.getByTestId("form-error").textContent()) ?? "";
    }
    expect(message, email).toMatch(/Too many attempts\. Try again in \d+ s\./);
  }
});
