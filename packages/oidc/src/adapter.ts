import type { Application, Db, Prisma } from "@guildhall/db";
import { preparedSql, sqlRunner } from "@guildhall/db/sql-runner";
import { sqlTable } from "@guildhall/db/sql";
import type { Adapter, AdapterPayload } from "oidc-provider";
import { clientMetadata } from "./client-metadata.ts";
import { assertStorablePayload, isSafeLookup } from "./safe-input.ts";

/**
 * oidc-provider storage in PostgreSQL (table oidc_models), so any number of app
 * processes can serve the provider. Clients are not stored here: they are read from
 * the applications table.
 */
/**
 * How long a process reuses an application's client metadata. Every token request needs
 * it, and a short reuse saves a round trip each time. A change made through this process's
 * services is seen at once (see forgetClient); one made by another process within this
 * window. Secrets are not cached: they are checked against the database on every
 * authentication (see compareClientSecret in provider.ts).
 */
export const CLIENT_CACHE_MS = 2_000;

const applications = sqlTable("Application");
const FIND_CLIENT_SQL = preparedSql(
  `SELECT * FROM ${applications.ref} WHERE ${applications.col.id} = $1`,
);
const models = sqlTable("OidcModel");
// Through sqlRunner: `timestamp` columns read as UTC, as stored (node-postgres alone reads
// them as local time, which would move every expiry on a server outside UTC).
const FIND_MODEL_SQL = preparedSql(
  `SELECT ${models.col.payload}, ${models.col.expiresAt}, ${models.col.consumedAt} FROM ${models.ref} WHERE ${models.col.model} = $1 AND ${models.col.id} = $2`,
);

export function createAdapterClass(
  db: Db,
  { clientCacheMs = CLIENT_CACHE_MS }: { clientCacheMs?: number } = {},
) {
  const preloaded = new Map<string, AdapterPayload | undefined>();
  const clients = new Map<string, { at: number; payload: Promise<AdapterPayload | undefined> }>();
  async function findClient(id: string): Promise<AdapterPayload | undefined> {
    const now = Date.now();
    const hit = clients.get(id);
    if (hit && now - hit.at < clientCacheMs) return hit.payload;
    const payload = sqlRunner(db)
      .rows<Application>(FIND_CLIENT_SQL, [id])
      .then((rows) => (rows[0] ? clientMetadata(rows[0]) : undefined));
    clients.set(id, { at: now, payload });
    // Only known clients are reused: a new application works at once, a failed read is retried.
    payload.then(
      (found) => found === undefined && clients.delete(id),
      () => clients.delete(id),
    );
    if (clients.size > 10_000) clients.delete(clients.keys().next().value ?? "");
    return payload;
  }
  return class PrismaAdapter implements Adapter {
    /**
     * Hands the provider a row the caller has already read (the organization-token grant
     * reads the refresh token, its grant and the membership in one round trip): the next
     * find(id) on that model returns it instead of querying. Entries are single-use.
     */
    /** Drops what this process remembers of a client (its application changed). */
    static forgetClient(id: string): void {
      clients.delete(id);
    }

    static preload(model: string, id: string, payload: AdapterPayload | undefined): () => void {
      const key = `${model}\0${id}`;
      preloaded.set(key, payload);
      return () => preloaded.delete(key);
    }

    constructor(private readonly model: string) {}

    /**
     * Ids and payloads can carry request parameters (a `client_id`, a `refresh_token`, an
     * authorization request's `state`): text PostgreSQL cannot hold is "not found" when looked
     * up, and refused with `invalid_request` when stored (see safe-input.ts).
     */
    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      assertStorablePayload(payload);
      assertStorablePayload({ id });
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
      if (!isSafeLookup(id)) return undefined;
      const key = `${this.model}\0${id}`;
      if (preloaded.has(key)) {
        const payload = preloaded.get(key);
        preloaded.delete(key);
        return payload;
      }
      if (this.model === "Client") return findClient(id);
      const rows = await sqlRunner(db).rows<StoredModel>(FIND_MODEL_SQL, [this.model, id]);
      return rows[0] ? toPayload(rows[0]) : undefined;
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      if (!isSafeLookup(userCode)) return undefined;
      const row = await db.oidcModel.findFirst({ where: { model: this.model, userCode } });
      return row ? toPayload(row) : undefined;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      if (!isSafeLookup(uid)) return undefined;
      const row = await db.oidcModel.findFirst({ where: { model: this.model, uid } });
      return row ? toPayload(row) : undefined;
    }

    async consume(id: string): Promise<void> {
      if (!isSafeLookup(id)) return;
      await db.oidcModel.updateMany({
        where: { model: this.model, id },
        data: { consumedAt: new Date() },
      });
    }

    async destroy(id: string): Promise<void> {
      if (!isSafeLookup(id)) return;
      await db.oidcModel.deleteMany({ where: { model: this.model, id } });
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      if (!isSafeLookup(grantId)) return;
      await db.oidcModel.deleteMany({ where: { grantId } });
    }
  };
}

/** One row of oidc_models as the provider needs it. */
export interface StoredModel {
  payload: Prisma.JsonValue;
  /** A Date, or milliseconds since the epoch (the token endpoint reads numbers: cheaper to parse). */
  expiresAt: Date | number | null;
  consumedAt: Date | number | null;
}

export function toPayload(row: StoredModel): AdapterPayload | undefined {
  // Expired rows may linger until swept; the provider must never see them as valid.
  if (row.expiresAt !== null && Number(row.expiresAt) <= Date.now()) return undefined;
  const payload = row.payload as AdapterPayload;
  return row.consumedAt !== null
    ? { ...payload, consumed: Math.floor(Number(row.consumedAt) / 1000) }
    : payload;
}

/** Deletes expired provider state; run periodically. */
export async function sweepExpiredOidcState(db: Db): Promise<number> {
  const { count } = await db.oidcModel.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return count;
}
