import type { RateLimit, RateStore } from './rate-limiter';

/**
 * Levels are counted in units of 1/60,000 of a token: a limit of `requestsPerMinute` then refills
 * exactly `requestsPerMinute` units per millisecond, so with integer limits and millisecond clocks
 * the level stays an integer and Retry-After has no floating-point drift (0.4 of a token never
 * becomes 0.39999… and rounds a Retry-After up by a second). The Redis store counts the same way.
 */
const UNITS_PER_TOKEN = 60_000;

/** Buckets looked at by the eviction sweep on each `take`: a constant, so every call stays O(1). */
const SWEEP_PER_TAKE = 2;

interface Bucket {
  /** Level in units (see UNITS_PER_TOKEN) at `at`. */
  level: number;
  /** Epoch ms of the last update. */
  at: number;
  /** Epoch ms from which the bucket is full again: from then on it equals a fresh bucket. */
  fullAt: number;
}

/**
 * Token buckets of one gateway instance, in a Map.
 *
 * Eviction: a bucket that has refilled completely is indistinguishable from one that does not
 * exist (a missing bucket starts full), so dropping it loses nothing: nobody is ever forgiven a
 * debt. Each `take` advances a circular sweep over the Map's insertion order by a constant number
 * of buckets: a full one is deleted, a draining one is moved to the back. Every bucket is thus
 * looked at again within about size / SWEEP_PER_TAKE calls, and the Map stays within a small
 * multiple of the users active within one refill period, however many distinct users come by.
 */
export class MemoryRateStore implements RateStore {
  private readonly buckets = new Map<string, Bucket>();

  take(key: string, limit: RateLimit, now: number): Promise<{ allowed: boolean; remaining: number; retryAfterMs: number }> {
    const rate = limit.requestsPerMinute; // units per millisecond
    const capacity = limit.burst * UNITS_PER_TOKEN;
    const bucket = this.buckets.get(key);
    // A clock that steps back (NTP) refills nothing rather than draining the bucket.
    let level = bucket ? Math.min(capacity, bucket.level + Math.max(0, now - bucket.at) * rate) : capacity;

    let allowed = false;
    let retryAfterMs = 0;
    if (level >= UNITS_PER_TOKEN) {
      level -= UNITS_PER_TOKEN;
      allowed = true;
    } else {
      retryAfterMs = Math.ceil((UNITS_PER_TOKEN - level) / rate);
    }

    const fullAt = now + Math.ceil((capacity - level) / rate);
    if (bucket) {
      bucket.level = level;
      bucket.at = now;
      bucket.fullAt = fullAt;
    } else {
      this.buckets.set(key, { level, at: now, fullAt });
    }
    this.sweep(now);
    return Promise.resolve({ allowed, remaining: Math.floor(level / UNITS_PER_TOKEN), retryAfterMs });
  }

  /** Buckets held now. */
  get size(): number {
    return this.buckets.size;
  }

  close(): Promise<void> {
    this.buckets.clear();
    return Promise.resolve();
  }

  private sweep(now: number): void {
    for (let i = 0; i < SWEEP_PER_TAKE; i++) {
      const first = this.buckets.entries().next();
      if (first.done) return;
      const [key, bucket] = first.value;
      this.buckets.delete(key);
      if (bucket.fullAt > now) this.buckets.set(key, bucket); // still draining: to the back of the line
    }
  }
}
