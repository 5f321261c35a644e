import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import { createApplication } from "@guildhall/core";
import { createCustomerApp } from "../../examples/customer-app/src/app.ts";
import { baseUrl, ctx, unique } from "./fixtures.ts";

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
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
