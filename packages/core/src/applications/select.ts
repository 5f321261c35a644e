import type { Prisma } from "@guildhall/db";
import { DomainError } from "../errors.ts";

export const applicationSelect = {
  id: true,
  name: true,
  description: true,
  type: true,
  redirectUris: true,
  postLogoutRedirectUris: true,
  isThirdParty: true,
  accessTokenTtl: true,
  refreshTokenTtl: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ApplicationSelect;

export const applicationSecretSelect = {
  id: true,
  name: true,
  hint: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
} satisfies Prisma.ApplicationSecretSelect;

export function applicationNotFound(id: string) {
  return new DomainError("application.not_found", `No application has id "${id}".`, { id });
}

/** SPA and Native apps run on devices: they are public clients and never get a secret. */
export function isConfidential(type: string) {
  return type === "Traditional" || type === "MachineToMachine";
}
