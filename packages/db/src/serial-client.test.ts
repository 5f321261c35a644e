import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SerialClient } from "./serial-client.ts";
import { createTestDatabase, type TestDatabase } from "./testing.ts";

// What pg's deprecation is about: a query handed to a connection while another is still in
// flight on it. pg's own `query` sees it from the client's internal state, as pg does when
// it decides to warn.
interface ClientState {
  _activeQuery: unknown;
  _queryQueue: unknown[];
}
const overlaps: string[] = [];
// eslint-disable-next-line @typescript-eslint/unbound-method -- applied below with its client as `this`
const pgQuery: (...args: unknown[]) => unknown = pg.Client.prototype.query;
// Replaced on the prototype for this file: every client's pg `query` goes through it.
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const state = this as unknown as ClientState;
  if (state._activeQuery || state._queryQueue.length > 0) {
    const [config] = args as [{ text?: string } | string];
    overlaps.push(typeof config === "string" ? config : (config.text ?? "?"));
  }
  return pgQuery.apply(this, args);
} as typeof pg.Client.prototype.query;
afterAll(() => {
  pg.Client.prototype.query = pgQuery as typeof pg.Client.prototype.query;
});

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});
afterEach(() => {
  overlaps.length = 0;
});

describe("SerialClient", () => {
  it("runs concurrent queries on one connection one after another, in order", async () => {
    const client = new SerialClient({ connectionString: t.url });
    await client.connect();
    try {
      const finished: number[] = [];
      const results = await Promise.all(
        [3, 2, 1].map((n) =>
          client
            .query<{ n: number }>("SELECT $1::int AS n, pg_sleep($1::int / 100.0)", [n])
            .then((r) => {
              finished.push(n);
              return r.rows[0]?.n;
            }),
        ),
      );
      expect(results).toEqual([3, 2, 1]);
      expect(finished).toEqual([3, 2, 1]);
      expect(overlaps).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it("keeps going after a failed query", async () => {
    const client = new SerialClient({ connectionString: t.url });
    await client.connect();
    try {
      const [bad, good] = await Promise.allSettled([
        client.query("SELECT * FROM no_such_table"),
        client.query<{ one: number }>("SELECT 1 AS one"),
      ]);
      expect(bad.status).toBe("rejected");
      expect(good.status === "fulfilled" && good.value.rows[0]?.one).toBe(1);
      expect(overlaps).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it("a plain pg client would overlap (the guard above sees it)", async () => {
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    try {
      await Promise.all([client.query("SELECT 1"), client.query("SELECT 2")]);
      expect(overlaps).toEqual(["SELECT 2"]);
    } finally {
      await client.end();
    }
  });

  it("a Prisma transaction reading several relations at once sends one query at a time", async () => {
    // The interpreter reads members, invitations and applications of the organization in
    // parallel, on the transaction's one connection.
    await t.db.organization.create({ data: { name: "Serial" } });
    const found = await t.db.$transaction(async (tx) =>
      tx.organization.findMany({
        select: {
          id: true,
          members: { select: { userId: true } },
          invitations: { select: { id: true } },
          applications: { select: { applicationId: true } },
        },
      }),
    );
    expect(found).toEqual([
      { id: expect.any(String) as string, members: [], invitations: [], applications: [] },
    ]);
    await t.db.$transaction(async (tx) => {
      await Promise.all([tx.user.count(), tx.organization.count(), tx.application.count()]);
    });
    expect(overlaps).toEqual([]);
  });
});
