import { z } from "zod";
import { description, id, paginationInput, paginated, searchInput, text, url } from "./common.ts";

export const applicationType = z.enum(["SPA", "Traditional", "Native", "MachineToMachine"]);
export type ApplicationType = z.infer<typeof applicationType>;

const redirectUri = text()
  .trim()
  .pipe(url("Enter a full URL, e.g. https://app.example.com/callback"))
  .refine((u) => !u.includes("#"), "A redirect URI cannot contain a fragment (#)");

const ttl = z
  .number()
  .int()
  .min(60, "At least 60 seconds")
  .max(60 * 60 * 24 * 30, "At most 30 days");

export const application = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  type: applicationType,
  redirectUris: z.array(z.string()),
  postLogoutRedirectUris: z.array(z.string()),
  isThirdParty: z.boolean(),
  accessTokenTtl: z.number().int(),
  refreshTokenTtl: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Application = z.infer<typeof application>;

export const applicationSecret = z.object({
  id: z.string(),
  name: z.string(),
  hint: z.string(),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
});
export type ApplicationSecret = z.infer<typeof applicationSecret>;

export const applicationWithSecrets = application.extend({ secrets: z.array(applicationSecret) });

export const createApplicationInput = z.object({
  name: text().trim().min(1, "Name is required").max(128),
  description: description.nullish(),
  type: applicationType,
  redirectUris: z.array(redirectUri).max(50).default([]),
  postLogoutRedirectUris: z.array(redirectUri).max(50).default([]),
  isThirdParty: z.boolean().default(false),
  accessTokenTtl: ttl.default(3600),
  refreshTokenTtl: ttl.default(1_209_600),
});
export type CreateApplicationInput = z.input<typeof createApplicationInput>;

// Built from the fields without their defaults: an update leaves out what it does not change
// (a `.partial()` of the create schema would reset omitted fields to their defaults).
export const updateApplicationInput = z.object({
  id,
  name: createApplicationInput.shape.name.optional(),
  description: description.nullish(),
  redirectUris: z.array(redirectUri).max(50).optional(),
  postLogoutRedirectUris: z.array(redirectUri).max(50).optional(),
  isThirdParty: z.boolean().optional(),
  accessTokenTtl: ttl.optional(),
  refreshTokenTtl: ttl.optional(),
});
export type UpdateApplicationInput = z.input<typeof updateApplicationInput>;

export const listApplicationsInput = paginationInput.extend({
  q: searchInput,
  type: applicationType.optional(),
});
export type ListApplicationsInput = z.input<typeof listApplicationsInput>;
export const applicationList = paginated(application);

export const createApplicationSecretInput = z.object({
  applicationId: id,
  name: text().trim().min(1, "Name is required").max(64).default("Default"),
  expiresAt: z.coerce.date().nullish(),
});

/** A secret is returned in full once, at creation, never again. */
export const createdApplicationSecret = applicationSecret.extend({ value: z.string() });
export type CreatedApplicationSecret = z.infer<typeof createdApplicationSecret>;

/**
 * A client id chosen by the operator (the bootstrap application) rather than generated:
 * 3–64 letters, digits, `.`, `_` or `-`, starting with a letter or digit. No `:`, which
 * HTTP Basic client authentication uses as the separator, and nothing that needs escaping.
 */
export const chosenClientId = text().regex(
  /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/,
  "Use 3-64 letters, digits, '.', '_' or '-', starting with a letter or digit",
);

/**
 * A client secret chosen by the operator rather than generated. Generated secrets carry 256
 * random bits; a chosen one must at least be long and varied, e.g. `openssl rand -hex 32`.
 * Only characters that need no escaping: HTTP Basic client authentication form-decodes the
 * secret (RFC 6749 §2.3.1), so a `+` or `%` sent as is by `curl -u` would not match.
 */
export const chosenClientSecret = text()
  .min(32, "A client secret must be at least 32 characters (e.g. `openssl rand -hex 32`)")
  .max(256, "A client secret must be at most 256 characters")
  .regex(
    /^[A-Za-z0-9._~-]+$/,
    "A client secret may only contain letters, digits, '.', '_', '~' and '-' (e.g. `openssl rand -hex 32`)",
  )
  .refine(
    (value) => new Set(value).size >= 10,
    "A client secret must use at least 10 different characters: generate a random one",
  );
