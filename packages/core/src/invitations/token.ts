import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes, base64url: the secret part of `/invite/<token>`. */
export function generateInvitationToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What is stored: SHA-256 of the token, hex. A database leak does not leak working links. */
export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function invitationLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/invite/${token}`;
}
