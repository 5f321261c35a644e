import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import { createApplication } from "@guildhall/core";
import type { Page } from "@playwright/test";
import { createCustomerApp } from "../../examples/customer-app/src/app.ts";
import { baseUrl, ctx, expect, unique } from "./fixtures.ts";

/**
 * The example customer app, registered in Guildhall as a new Traditional application and
 * listening on localhost:`port`. It removes members through the Management API as the
 * machine-to-machine application the server's unattended bootstrap created (global-setup.ts
 * sets GUILDHALL_BOOTSTRAP_M2M_*). `close()` stops it.
 */
export async function startExampleApp(
  port: number,
): Promise<{ url: string; close(): Promise<void> }> {
  const url = `http://localhost:${port}`;
  const { application, secret } = await createApplication(ctx(), {
    name: unique("Example customer app"),
    type: "Traditional",
    redirectUris: [`${url}/callback`],
    postLogoutRedirectUris: [`${url}/`],
  });
  if (!secret) throw new Error("a Traditional application gets a secret");
  const { E2E_M2M_CLIENT_ID, E2E_M2M_CLIENT_SECRET } = process.env;
  if (!E2E_M2M_CLIENT_ID || !E2E_M2M_CLIENT_SECRET)
    throw new Error("E2E_M2M_CLIENT_ID/SECRET are not set (global setup did not run?)");
  const app = createCustomerApp({
    issuer: `${baseUrl()}/oidc`,
    clientId: application.id,
    clientSecret: secret.value,
    baseUrl: url,
    sessionSecret: randomBytes(32).toString("hex"),
    management: {
      clientId: E2E_M2M_CLIENT_ID,
      clientSecret: E2E_M2M_CLIENT_SECRET,
      resource: `${baseUrl()}/api`,
    },
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, "localhost", () => resolve(s)).once("error", reject);
  });
  return {
    url,
    async close() {
      app.shutdown();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Signs in to the example app at `appUrl` through Guildhall's sign-in page, then picks an
 * organization on the dashboard.
 */
export async function signInToExampleApp(
  page: Page,
  appUrl: string,
  user: { email: string; password: string },
  organizationId: string,
): Promise<void> {
  await page.goto(`${appUrl}/`);
  await page.getByRole("link", { name: "Sign in with Guildhall" }).click();
  // Guildhall's own sign-in page, on whatever port the suite runs it (E2E_PORT).
  await expect(page).toHaveURL(
    (url) => url.origin === new URL(baseUrl()).origin && url.pathname === "/sign-in",
  );
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByTestId("sign-in-submit").click();
  await expect(page).toHaveURL(`${appUrl}/dashboard`);
  await page.getByLabel("Switch organization").selectOption(organizationId);
  await page.getByRole("button", { name: "Switch", exact: true }).click();
  await expect(
    page.getByRole("heading", { name: `Selected organization ${organizationId}` }),
  ).toBeVisible();
}
