/** Percentiles of a sample of durations (ms). */
export function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

/** Times `fn` n times (after a warm-up) and returns ms percentiles. */
export async function time(n: number, fn: (i: number) => Promise<unknown>, warmup = 10) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

export const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

/** The middle value; the mean of the two middle ones for an even count. */
export function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const at = (i: number) => sorted[i] ?? NaN;
  return Number.isInteger(mid) ? (at(mid - 1) + at(mid)) / 2 : at(Math.floor(mid));
}
