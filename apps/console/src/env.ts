import { parseTrustProxy } from "@guildhall/core/proxy-trust";
import { chosenClientId, chosenClientSecret, email, password } from "@guildhall/validators";
import { z } from "zod";

// The only file in the console that reads process.env. Values are parsed on first use, not
// at import, so `next build` works without the runtime secrets.

/** An optional variable where an empty value (`VAR=` in a compose file) counts as unset. */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === "" ? undefined : value), schema.optional());
}

/** Variables that only make sense together: setting one without the other is an error. */
const pairs = [
  ["GUILDHALL_BOOTSTRAP_ADMIN_EMAIL", "GUILDHALL_BOOTSTRAP_ADMIN_PASSWORD"],
  ["GUILDHALL_BOOTSTRAP_M2M_CLIENT_ID", "GUILDHALL_BOOTSTRAP_M2M_CLIENT_SECRET"],
] as const;

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    BASE_URL: z.url("BASE_URL must be a full URL, e.g. https://id.example.com").optional(),
    DATABASE_URL: z.string().min(1).optional(),
    NEXTAUTH_SECRET: z
      .string()
      .min(16, "NEXTAUTH_SECRET must be at least 16 characters")
      .optional(),
    NEXTAUTH_URL: z.url().optional(),
    GUILDHALL_SECRET: z
      .string()
      .min(16, "GUILDHALL_SECRET must be at least 16 characters")
      .optional(),
    REDIS_URL: z.url().optional(),
    /**
     * Management API requests per client per minute. High by default, so a test suite or a
     * bulk import from one client is not throttled; lower it to protect a small instance.
     */
    MANAGEMENT_API_RATE_LIMIT: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.coerce
        .number()
        .int("MANAGEMENT_API_RATE_LIMIT must be a whole number of requests per minute")
        .min(1, "MANAGEMENT_API_RATE_LIMIT must be at least 1")
        .max(1_000_000, "MANAGEMENT_API_RATE_LIMIT must be at most 1000000")
        .default(6000),
    ),
    /** Reverse proxies whose X-Forwarded-* headers are believed; see parseTrustProxy. */
    TRUST_PROXY: z
      .string()
      .optional()
      .superRefine((value, ctx) => {
        try {
          parseTrustProxy(value);
        } catch (error) {
          ctx.addIssue({
            code: "custom",
            message: error instanceof Error ? error.message : String(error),
          });
        }
      }),
    /**
     * Hosts (`host` or `host:port`, comma-separated) webhooks may reach although they resolve
     * to private, loopback or link-local addresses: a receiver on the operator's own network.
     */
    WEBHOOK_ALLOWED_HOSTS: z
      .string()
      .optional()
      .transform((value) =>
        (value ?? "")
          .split(",")
          .map((entry) => entry.trim().toLowerCase())
          .filter((entry) => entry !== ""),
      )
      .refine(
        (hosts) => hosts.every((host) => /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/.test(host)),
        "WEBHOOK_ALLOWED_HOSTS lists hosts or host:port pairs, comma-separated (e.g. hooks.internal,10.0.0.5:8080,[::1]:3000)",
      ),
    CI: z.string().optional(),
    /** Unattended first start: the first console admin, created while there is none. */
    GUILDHALL_BOOTSTRAP_ADMIN_EMAIL: optional(email),
    GUILDHALL_BOOTSTRAP_ADMIN_PASSWORD: optional(password),
    /** Unattended first start: a machine-to-machine application with Management API access. */
    GUILDHALL_BOOTSTRAP_M2M_CLIENT_ID: optional(chosenClientId),
    GUILDHALL_BOOTSTRAP_M2M_CLIENT_SECRET: optional(chosenClientSecret),
  })
  .superRefine((env, ctx) => {
    for (const [a, b] of pairs) {
      if ((env[a] === undefined) === (env[b] === undefined)) continue;
      const [missing, present] = env[a] === undefined ? [a, b] : [b, a];
      ctx.addIssue({ code: "custom", path: [missing], message: `required when ${present} is set` });
    }
  });

export type Env = z.infer<typeof schema>;

/** Parses the environment now (call again after the server has filled in defaults). */
export function readEnv(): Env {
  const result = schema.safeParse(process.env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

/**
 * The public base URL (`BASE_URL`, else `http://localhost:$PORT`), without a trailing slash:
 * the OIDC issuer, the Management API's indicator, links in emails, and the origin redirect
 * targets and requests are checked against all derive from it. The one derivation: server.ts
 * computes it at boot and writes it back as BASE_URL (and NEXTAUTH_URL) before Next loads, so
 * the route handlers get the same value.
 */
export function publicBaseUrl(env: Env = readEnv()): string {
  return (env.BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
}

/**
 * Sets variables for code that reads the environment later in this process (Next, which
 * server.ts loads after the database, secrets and base URL are settled; next-auth).
 */
export function writeEnv(values: Partial<Record<keyof Env, string>>): void {
  Object.assign(process.env, values);
}

/** What the unattended bootstrap should create (`applyBootstrap`'s options, less the base URL). */
export function bootstrapSettings(env: Env = readEnv()) {
  const admin =
    env.GUILDHALL_BOOTSTRAP_ADMIN_EMAIL && env.GUILDHALL_BOOTSTRAP_ADMIN_PASSWORD
      ? {
          email: env.GUILDHALL_BOOTSTRAP_ADMIN_EMAIL,
          password: env.GUILDHALL_BOOTSTRAP_ADMIN_PASSWORD,
        }
      : undefined;
  const machineToMachine =
    env.GUILDHALL_BOOTSTRAP_M2M_CLIENT_ID && env.GUILDHALL_BOOTSTRAP_M2M_CLIENT_SECRET
      ? {
          clientId: env.GUILDHALL_BOOTSTRAP_M2M_CLIENT_ID,
          clientSecret: env.GUILDHALL_BOOTSTRAP_M2M_CLIENT_SECRET,
        }
      : undefined;
  return { admin, machineToMachine };
}

/** Whether stdin is an interactive terminal (the server asks questions only then). */
export function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY) && !readEnv().CI;
}
