import { MemoryRateStore } from './memory-rate-store';
import { RedisRateStore } from './redis-rate-store';

/**
 * Rate limits per user and role: a token bucket per user, held in memory on one instance or in
 * Redis so that several gateway replicas share one budget per user.
 *
 * The limiter only decides; the HTTP layer turns a refusal into `429 Too Many Requests` with
 * `Retry-After: <retryAfterSeconds>`.
 */

/** Token bucket: capacity `burst`, refilled at `requestsPerMinute / 60` tokens per second. */
export interface RateLimit {
  requestsPerMinute: number;
  burst: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Whole tokens left in the user's bucket after this request. */
  remaining: number;
  /** 0 when allowed; otherwise whole seconds (at least 1) until the next token: the Retry-After value. */
  retryAfterSeconds: number;
  /** The limit that was applied (the most generous of the user's roles, or the default). */
  limit: RateLimit;
}

export interface RateStore {
  /** Takes one token from the bucket `key` if it has one. `now` is in epoch milliseconds. */
  take(key: string, limit: RateLimit, now: number): Promise<{ allowed: boolean; remaining: number; retryAfterMs: number }>;
  close(): Promise<void>;
}

export interface RateLimiterConfig {
  default: RateLimit;
  roles: Record<string, RateLimit>;
}

export class RateLimiter {
  private readonly roleLimits: Map<string, RateLimit>;
  private failures = 0;
  private failing = false;
  private lastError: Error | undefined;

  constructor(
    private readonly store: RateStore,
    private readonly config: RateLimiterConfig,
    private readonly clock: () => number = Date.now,
  ) {
    assertLimit('default', config.default);
    this.roleLimits = new Map();
    for (const [role, limit] of Object.entries(config.roles)) {
      assertLimit(`roles.${role}`, limit);
      this.roleLimits.set(role, limit);
    }
  }

  /**
   * One request by `userId` acting with `roles`: the most generous role limit applies; the bucket
   * is per user (key `user:<id>`) so a user cannot multiply their allowance by holding roles.
   *
   * FAILS OPEN: when the store cannot answer (Redis down, timed out, …) the request is allowed.
   * A rate limiter protects the gateway from overuse; it is not an access control. Refusing every
   * request because the limiter's own backend is unreachable would turn a Redis outage into an
   * outage of every clinical dashboard, which is far worse than briefly unlimited traffic. Such a
   * decision has `remaining: limit.burst` (unknown, not counted) and is visible in `degraded` and
   * `failOpenCount`, so the integration can log it and alert on it.
   */
  async check(userId: string, roles: readonly string[]): Promise<RateDecision> {
    const limit = this.limitFor(roles);
    try {
      const result = await this.store.take(`user:${userId}`, limit, this.clock());
      this.failing = false;
      return {
        allowed: result.allowed,
        remaining: Math.max(0, Math.floor(result.remaining)),
        retryAfterSeconds: result.allowed ? 0 : Math.max(1, Math.ceil(result.retryAfterMs / 1000)),
        limit,
      };
    } catch (error) {
      this.failures += 1;
      this.failing = true;
      this.lastError = error instanceof Error ? error : new Error(String(error));
      return { allowed: true, remaining: limit.burst, retryAfterSeconds: 0, limit };
    }
  }

  /**
   * The limit for a set of roles: among the roles that have a limit, the one with the most requests
   * per minute (then the largest burst). Roles without a configured limit are ignored; a user with
   * none of the configured roles gets the default. The default is not a floor: a role configured
   * with a smaller limit (e.g. a batch account) does restrict its holders.
   */
  limitFor(roles: readonly string[]): RateLimit {
    let best: RateLimit | undefined;
    for (const role of roles) {
      const limit = this.roleLimits.get(role);
      if (!limit) continue;
      if (
        !best ||
        limit.requestsPerMinute > best.requestsPerMinute ||
        (limit.requestsPerMinute === best.requestsPerMinute && limit.burst > best.burst)
      ) {
        best = limit;
      }
    }
    return best ?? this.config.default;
  }

  /** True while the store is failing (the last check failed open); false again once it answers. */
  get degraded(): boolean {
    return this.failing;
  }

  /** How many checks failed open since this limiter was created. */
  get failOpenCount(): number {
    return this.failures;
  }

  /** The store's last error, if any. */
  get lastStoreError(): Error | undefined {
    return this.lastError;
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** Redis when `redisUrl` is set (replicas share one budget per user), else memory (one instance). */
export function rateStore(options: { redisUrl?: string; keyPrefix?: string }): RateStore {
  if (options.redisUrl) {
    return new RedisRateStore({ url: options.redisUrl, ...(options.keyPrefix !== undefined ? { keyPrefix: options.keyPrefix } : {}) });
  }
  return new MemoryRateStore();
}

function assertLimit(name: string, limit: RateLimit): void {
  if (!limit || !Number.isFinite(limit.requestsPerMinute) || limit.requestsPerMinute <= 0) {
    throw new RangeError(`rate limit ${name}: requestsPerMinute must be a positive number`);
  }
  if (!Number.isInteger(limit.burst) || limit.burst < 1) {
    throw new RangeError(`rate limit ${name}: burst must be an integer of at least 1`);
  }
}
