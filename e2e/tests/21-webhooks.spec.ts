/**
 * Issue 15's webhooks in the browser, against a real receiver started here (node:http on a free
 * loopback port, which the suite's server may reach: WEBHOOK_ALLOWED_HOSTS in global-setup.ts).
 * An admin creates a webhook for Organization.Created, sends a test event, creates an
 * organization and sees its delivery Sent in the delivery log; the receiver checks both
 * signatures with the key the console shows.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { createUser, setConsoleMemberRole } from "@guildhall/core";
import type { Page } from "@playwright/test";
import {
  ctx,
  ensureAdmin,
  expect,
  expectAccessible,
  settled,
  signIn,
  test,
  unique,
} from "./fixtures.ts";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  payload: { event?: string; eventId?: string; organizationId?: string | null; hookId?: string };
}

/** An HTTP endpoint that records every request and answers 200 with a small JSON body. */
async function startReceiver() {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({
        headers: req.headers,
        body,
        payload: JSON.parse(body) as Received["payload"],
      });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ received: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/guildhall-events`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function header(r: Received, name: string): string {
  const value = r.headers[name];
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Verifies a request as a receiver would: Standard Webhooks (`v1,` + base64 HMAC-SHA256 of
 * `id.timestamp.body`, keyed with the key's base64 part) and Logto's hex HMAC of the body.
 */
function expectSigned(r: Received, signingKey: string) {
  const id = header(r, "webhook-id");
  const timestamp = header(r, "webhook-timestamp");
  expect(id).not.toBe("");
  expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(300);
  const standard = createHmac("sha256", Buffer.from(signingKey.replace(/^whsec_/, ""), "base64"))
    .update(`${id}.${timestamp}.${r.body}`)
    .digest("base64");
  const signatures = header(r, "webhook-signature").split(" ");
  expect(signatures.some((s) => sameText(s, `v1,${standard}`))).toBe(true);
  const logto = createHmac("sha256", signingKey).update(r.body).digest("hex");
  expect(sameText(header(r, "logto-signature-sha-256"), logto)).toBe(true);
}

/** Creates an organization through the console's dialog; returns its id (from the URL). */
async function createOrganizationInConsole(page: Page, name: string): Promise<string> {
  await page.goto("/organizations");
  await page.getByTestId("create-organization").first().click();
  const dialog = page.getByRole("dialog", { name: "Create organization" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByTestId("organization-submit").click();
  await expect(page).toHaveURL(/\/organizations\/[^/]+\/members$/);
  return new URL(page.url()).pathname.split("/")[2] ?? "";
}

test("an admin creates a webhook, tests it, and sees an organization's creation delivered", async ({
  admin: page,
}) => {
  test.setTimeout(120_000);
  const receiver = await startReceiver();
  try {
    const name = unique("Org sync");
    await page.goto("/");
    await page
      .getByRole("navigation", { name: "Console" })
      .getByRole("link", { name: "Webhooks" })
      .click();
    await expect(page).toHaveURL(/\/webhooks$/);
    await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
    await settled(page);
    await expectAccessible(page);

    // Create: the form says what is missing first.
    await page.getByTestId("create-webhook").first().click();
    const dialog = page.getByRole("dialog", { name: "Create webhook" });
    await expect(
      dialog.getByRole("checkbox", { name: "Organization.Created", exact: true }),
    ).toBeVisible();
    await dialog.getByTestId("webhook-submit").click();
    await expect(dialog.getByText("Name is required")).toBeVisible();
    await expect(dialog.getByText("Choose at least one event")).toBeVisible();
    await expectAccessible(page);

    await dialog.getByTestId("webhook-name").fill(name);
    await dialog.getByTestId("webhook-url").fill(receiver.url);
    await dialog.getByRole("checkbox", { name: "Organization.Created", exact: true }).check();
    await dialog.getByTestId("add-webhook-header").click();
    await expect(dialog.getByLabel("Header 1 name")).toBeFocused();
    await dialog.getByLabel("Header 1 name").fill("X-Receiver-Key");
    await dialog.getByLabel("Header 1 value").fill("e2e-receiver-key");
    await dialog.getByTestId("webhook-submit").click();

    // The signing key, with how to verify, before the webhook's page.
    const keyDialog = page.getByRole("dialog", { name: "Your webhook's signing key" });
    await expect(keyDialog.getByTestId("webhook-signing-key")).toHaveText(
      /^whsec_[A-Za-z0-9+/=]+$/,
    );
    const signingKey = (await keyDialog.getByTestId("webhook-signing-key").textContent()) ?? "";
    await expect(keyDialog.getByTestId("webhook-verification-note")).toContainText(
      "webhook-signature",
    );
    await keyDialog.getByTestId("signing-key-done").click();
    await expect(page).toHaveURL(/\/webhooks\/[^/?]+$/);
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByTestId("webhook-endpoint")).toHaveText(receiver.url);

    // The key is hidden until revealed, and is the one the dialog showed.
    const key = page.getByTestId("webhook-signing-key");
    await expect(key).not.toHaveText(signingKey);
    await page.getByTestId("reveal-webhook-key").click();
    await expect(key).toHaveText(signingKey);
    await expectAccessible(page);

    // A test event reaches the receiver, signed, with the custom header, and says what came back.
    await expect(page.getByTestId("test-event")).toHaveValue("Organization.Created");
    await page.getByTestId("send-test-webhook").click();
    const result = page.getByTestId("test-webhook-result");
    await expect(result).toContainText("Delivered", { timeout: 20_000 });
    await expect(result).toContainText("answered HTTP 200 to Organization.Created");
    const test = receiver.received.find((r) => r.payload.eventId === "test");
    expect(test?.payload.event).toBe("Organization.Created");
    expect(test && header(test, "x-receiver-key")).toBe("e2e-receiver-key");
    if (test) expectSigned(test, signingKey);
    // Test sends are not logged.
    await page.getByTestId("tab-deliveries").click();
    await expect(page.getByText("No deliveries yet")).toBeVisible();

    // A real event: an organization created in the console.
    const webhookPath = new URL(page.url()).pathname;
    const organizationId = await createOrganizationInConsole(page, unique("Hooked Co"));
    const delivered = () =>
      receiver.received.filter(
        (r) =>
          r.payload.event === "Organization.Created" && r.payload.organizationId === organizationId,
      );
    await expect
      .poll(() => delivered().length, {
        message: "Organization.Created at the receiver",
        timeout: 45_000,
      })
      .toBe(1);
    const [first] = delivered();
    if (!first) throw new Error("No delivery at the receiver");
    expect(header(first, "webhook-signature")).toMatch(/^v1,/);
    expect(header(first, "x-receiver-key")).toBe("e2e-receiver-key");
    expectSigned(first, signingKey);

    // The delivery log shows it Sent, with the receiver's answer.
    await page.goto(`${webhookPath}?tab=deliveries`);
    const row = page
      .getByTestId("delivery-row")
      .filter({ hasText: "Organization.Created" })
      .first();
    await expect
      .poll(
        async () =>
          (await row.count()) > 0 && (await row.getByTestId("delivery-status").textContent()),
        {
          message: "the delivery Sent in the delivery log",
          timeout: 45_000,
        },
      )
      .toBe("Sent");
    await expect(row.getByTestId("delivery-response")).toHaveText("HTTP 200");
    await expect(row).toContainText(header(first, "webhook-id"));
    await row.getByTestId("delivery-toggle").click();
    await expect(row.getByTestId("delivery-toggle")).toHaveAttribute("aria-expanded", "true");
    await expect(page.getByTestId("delivery-response-body")).toContainText('"received":true');
    await expectAccessible(page);

    // Re-send: the receiver gets the same event again, under the same webhook-id.
    await row.getByTestId("redeliver").click();
    await expect(page.getByText("is queued to be sent again")).toBeVisible();
    await expect
      .poll(() => delivered().length, { message: "the re-sent delivery", timeout: 45_000 })
      .toBe(2);
    expect(header(delivered()[1] ?? first, "webhook-id")).toBe(header(first, "webhook-id"));

    // The status filter.
    await page.getByTestId("delivery-status-filter").selectOption("Failed");
    await expect(page.getByText("No failed deliveries")).toBeVisible();
    await page.getByTestId("delivery-status-filter").selectOption("");
    await expect(page.getByTestId("delivery-row")).toHaveCount(1);

    // The list shows it with its last day's deliveries.
    await page.getByRole("link", { name: "Webhooks" }).first().click();
    const listRow = page.getByTestId("webhook-row").filter({ hasText: name });
    await expect(listRow).toContainText("1 event");
    await expect(listRow).toContainText("Enabled");
    await expect(listRow.getByTestId("webhook-health")).toContainText("succeeded");
  } finally {
    await receiver.close();
  }
});

test("an admin edits a webhook's settings and deletes it", async ({ admin: page }) => {
  const name = unique("Short lived");
  await page.goto("/webhooks");
  await page.getByTestId("create-webhook").first().click();
  const dialog = page.getByRole("dialog", { name: "Create webhook" });
  await dialog.getByTestId("webhook-name").fill(name);
  await dialog.getByTestId("webhook-url").fill("https://hooks.example.com/guildhall");
  await dialog.getByTestId("event-group-User").click();
  await dialog.getByTestId("webhook-submit").click();
  await page.getByTestId("signing-key-done").click();
  await expect(page).toHaveURL(/\/webhooks\/[^/?]+$/);

  const settings = page.getByRole("form", { name: "Webhook settings" });
  // A header Guildhall sets itself is refused on its row.
  await settings.getByTestId("add-webhook-header").click();
  await settings.getByLabel("Header 1 name").fill("webhook-signature");
  await settings.getByLabel("Header 1 value").fill("forged");
  await settings.getByTestId("webhook-save").click();
  await expect(settings.getByText(/Guildhall sets this header itself/)).toBeVisible();
  await settings.getByRole("button", { name: "Remove header 1" }).click();

  await settings.getByTestId("webhook-enabled").click();
  await settings.getByRole("checkbox", { name: "Organization.Deleted", exact: true }).check();
  await settings.getByTestId("webhook-save").click();
  await expect(page.getByText("Webhook saved")).toBeVisible();
  await expect(page.getByTestId("webhook-summary")).toContainText("Disabled");

  // Rotating asks first and shows the new key.
  await page.getByTestId("reveal-webhook-key").click();
  const before = await page.getByTestId("webhook-signing-key").textContent();
  await page.getByTestId("rotate-webhook-key").click();
  await page.getByTestId("confirm-button").click();
  await expect(page.getByTestId("webhook-signing-key")).not.toHaveText(before ?? "");
  await expect(page.getByTestId("webhook-signing-key")).toHaveText(/^whsec_/);

  await page.getByTestId("delete-webhook").click();
  await expect(page.getByTestId("confirm-impact")).toContainText(
    "https://hooks.example.com/guildhall",
  );
  await page.getByTestId("confirm-button").click();
  await expect(page).toHaveURL(/\/webhooks$/);
  await settled(page);
  await expect(page.getByTestId("webhook-row").filter({ hasText: name })).toHaveCount(0);
});

test("a collaborator has no Webhooks page", async ({ page }) => {
  await ensureAdmin();
  const password = "collaborator-password";
  const user = await createUser(ctx(), { email: `${unique("collab")}@example.com`, password });
  await setConsoleMemberRole(ctx(), { userId: user.id, role: "collaborator" });
  await signIn(page, user.email ?? "", password);
  await expect(page).not.toHaveURL(/sign-in/);
  await expect(
    page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Webhooks" }),
  ).toHaveCount(0);
  await page.goto("/webhooks");
  await expect(page.getByTestId("forbidden")).toContainText(
    "Only console admins can see this page",
  );
  await expect(page.getByTestId("create-webhook")).toHaveCount(0);
});
