import type { JsonWebKey } from "node:crypto";
import { ADVISORY_LOCKS, type Db, type Prisma } from "@guildhall/db";
import { generateSigningKey } from "@guildhall/org-token/issue";
import { recordAudit } from "../audit/record-audit.ts";
import { assertAdminOrManagementApi, now as clock, type ServiceContext } from "../context.ts";
import { open, seal } from "../crypto/secret-box.ts";

const PURPOSE = "signing-key";

export interface PublicSigningKey {
  kid: string;
  alg: string;
  createdAt: Date;
  activatesAt: Date;
  retiredAt: Date | null;
  expiresAt: Date | null;
  /** Signs new tokens now. */
  isCurrent: boolean;
}

type Tx = Db | Prisma.TransactionClient;

async function insertKey(tx: Tx, secret: string, activatesAt: Date) {
  // The same generator customer apps and tests use: ES256, kid = RFC 7638 thumbprint.
  const key = await generateSigningKey("ES256");
  await tx.signingKey.create({
    data: {
      id: key.kid,
      alg: key.alg,
      publicJwk: key.publicJwk,
      privateKeyEncrypted: seal(JSON.stringify(key.privateJwk), secret, PURPOSE),
      activatesAt,
    },
  });
  return key.kid;
}

/**
 * Generates the first signing key on first start (ES256). Safe when several processes
 * start at once: an advisory lock makes exactly one of them create it.
 */
export async function ensureSigningKey(db: Db, { secret }: { secret: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.signingKeys})`;
    const count = await tx.signingKey.count({ where: { retiredAt: null } });
    if (count === 0) await insertKey(tx, secret, new Date(0));
  });
}

function isPublished(k: { expiresAt: Date | null }, at: Date) {
  return !k.expiresAt || k.expiresAt > at;
}

/** A rotation sets `retiredAt` to when the new key takes over: until then the key still signs. */
function isRetired(k: { retiredAt: Date | null }, at: Date) {
  return k.retiredAt !== null && k.retiredAt <= at;
}

/**
 * Private JWKs for the OIDC provider, the signing key first. The provider signs with the
 * first key; the others are published in the JWKS so tokens they signed keep verifying.
 */
export async function loadSigningKeys(
  db: Db,
  { secret, now = new Date() }: { secret: string; now?: Date },
) {
  const rows = await db.signingKey.findMany({ orderBy: { createdAt: "desc" } });
  const live = rows.filter((k) => isPublished(k, now));
  // The newest key that is active and not retired signs; a key published but not yet
  // active waits so verifiers can fetch it before it is used.
  const current =
    live.find((k) => !isRetired(k, now) && k.activatesAt <= now) ??
    live.find((k) => !isRetired(k, now));
  const ordered = current ? [current, ...live.filter((k) => k.id !== current.id)] : live;
  return ordered.map(
    (k) => JSON.parse(open(k.privateKeyEncrypted, secret, PURPOSE)) as JsonWebKey & { kid: string },
  );
}

/** Public JWKs of every published key (the JWKS). */
export async function getPublishedSigningKeys(db: Db, { now = new Date() }: { now?: Date } = {}) {
  const rows = await db.signingKey.findMany({ orderBy: { createdAt: "desc" } });
  return rows
    .filter((k) => isPublished(k, now))
    .map((k) => k.publicJwk as unknown as JsonWebKey & { kid: string });
}

/** Keys as the console lists them (no key material). */
export async function listSigningKeys(ctx: ServiceContext): Promise<PublicSigningKey[]> {
  assertAdminOrManagementApi(ctx);
  const at = clock(ctx);
  const rows = await ctx.db.signingKey.findMany({ orderBy: { createdAt: "desc" } });
  const current = rows.find((k) => !isRetired(k, at) && k.activatesAt <= at && isPublished(k, at));
  return rows.map((k) => ({
    kid: k.id,
    alg: k.alg,
    createdAt: k.createdAt,
    activatesAt: k.activatesAt,
    retiredAt: k.retiredAt,
    expiresAt: k.expiresAt,
    isCurrent: k.id === current?.id,
  }));
}

/**
 * Rotation: a new key is published at once and starts signing after `publishFor` (so
 * verifiers that cache the JWKS see it first); the old key stops signing then and stays
 * published for `maxTokenTtl` more, until every token it signed has expired.
 */
export async function rotateSigningKey(
  ctx: ServiceContext,
  {
    secret,
    publishForSeconds = 0,
    maxTokenTtlSeconds = 86_400,
  }: { secret: string; publishForSeconds?: number; maxTokenTtlSeconds?: number },
): Promise<{ kid: string }> {
  assertAdminOrManagementApi(ctx);
  const at = clock(ctx);
  const activatesAt = new Date(at.getTime() + publishForSeconds * 1000);
  return ctx.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.signingKeys})`;
    await tx.signingKey.updateMany({
      where: { retiredAt: null },
      data: {
        retiredAt: activatesAt,
        expiresAt: new Date(activatesAt.getTime() + maxTokenTtlSeconds * 1000),
      },
    });
    const kid = await insertKey(tx, secret, activatesAt);
    await recordAudit(tx, ctx, {
      action: "signing_key.rotated",
      targetType: "signing_key",
      targetId: kid,
    });
    return { kid };
  });
}
