import { describe, expect, it } from "vitest";
import { createBatchLoader } from "./batch-loader.ts";

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("createBatchLoader", () => {
  it("reads lookups made together in one batch and answers each with its own value", async () => {
    const batches: number[][] = [];
    const load = createBatchLoader<number, string>({
      run: (keys) => {
        batches.push(keys);
        return Promise.resolve(keys.map((k) => (k % 2 === 0 ? `even ${k}` : undefined)));
      },
    });
    await expect(Promise.all([load(1), load(2), load(3), load(4)])).resolves.toEqual([
      undefined,
      "even 2",
      undefined,
      "even 4",
    ]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it("keeps at most maxInFlight batches running; what arrives meanwhile leaves together", async () => {
    const gates: ReturnType<typeof deferred<void>>[] = [];
    const batches: number[][] = [];
    const load = createBatchLoader<number, number>({
      maxInFlight: 1,
      run: async (keys) => {
        batches.push(keys);
        const gate = deferred<void>();
        gates.push(gate);
        await gate.promise;
        return keys.map((k) => k * 10);
      },
    });
    const first = load(1);
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1]]);
    const later = [load(2), load(3), load(4)];
    await new Promise((r) => setImmediate(r));
    expect(batches).toHaveLength(1); // the only slot is busy
    gates[0]?.resolve();
    await expect(first).resolves.toBe(10);
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1], [2, 3, 4]]);
    gates[1]?.resolve();
    await expect(Promise.all(later)).resolves.toEqual([20, 30, 40]);
  });

  it("splits batches at maxBatch", async () => {
    const batches: number[][] = [];
    const load = createBatchLoader<number, number>({
      maxBatch: 2,
      maxInFlight: 8,
      run: (keys) => (batches.push(keys), Promise.resolve(keys)),
    });
    await Promise.all([1, 2, 3, 4, 5].map(load));
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("fails every lookup of a failed batch, and the next batch runs", async () => {
    let calls = 0;
    const load = createBatchLoader<number, number>({
      run: (keys) =>
        ++calls === 1 ? Promise.reject(new Error("connection lost")) : Promise.resolve(keys),
    });
    const failed = await Promise.allSettled([load(1), load(2)]);
    expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    await expect(load(3)).resolves.toBe(3);
  });

  it("refuses a result list that does not match the keys rather than guess", async () => {
    const load = createBatchLoader<number, number>({ run: () => Promise.resolve([1]) });
    const results = await Promise.allSettled([load(1), load(2)]);
    expect(results.every((r) => r.status === "rejected")).toBe(true);
  });
});
