import { createApplication, setManagementApiAccess } from "@guildhall/core";
import type { APIRequestContext, Page } from "@playwright/test";
import { baseUrl, ctx, expect, expectAccessible, settled, test, unique } from "./fixtures.ts";

// The selectors inside the reference are Scalar's own markup (@scalar/api-reference 1.76):
// the search button "Open Search", its combobox "Enter search query" and listbox "Reference
// Search Results", the "Bearer Token" field of the Authentication box, the "Test Request"
// buttons, and the "API Client" dialog with its "Send get request to …" button and its
// "Response" section.

/**
 * A new machine-to-machine application with Management API access, and an access token of
 * its own, fetched as a CI job would (client_credentials at /oidc/token).
 */
async function managementApiToken(request: APIRequestContext): Promise<string> {
  const { application, secret } = await createApplication(ctx(), {
    name: unique("API reference e2e"),
    type: "MachineToMachine",
  });
  if (!secret) throw new Error("A machine-to-machine application is created with a secret");
  await setManagementApiAccess(ctx(), { applicationId: application.id, enabled: true });
  const basic = Buffer.from(`${application.id}:${secret.value}`).toString("base64");
  const response = await request.post(`${baseUrl()}/oidc/token`, {
    headers: { authorization: `Basic ${basic}` },
    form: { grant_type: "client_credentials", resource: `${baseUrl()}/api`, scope: "all" },
  });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Console messages that report a Content-Security-Policy violation, collected from now on. */
function cspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

async function openReference(page: Page) {
  await page.goto("/api-reference");
  await expect(
    page.getByRole("heading", { level: 1, name: "Management API reference" }),
  ).toBeVisible();
  // Scalar has rendered the document (it loads and renders in the browser only: over 10 s
  // once on a CI machine busy with the rest of the suite).
  await expect(page.getByRole("heading", { name: "Guildhall Management API" })).toBeVisible({
    timeout: 30_000,
  });
  await settled(page);
}

test("the API reference sits in the console shell, has no serious axe violation, and its search finds an operation", async ({
  admin: page,
}) => {
  const violations = cspViolations(page);
  await openReference(page);
  // The console's own navigation stays, with a way back to every console page.
  const nav = page.getByRole("navigation", { name: "Console" });
  await expect(nav.getByRole("link", { name: "API reference" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expect(nav.getByRole("link", { name: "Organizations" })).toBeVisible();
  // At rest. Scalar's search and client dialogs are not checked: axe reports upstream ARIA
  // problems in them (a combobox without aria-expanded, aria-label on popover buttons).
  await expectAccessible(page);

  await page.getByRole("button", { name: /Open Search/ }).click();
  await page.getByRole("combobox", { name: "Enter search query" }).fill("Get organizations");
  // "Get organizations" itself, not "Get organizations for a user".
  const result = page
    .getByRole("listbox", { name: "Reference Search Results" })
    .getByRole("option", { name: /Get organizations\s*,/ });
  await expect(result).toBeVisible();
  await result.click();
  await expect(page).toHaveURL(/GET\/api\/organizations$/);
  await expect(
    page.getByRole("heading", { name: "Get organizations", exact: true }),
  ).toBeInViewport();

  expect(violations).toEqual([]);
});

test("Test Request sends the pasted token of a fresh machine-to-machine app to this instance's /api and shows 200", async ({
  admin: page,
  request,
}) => {
  const token = await managementApiToken(request);
  const violations = cspViolations(page);
  await openReference(page);

  // The document-wide Authentication box; the API client takes the token from it.
  await page.getByLabel("Bearer Token").fill(token);
  await page.getByRole("button", { name: /Test Request\s*\(get \/api\/organizations\)/ }).click();
  const client = page.getByRole("dialog", { name: "API Client" });
  await expect(client).toBeVisible();
  await expect(client.getByLabel("Bearer Token")).toHaveValue(token);

  const sent = page.waitForResponse(
    (r) => r.url().startsWith(`${baseUrl()}/api/organizations`) && r.request().method() === "GET",
  );
  await client.getByRole("button", { name: /Send get request to/ }).click();
  const response = await sent;
  expect(response.status()).toBe(200);
  expect((await response.request().allHeaders()).authorization).toBe(`Bearer ${token}`);
  await expect(
    client.getByRole("region", { name: "Response", exact: true }).getByText("200 OK"),
  ).toBeVisible();

  expect(violations).toEqual([]);
});
