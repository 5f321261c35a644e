/**
 * Issue 13's acceptance tests in a browser, against real identity providers started here:
 * an admin configures an OIDC or SAML connector and the organization's just-in-time
 * provisioning in the console; a new employee types their work email on the sign-in page,
 * signs in at the IdP and lands in the organization with its default role.
 */
import {
  addRolePermissions,
  createOrganization,
  createOrganizationPermission,
  createOrganizationRole,
} from "@guildhall/core";
import type { Page } from "@playwright/test";
import { startExampleApp } from "./example-app.ts";
import {
  ctx,
  db,
  ensureAdmin,
  expect,
  expectAccessible,
  freshPage,
  test,
  unique,
} from "./fixtures.ts";
import { SAML_IDP, startSamlIdp, startTestOidcIdp } from "./idps.ts";

const base = () => process.env.E2E_BASE_URL ?? "http://localhost:3210";

/** An organization whose default role grants one permission, for the token check. */
async function enterpriseOrganization(name: string) {
  const permission = await createOrganizationPermission(ctx(), {
    name: unique("read:reports"),
  });
  const role = await createOrganizationRole(ctx(), { name: unique("employee") });
  await addRolePermissions(ctx(), { roleId: role.id, permissionIds: [permission.id] });
  const organization = await createOrganization(ctx(), { name: unique(name) });
  return { organization, role, permission };
}

/** Adds a connector of `kind` in the console; returns its id (from the detail page's URL). */
async function addConnector(admin: Page, kind: "OIDC" | "SAML", name: string): Promise<string> {
  await admin.goto("/sso-connectors");
  await expect(admin.getByRole("heading", { level: 1, name: "Enterprise SSO" })).toBeVisible();
  await expectAccessible(admin);
  await admin.getByRole("button", { name: "Add connector" }).first().click();
  await admin.getByTestId(`provider-${kind}`).check();
  await admin.getByTestId("sso-connector-name").fill(name);
  await admin.getByTestId("sso-connector-submit").click();
  await expect(admin).toHaveURL(/\/sso-connectors\/[^/]+$/);
  return new URL(admin.url()).pathname.split("/").pop() ?? "";
}

async function saveDomains(admin: Page, domain: string) {
  await admin.getByTestId("sso-domains").fill(domain);
  await admin.getByTestId("save-sign-in").click();
  await expect(admin.getByText(/saved/i).first()).toBeVisible();
}

/** The organization's Provisioning tab: a default role and the connector. */
async function linkJit(admin: Page, organizationId: string, roleName: string, connector: string) {
  await admin.goto(`/organizations/${organizationId}/provisioning`);
  await expect(admin.getByText("Just-in-time provisioning").first()).toBeVisible();

  await admin.getByTestId("jit-roles-edit").click();
  const roles = admin.getByRole("dialog", { name: "Edit default roles" });
  await roles.getByRole("button", { name: /^Roles:/ }).click();
  await admin.getByRole("searchbox", { name: "Search roles" }).last().fill(roleName);
  await admin.getByRole("checkbox", { name: new RegExp(roleName) }).check();
  await admin.keyboard.press("Escape");
  await roles.getByTestId("jit-roles-save").click();
  await expect(roles).toBeHidden();

  await admin.getByTestId("jit-connectors-edit").click();
  const connectors = admin.getByRole("dialog", { name: "Edit linked connectors" });
  await connectors.getByRole("button", { name: /^SSO connectors:/ }).click();
  await admin.getByRole("searchbox", { name: "Search sso connectors" }).last().fill(connector);
  await admin.getByRole("checkbox", { name: new RegExp(connector) }).check();
  await admin.keyboard.press("Escape");
  await connectors.getByTestId("jit-connectors-save").click();
  await expect(connectors).toBeHidden();
  await expect(admin.getByTestId("jit-summary")).toContainText(connector);
  await expectAccessible(admin);
}

test.beforeAll(async () => {
  await ensureAdmin();
});

