import type pg from "pg";
import { sqlPool, type Db } from "./client.ts";

/** What a client sent while a counter was running. */
export interface StatementCounter {
  /** Statements sent, BEGIN and COMMIT included. */
  readonly count: number;
  /** Their text, in the order they were sent. */
  readonly statements: readonly string[];
  /**
   * Statements handed to a connection while another one was still running on it: a
   * transaction's queries run concurrently (e.g. `Promise.all` on `tx`), which the
   * serialising client hides but which is a correctness risk all the same.
   */
  readonly overlapping: readonly string[];
  /** Starts again from zero. */
  reset(): void;
  /** Stops counting (the connections keep working). */
  stop(): void;
}

type Query = (...args: unknown[]) => unknown;
type Listener = (sample: { text: string; overlapping: boolean }) => void;

// One wrapper per connection, shared by every counter of the process: a connection is
// wrapped once, the first time a pool under a counter hands it out.
const listenersByPool = new WeakMap<pg.Pool, Set<Listener>>();
const wrapped = new WeakSet<pg.Client>();

function textOf(config: unknown): string {
  if (typeof config === "string") return config;
  const text = (config as { text?: unknown } | null)?.text;
  return typeof text === "string" ? text : "?";
}

function wrap(pool: pg.Pool, client: pg.Client) {
  if (wrapped.has(client)) return;
  wrapped.add(client);
  const query = client.query.bind(client) as Query;
  let running = 0;
  const counted: Query = (...args) => {
    const text = textOf(args[0]);
    for (const listener of listenersByPool.get(pool) ?? [])
      listener({ text, overlapping: running > 0 });
    running += 1;
    const done = () => {
      running -= 1;
    };
    const callback = args.findIndex((arg) => typeof arg === "function");
    if (callback >= 0) {
      // pg-pool's `pool.query` hands the connection a callback.
      const original = args[callback] as (...results: unknown[]) => unknown;
      args[callback] = (...results: unknown[]) => {
        done();
        return original(...results);
      };
      return query(...args);
    }
    const result = query(...args);
    if (result instanceof Promise) result.then(done, done);
    else done();
    return result;
  };
  client.query = counted as pg.Client["query"];
}

/**
 * Counts the SQL statements a Prisma client made by `createPrismaClient` sends from now on,
 * through Prisma and `sqlPool(db)` alike: every `query` on the pool's connections, so BEGIN,
 * COMMIT and each statement of a nested write count one each. For tests and benchmarks that
 * pin how many round trips a service call costs; everything the client sends meanwhile
 * counts, so measure with nothing else running on it.
 * @example
 * const counter = countStatements(db);
 * await createInvitation(ctx, input);
 * counter.stop();
 * expect(counter.count).toBeLessThanOrEqual(9);
 */
export function countStatements(db: Db): StatementCounter {
  const pool = sqlPool(db);
  const statements: string[] = [];
  const overlapping: string[] = [];
  const listener: Listener = ({ text, overlapping: overlaps }) => {
    statements.push(text);
    if (overlaps) overlapping.push(text);
  };
  let listeners = listenersByPool.get(pool);
  if (!listeners) {
    const set = new Set<Listener>();
    listeners = set;
    listenersByPool.set(pool, set);
    pool.on("acquire", (client) => {
      if (set.size > 0) wrap(pool, client);
    });
  }
  listeners.add(listener);
  return {
    get count() {
      return statements.length;
    },
    statements,
    overlapping,
    reset() {
      statements.length = 0;
      overlapping.length = 0;
    },
    stop() {
      listenersByPool.get(pool)?.delete(listener);
    },
  };
}
