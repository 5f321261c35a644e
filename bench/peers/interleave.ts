/**
 * Runs competing operations in interleaved rounds (A B, B A, ...), each a short burst of
 * one call at a time, so drift on a shared machine hits every side alike.
 */
import { summarize } from "../stats.ts";

/** An operation that does its work and returns how long the measured part took (ms). */
export type Timed = (i: number) => Promise<number>;

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const turn = <T>(items: T[], round: number) => (round % 2 ? [...items].reverse() : items);

export async function interleave<K extends string>(
  ops: Record<K, Timed>,
  { rounds, perRound, warmup }: { rounds: number; perRound: number; warmup: number },
) {
  const keys = Object.keys(ops) as K[];
  let call = 0;
  for (const k of keys) for (let i = 0; i < warmup; i++) await ops[k](call++);
  const samples = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < rounds; round++)
    for (const k of turn(keys, round))
      for (let i = 0; i < perRound; i++) samples[k].push(await ops[k](call++));
  return Object.fromEntries(keys.map((k) => [k, summarize(samples[k])])) as Record<
    K,
    ReturnType<typeof summarize>
  >;
}
