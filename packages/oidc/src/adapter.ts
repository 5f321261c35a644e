import type { Application, Db, Prisma } from "@guildhall/db";
import { sqlPool } from "@guildhall/db/client";
import type { Adapter, AdapterPayload } from "oidc-provider";
import { clientMetadata } from "./client-metadata.ts";

/**
 * oidc-provider storage in PostgreSQL (table oidc_models), so any number of app
 * processes can serve the provider. Clients are not stored here: they are read from
 * the applications table.
 */
export function createAdapterClass(db: Db) {
  return class PrismaAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
      const data = {
        payload: payload as Prisma.InputJsonObject,
        grantId: payload.grantId ?? null,
        userCode: payload.userCode ?? null,
        uid: payload.uid ?? null,
        expiresAt,
      };
      await db.oidcModel.upsert({
        where: { model_id: { model: this.model, id } },
        create: { model: this.model, id, ...data },
        update: data,
      });
    }

    // find() runs on every token request (client, refresh token, grant): raw pool, no ORM.
    async find(id: string): Promise<AdapterPayload | undefined> {
      const pool = sqlPool(db);
      if (this.model === "Client") {
        const { rows } = await pool.query<Application>(`SELECT * FROM applications WHERE id = $1`, [id]);
        return rows[0] ? clientMetadata(rows[0]) : undefined;
      }
      const { rows } = await pool.query<{ payload: Prisma.JsonValue; expiresAt: Date | null; consumedAt: Date | null }>(
        `SELECT payload, "expiresAt", "consumedAt" FROM oidc_models WHERE model = $1 AND id = $2`,
        [this.model, id],
      );
      return rows[0] ? toPayload(rows[0]) : undefined;
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      const row = await db.oidcModel.findFirst({ where: { model: this.model, userCode } });
      return row ? toPayload(row) : undefined;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const row = await db.oidcModel.findFirst({ where: { model: this.model, uid } });
      return row ? toPayload(row) : undefined;
    }

    async consume(id: string): Promise<void> {
      await db.oidcModel.updateMany({ where: { model: this.model, id }, data: { consumedAt: new Date() } });
    }

    async destroy(id: string): Promise<void> {
      await db.oidcModel.deleteMany({ where: { model: this.model, id } });
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await db.oidcModel.deleteMany({ where: { grantId } });
    }
  };
}

function toPayload(row: { payload: Prisma.JsonValue; expiresAt: Date | null; consumedAt: Date | null }) {
  // Expired rows may linger until swept; the provider must never see them as valid.
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return undefined;
  const payload = row.payload as AdapterPayload;
  return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
}

/** Deletes expired provider state; run periodically. */
export async function sweepExpiredOidcState(db: Db): Promise<number> {
  const { count } = await db.oidcModel.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return count;
}
