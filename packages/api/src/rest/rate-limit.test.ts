import { createPostgresRateLimiter, type RateLimiter } from "@guildhall/core";
import { describe, expect, it } from "vitest";
import { useManagementApi } from "./test/harness.ts";

let failing = false;
const errors: unknown[] = [];
const h = useManagementApi({
  rateLimit: (db) => {
    const limiter = createPostgresRateLimiter(db, { limit: 3, windowMs: 60_000 });
    const flaky: RateLimiter = {
      ...limiter,
      hit: (key) => (failing ? Promise.reject(new Error("limiter down")) : limiter.hit(key)),
    };
    return flaky;
  },
  onError: (error) => errors.push(error),
});

describe("rate limiting per client", () => {
  it("answers 429 request.rate_limited with Retry-After once a client is over its limit", async () => {
    const token = await h.token({ clientId: "busy-client" });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await h.call("GET", "/api/organizations", { token });
      statuses.push(response.status);
      expect(response.headers.get("ratelimit-limit")).toBe("3");
      expect(response.headers.get("ratelimit-remaining")).toBe(String(2 - i));
    }
    const refused = await h.call("GET", "/api/organizations", { token });
    expect([...statuses, refused.status]).toEqual([200, 200, 200, 429]);
    expect(refused.body).toMatchObject({
      code: "request.rate_limited",
      data: { limit: 3, windowSeconds: 60 },
    });
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // Another client has its own budget; the public document is not counted.
    expect(
      (
        await h.call("GET", "/api/organizations", {
          token: await h.token({ clientId: "quiet-client" }),
        })
      ).status,
    ).toBe(200);
    expect((await h.call("GET", "/api/openapi.json", { token: null })).status).toBe(200);
  });

  it("lets requests through (and reports) when the limiter itself fails", async () => {
    failing = true;
    const response = await h.call("GET", "/api/organizations", {
      token: await h.token({ clientId: "during-outage" }),
    });
    failing = false;
    expect(response.status).toBe(200);
    expect(errors).toHaveLength(1);
  });
});
