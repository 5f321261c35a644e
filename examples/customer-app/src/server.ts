import { createCustomerApp } from "./app.ts";
import { EnvError, readEnv } from "./env.ts";

let env;
try {
  env = readEnv();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(`[customer-app] ${error.message}`);
  process.exit(1);
}
if (env.generatedSessionSecret) {
  console.warn(
    "[customer-app] SESSION_SECRET is not set: using a random one, so sessions end when the app restarts.",
  );
}

if (!env.management) {
  console.warn(
    "[customer-app] MANAGEMENT_CLIENT_ID and MANAGEMENT_CLIENT_SECRET are not set: removing a member is refused until they name a machine-to-machine application with Management API access.",
  );
}

const app = createCustomerApp(env);
const server = app.listen(env.port, () => {
  console.log(`[customer-app] ${env.baseUrl} (Guildhall issuer ${env.issuer})`);
});
server.on("error", (error) => {
  console.error("[customer-app] cannot listen:", error.message);
  process.exit(1);
});
