import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import { createApplication } from "@guildhall/core";
import { createCustomerApp } from "../../examples/customer-app/src/app.ts";
import { ctx, unique } from "./fixtures.ts";

/**
 * The example customer app, registered in Guildhall as a new Traditional application and
 * listening on localhost:`port`. `close()` stops it.
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
  const app = createCustomerApp({
    issuer: `${process.env.E2E_BASE_URL ?? ""}/oidc`,
    clientId: application.id,
    clientSecret: secret.value,
    baseUrl: url,
    sessionSecret: randomBytes(32).toString("hex"),
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