test("OIDC: a new employee signs in to the customer app through the company IdP and gets an organization token with the default role", async ({
  admin,
  browser,
}) => {
  // The admin fixture signs `page` in; the employee gets a browser of their own.
  const page = await freshPage(browser);
  const { organization, role, permission } = await enterpriseOrganization("Enterprise Org");
  const name = unique("Enterprise OIDC");
  const id = await addConnector(admin, "OIDC", name);
  const idp = await startTestOidcIdp([`${base()}/sso/oidc/${id}/callback`], { port: 4201 });
  const app = await startExampleApp(4102);
  try {
    await admin.getByTestId("oidc-issuer").fill(idp.issuer);
    await admin.getByTestId("oidc-client-id").fill(idp.clientId);
    await admin.getByTestId("oidc-client-secret").fill(idp.clientSecret);
    await admin.getByTestId("save-oidc").click();
    await expect(admin.getByText(/saved/i).first()).toBeVisible();
    const domain = `${unique("enterprise")}.test`;
    await saveDomains(admin, domain);
    await expectAccessible(admin);

    // Test connection: a sign-in in a popup that shows the claims and signs nobody in.
    const email = `alice@${domain}`;
    idp.signInAs({ sub: unique("alice"), email, email_verified: true, name: "Alice Enterprise" });
    const popupPromise = admin.waitForEvent("popup");
    await admin.getByTestId("test-sso-connection").click();
    const popup = await popupPromise;
    await expect(popup.getByRole("heading", { name: "Connection works" })).toBeVisible();
    await expect(popup.getByTestId("sso-test-claims")).toContainText(email);
    await popup.close();
    expect(await db().user.count({ where: { email } })).toBe(0);

    await linkJit(admin, organization.id, role.name, name);

    await page.goto(`${app.url}/`);
    await page.getByRole("link", { name: "Sign in with Guildhall" }).click();
    await page.getByLabel("Email").fill(email);
    await page.getByTestId("sign-in-sso").click();
    await expect(page).toHaveURL(`${app.url}/dashboard`);
    await page.getByLabel("Switch organization").selectOption(organization.id);
    await page.getByRole("button", { name: "Switch", exact: true }).click();
    await expect(page.getByText("Guildhall issued this organization token just now")).toBeVisible();
    await expect(page.getByText(permission.name).first()).toBeVisible();

    const user = await db().user.findUniqueOrThrow({ where: { email } });
    expect(user.emailVerifiedAt).not.toBeNull();
    expect(await db().userSsoIdentity.count({ where: { userId: user.id } })).toBe(1);
  } finally {
    await app.close();
    await idp.close();
  }
});

test("SAML: a signed assertion from the company IdP signs a new employee in and provisions the membership", async ({
  admin,
  browser,
}) => {
  const page = await freshPage(browser);
  const { organization, role } = await enterpriseOrganization("SAML Org");
  const name = unique("Enterprise SAML");
  const id = await addConnector(admin, "SAML", name);
  const domain = `${unique("saml-enterprise")}.test`;
  const email = `bob@${domain}`;
  const idp = await startSamlIdp(
    { entityId: `${base()}/sso/saml/${id}`, acsUrl: `${base()}/sso/saml/${id}/acs` },
    // The address under the IdP's own attribute name: the connector's mapping must name it.
    { nameId: unique("bob"), attributes: { "urn:corp:mail": email, name: "Bob Enterprise" } },
  );
  try {
    await expect(admin.getByTestId("sp-ACS URL")).toContainText(`/sso/saml/${id}/acs`);
    await admin.getByTestId("saml-metadata").fill(idp.metadataXml);
    await admin.getByTestId("save-saml").click();
    await expect(admin.getByTestId("saml-idp-summary")).toContainText(SAML_IDP.entityId);
    await admin.getByTestId("mapping-email").fill("urn:corp:mail");
    await admin.getByTestId("save-mapping").click();
    await expect(admin.getByText("Attribute mapping saved").first()).toBeVisible();
    await saveDomains(admin, domain);
    await linkJit(admin, organization.id, role.name, name);

    await page.goto("/sign-in?callbackUrl=%2Faccount%2Forganizations");
    await page.getByLabel("Email").fill(email);
    await expect(page.getByTestId("sign-in-sso")).toContainText(name);
    await expect(page.getByLabel("Password", { exact: true })).toBeHidden();
    await expectAccessible(page);
    await page.getByTestId("sign-in-sso").click();
    await expect(page).toHaveURL(/\/account\/organizations$/);
    const own = page.getByTestId("own-organization");
    await expect(own).toContainText(organization.name);
    await expect(own).toContainText(role.name);
  } finally {
    await idp.close();
  }
});

test("a failed SSO sign-in shows a clear error page and signs nobody in", async ({ page }) => {
  await page.goto("/sso/not-a-connector/start?callbackUrl=%2Faccount");
  await expect(page.getByRole("heading", { name: "Single sign-on failed" })).toBeVisible();
  await expect(page.getByTestId("sso-error-message")).not.toBeEmpty();
  await expectAccessible(page);
  await page.getByTestId("sso-back-to-sign-in").click();
  await expect(page).toHaveURL(/\/sign-in/);
});
