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

/** Alternates variants run by run, so that drift in the machine's speed hits them alike. */
export async function measureInterleaved(runs: number, warmup: number, variants: Record<string, () => Promise<unknown>>, observer?: RunObserver): Promise<Record<string, Sample>> {
  for (let i = 0; i < warmup; i++) for (const body of Object.values(variants)) await body();
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, body] of Object.entries(variants)) {
      // each variant starts from a collected heap: it pays for its own garbage, not the last one's
      collectGarbage();
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

/** a full collection when node runs with --expose-gc (npm run bench does), else nothing */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
