import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db, Prisma } from "@guildhall/db";
import type { CreatedApplicationSecret } from "@guildhall/validators";
import { applicationSecretSelect } from "./select.ts";

type Tx = Db | Prisma.TransactionClient;

// Client secrets are 256 random bits, so a fast hash is enough (there is nothing to
// brute-force); a slow password hash would only cap token throughput.
function hashSecret(value: string) {
  return createHash("sha256").update(value).digest("hex");
}

export async function insertApplicationSecret(
  tx: Tx,
  {
    applicationId,
    name,
    expiresAt,
  }: { applicationId: string; name: string; expiresAt?: Date | null },
): Promise<CreatedApplicationSecret> {
  const value = `ghs_${randomBytes(32).toString("base64url")}`;
  const row = await tx.applicationSecret.create({
    data: {
      applicationId,
      name,
      secretHash: hashSecret(value),
      hint: value.slice(-4),
      expiresAt: expiresAt ?? null,
    },
    select: applicationSecretSelect,
  });
  return { ...row, value };
}

/**
 * Checks a presented client secret against the application's live secrets in constant
 * time per candidate. Used by the OIDC provider's client authentication.
 */
export async function verifyApplicationSecret(
  db: Db,
  {
    applicationId,
    secret,
    now = new Date(),
  }: { applicationId: string; secret: string; now?: Date },
): Promise<boolean> {
  const rows = await db.applicationSecret.findMany({
    where: { applicationId, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    select: { id: true, secretHash: true, lastUsedAt: true },
  });
  const presented = Buffer.from(hashSecret(secret), "hex");
  const match = rows.find((r) => timingSafeEqual(Buffer.from(r.secretHash, "hex"), presented));
  if (!match) return false;
  // Record use at most once a minute per secret, to keep token requests write-free.
  if (!match.lastUsedAt || now.getTime() - match.lastUsedAt.getTime() > 60_000) {
    await db.applicationSecret
      .update({ where: { id: match.id }, data: { lastUsedAt: now } })
      .catch(() => undefined);
  }
  return true;
}
