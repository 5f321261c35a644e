import pg from "pg";

/**
 * A node-postgres client that sends one query at a time.
 *
 * Prisma's query interpreter reads the relations of one `select` in parallel. Outside a
 * transaction each read takes its own pooled connection, but inside an interactive
 * transaction (`$transaction(async (tx) => …)`) they all share the transaction's connection,
 * and pg 8 then warns "Calling client.query() when the client is already executing a query
 * is deprecated" (pg 9 drops the internal queue it relies on). Here each query waits for the
 * one before it to settle, which is the "external async flow control" pg asks for; the
 * database saw them one after another anyway, so nothing gets slower.
 *
 * Only the promise form is chained: the callback form is what pg-pool's `pool.query` uses on a
 * connection it checked out for that one query, and a submittable (a cursor) manages its
 * own flow.
 */
export class SerialClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    let tail: Promise<unknown> = Promise.resolve();
    // pg's own `query`, looked up when called (so a test can spy on the prototype).
    const send = (args: unknown[]): unknown =>
      // eslint-disable-next-line @typescript-eslint/unbound-method -- applied with this client as `this`
      Reflect.apply(pg.Client.prototype.query, this, args);
    const serial = (...args: unknown[]): unknown => {
      const [config, values, callback] = args;
      const ownFlow =
        typeof values === "function" ||
        typeof callback === "function" ||
        (typeof config === "object" &&
          config !== null &&
          typeof (config as { submit?: unknown }).submit === "function");
      if (ownFlow) return send(args);
      const run = () => send(args) as Promise<unknown>;
      const result = tail.then(run, run);
      tail = result.catch(() => undefined);
      return result;
    };
    // An instance property, so callers keep pg's typed overloads of `query`.
    this.query = serial as pg.Client["query"];
  }
}
