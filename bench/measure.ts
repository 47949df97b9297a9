/** Timing helpers: medians and spread over repeated runs after a warm-up, measured in one process. */

export interface Sample {
  median: number;
  p10: number;
  p90: number;
  runs: number;
}

export async function measure(runs: number, warmup: number, body: () => Promise<unknown>): Promise<Sample> {
  for (let i = 0; i < warmup; i++) await body();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await body();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { median: at(0.5), p10: at(0.1), p90: at(0.9), runs };
}

/** called around each timed run of a variant, outside its time (e.g. reading CPU counters) */
export interface RunObserver {
  before(variant: string): void;
  after(variant: string): void;
}

/**
 * How each timed run of a variant starts:
 * - `collected`: after a full collection, so that it pays for its own garbage and not the last
 *   variant's: the state of a server's first request after a major GC. The run after a forced
 *   full collection is slower the more JavaScript it runs (the gateway's nested list ≈ 1.5×, its
 *   floor hardly), and deoptimizes again each time; bench/README.md has what was ruled out.
 * - `steady`: right after an untimed run of the same variant, with no forced collection: the
 *   state of a server answering such requests one after another, each paying its share of the
 *   scavenges its kind of request causes.
 */
export type HeapState = 'collected' | 'steady';

/** Alternates variants run by run, so that drift in the machine's speed hits them alike. */
export async function measureInterleaved(runs: number, warmup: number, variants: Record<string, () => Promise<unknown>>, observer?: RunObserver, heap: HeapState = 'collected'): Promise<Record<string, Sample>> {
  for (let i = 0; i < warmup; i++) for (const body of Object.values(variants)) await body();
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, body] of Object.entries(variants)) {
      if (heap === 'collected') collectGarbage();
      else await body();
      observer?.before(name);
      const started = performance.now();
      await body();
      times[name]!.push(performance.now() - started);
      observer?.after(name);
    }
  }
  return Object.fromEntries(
    Object.entries(times).map(([name, list]) => {
      list.sort((a, b) => a - b);
      const at = (q: number) => list[Math.min(list.length - 1, Math.floor(q * list.length))]!;
      return [name, { median: at(0.5), p10: at(0.1), p90: at(0.9), runs }];
    }),
  );
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;

/** "median 12.3 ms (p10 11.0 ms, p90 14.2 ms)": how every scenario prints a sample */
export const spreadOf = (sample: Sample) => `median ${ms(sample.median)} (p10 ${ms(sample.p10)}, p90 ${ms(sample.p90)})`;

/** a full collection when node runs with --expose-gc (npm run bench does), else nothing */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
