import { createConnection } from "node:net";
import { describe, expect, it } from "vitest";
import { useTestDatabase, unique } from "../test-utils.ts";
import { createPostgresRateLimiter } from "./postgres.ts";
import { createRedisRateLimiter } from "./redis.ts";
import { encodeCommand, parseReply, RespError } from "./resp.ts";
import type { RateLimiter } from "./types.ts";

const { db } = useTestDatabase();

/** A clock the test moves by hand. */
function clock(start = Date.UTC(2026, 0, 1, 12, 0, 0)) {
  let t = start;
  return {
    now: () => new Date(t),
    advance: (ms: number) => (t += ms),
    at: (ms: number) => (t = ms),
  };
}

function behavesAsFixedWindow(make: (now: () => Date) => RateLimiter) {
  it("allows `limit` hits per window, then refuses until the window ends", async () => {
    const c = clock();
    const limiter = make(c.now);
    const key = unique("client");
    const decisions = [];
    for (let i = 0; i < 4; i += 1) decisions.push(await limiter.hit(key));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
    const refused = decisions[3];
    expect(refused?.resetAt.getTime()).toBe(Date.UTC(2026, 0, 1, 12, 1, 0));
    expect(refused?.retryAfterSeconds).toBe(60);

    c.advance(59_500);
    expect((await limiter.hit(key)).retryAfterSeconds).toBe(1);
    c.advance(500);
    const fresh = await limiter.hit(key);
    expect(fresh).toMatchObject({ allowed: true, remaining: 2 });
    await limiter.close();
  });

  it("counts keys separately", async () => {
    const c = clock();
    const limiter = make(c.now);
    const [a, b] = [unique("a"), unique("b")];
    for (let i = 0; i < 3; i += 1) await limiter.hit(a);
    expect((await limiter.hit(a)).allowed).toBe(false);
    expect((await limiter.hit(b)).allowed).toBe(true);
    await limiter.close();
  });

  it("counts concurrent hits exactly", async () => {
    const c = clock();
    const limiter = make(c.now);
    const key = unique("burst");
    const decisions = await Promise.all(Array.from({ length: 20 }, () => limiter.hit(key)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(3);
    await limiter.close();
  });
}

describe("Postgres fixed window", () => {
  behavesAsFixedWindow((now) =>
    createPostgresRateLimiter(db(), { limit: 3, windowMs: 60_000, now }),
  );

  it("does not let a process with a lagging clock reset a newer window", async () => {
    const key = unique("skew");
    const ahead = clock(Date.UTC(2026, 0, 1, 12, 1, 0));
    const behind = clock(Date.UTC(2026, 0, 1, 12, 0, 59));
    const a = createPostgresRateLimiter(db(), { limit: 3, windowMs: 60_000, now: ahead.now });
    const b = createPostgresRateLimiter(db(), { limit: 3, windowMs: 60_000, now: behind.now });
    await a.hit(key);
    await a.hit(key);
    const lagging = await b.hit(key);
    expect(lagging.remaining).toBe(0);
    expect(lagging.resetAt.getTime()).toBe(Date.UTC(2026, 0, 1, 12, 2, 0));
    expect((await a.hit(key)).allowed).toBe(false);
  });

  it("keeps one row per key", async () => {
    const key = unique("rows");
    const c = clock();
    const limiter = createPostgresRateLimiter(db(), { limit: 3, windowMs: 60_000, now: c.now });
    for (let i = 0; i < 5; i += 1) {
      await limiter.hit(key);
      c.advance(60_000);
    }
    expect(await db().rateLimit.count({ where: { key } })).toBe(1);
  });
});

// Redis runs on the project's machines; elsewhere (no server) these tests are skipped.
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const redisUp = await new Promise<boolean>((resolve) => {
  const u = new URL(redisUrl);
  const socket = createConnection({ host: u.hostname, port: Number(u.port || 6379) });
  socket.setTimeout(500);
  socket.once("connect", () => (socket.destroy(), resolve(true)));
  socket.once("error", () => resolve(false));
  socket.once("timeout", () => (socket.destroy(), resolve(false)));
});

describe.skipIf(!redisUp)("Redis fixed window", () => {
  const prefix = `guildhall:test:${process.pid}:${Date.now()}:`;
  behavesAsFixedWindow((now) =>
    createRedisRateLimiter({ url: redisUrl, limit: 3, windowMs: 60_000, now, prefix }),
  );

  it("fails with a clear error when Redis is unreachable", async () => {
    const limiter = createRedisRateLimiter({
      url: "redis://127.0.0.1:1",
      limit: 3,
      windowMs: 60_000,
      timeoutMs: 300,
    });
    await expect(limiter.hit("x")).rejects.toThrow();
    await limiter.close();
  });
});

describe("RESP", () => {
  it("encodes commands as arrays of bulk strings", () => {
    expect(encodeCommand(["SET", "k", "é"]).toString()).toBe(
      "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n",
    );
  });

  it("parses replies, and waits for the rest of a partial one", () => {
    const full = Buffer.from("*3\r\n:42\r\n$5\r\nhello\r\n$-1\r\n+OK\r\n-ERR bad\r\n");
    for (let cut = 0; cut < 25; cut += 1) expect(parseReply(full.subarray(0, cut))).toBeNull();
    const first = parseReply(full);
    expect(first?.value).toEqual([42, "hello", null]);
    const second = parseReply(full, first?.next);
    expect(second?.value).toBe("OK");
    const third = parseReply(full, second?.next);
    expect(third?.value).toBeInstanceOf(RespError);
    expect((third?.value as RespError).message).toBe("ERR bad");
  });
});
