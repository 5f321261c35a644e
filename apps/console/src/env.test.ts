import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { readEnv } from "./env";

describe("MANAGEMENT_API_RATE_LIMIT", () => {
  beforeEach(() => vi.stubEnv("BASE_URL", "https://id.example.com"));
  afterEach(() => vi.unstubAllEnvs());

  it("defaults to 6000 requests per client per minute, also when set empty", () => {
    vi.stubEnv("MANAGEMENT_API_RATE_LIMIT", undefined);
    expect(readEnv().MANAGEMENT_API_RATE_LIMIT).toBe(6000);
    vi.stubEnv("MANAGEMENT_API_RATE_LIMIT", "");
    expect(readEnv().MANAGEMENT_API_RATE_LIMIT).toBe(6000);
  });

  it("takes a whole number of requests per minute", () => {
    vi.stubEnv("MANAGEMENT_API_RATE_LIMIT", "120");
    expect(readEnv().MANAGEMENT_API_RATE_LIMIT).toBe(120);
  });

  it.each(["0", "-5", "1.5", "lots"])("refuses %s, naming the variable", (value) => {
    vi.stubEnv("MANAGEMENT_API_RATE_LIMIT", value);
    expect(() => readEnv()).toThrow(/MANAGEMENT_API_RATE_LIMIT/);
  });
});
