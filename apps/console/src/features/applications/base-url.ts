import "server-only";
import { readEnv } from "@/env";

/** The public origin (`BASE_URL`, else `NEXTAUTH_URL`, else localhost), without a trailing slash. */
export function publicBaseUrl(): string {
  const env = readEnv();
  return (env.BASE_URL ?? env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
}
