import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db, Prisma } from "@guildhall/db";
import { chosenClientSecret, type CreatedApplicationSecret } from "@guildhall/validators";
import { parseInput } from "../parse.ts";
import { applicationSecretSelect } from "./select.ts";

type Tx = Db | Prisma.TransactionClient;

// Generated client secrets are 256 random bits, and chosen ones must be at least 32 varied
// characters, so a fast hash is enough (there is nothing to brute-force); a slow password
// hash would only cap token throughput.
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
  return storeSecret(tx, { applicationId, name, value, expiresAt: expiresAt ?? null });
}

/**
 * Stores a secret whose value the operator chose (the bootstrap application, configured
 * before the instance exists) instead of a generated one; hashed like any other. The value
 * must be long and varied (`chosenClientSecret`), since it is not 256 random bits by
 * construction.
 * @throws guard.invalid_input
 */
export async function insertChosenApplicationSecret(
  tx: Tx,
  { applicationId, name, value }: { applicationId: string; name: string; value: string },
): Promise<CreatedApplicationSecret> {
  const secret = parseInput(chosenClientSecret, value);
  return storeSecret(tx, { applicationId, name, value: secret, expiresAt: null });
}

async function storeSecret(
  tx: Tx,
  {
    applicationId,
    name,
    value,
    expiresAt,
  }: { applicationId: string; name: string; value: string; expiresAt: Date | null },
): Promise<CreatedApplicationSecret> {
  const row = await tx.applicationSecret.create({
    data: {
      applicationId,
      name,
      secretHash: hashSecret(value),
      hint: value.slice(-4),
      expiresAt,
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
