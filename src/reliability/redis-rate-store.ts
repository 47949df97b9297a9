import { Redis } from 'ioredis';
import type { RateLimit, RateStore } from './rate-limiter';

/**
 * The token bucket of MemoryRateStore, held in Redis so that every gateway replica draws on one
 * budget per user. One Lua script reads, refills, takes and writes the bucket atomically: two
 * replicas taking the last token at the same moment cannot both get it. ioredis' `defineCommand`
 * sends EVAL once per connection and EVALSHA after that, and falls back to EVAL on NOSCRIPT (after a
 * Redis restart or SCRIPT FLUSH).
 *
 * CLOCK: the script reads the Redis server's clock (TIME) and ignores the caller's `now`. The bucket
 * stores the time of its last refill, written by one replica and read by another; if each replica
 * used its own clock, one running 2 s behind would see negative elapsed time (no refill) and one
 * running 2 s ahead would refill tokens that never accrued, so clock skew between replicas would
 * become extra or missing allowance and erratic Retry-After values. With Redis' clock there is
 * only one clock. (Redis ≥ 5 replicates scripts by their effects, so TIME in a script is allowed.)
 *
 * EXPIRY: each write sets a TTL of the time the bucket needs to refill completely (plus a second):
 * an expired bucket would have been full, which is what a missing bucket means, so idle users
 * vanish from Redis without changing any decision.
 *
 * OUTAGES: `take` fails fast when Redis is unreachable (no offline queue, one retry per command,
 * short connect and command timeouts) so that RateLimiter.check can fail open at once instead of
 * holding requests; ioredis keeps reconnecting in the background (the retry strategy never gives
 * up), and the first `take` after Redis is back is served by it again.
 */

/** Units of 1/60,000 of a token, as in MemoryRateStore: exact integer arithmetic for integer limits. */
const TAKE_SCRIPT = `
local units = 60000
local rate = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2]) * units
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'level', 'at')
local level = tonumber(state[1])
local at = tonumber(state[2])
if level == nil or at == nil then
  level = capacity
else
  local elapsed = now - at
  if elapsed < 0 then elapsed = 0 end
  level = math.min(capacity, level + elapsed * rate)
end
local allowed = 0
local retry = 0
if level >= units then
  level = level - units
  allowed = 1
else
  retry = math.ceil((units - level) / rate)
end
redis.call('HSET', KEYS[1], 'level', string.format('%.17g', level), 'at', string.format('%.17g', now))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - level) / rate) + 1000)
return { allowed, math.floor(level / units), retry }
`;

export interface RedisRateStoreOptions {
  /** redis://[user:password@]host:port[/db] or rediss:// */
  url: string;
  /** Prepended to every key; default `gateway:ratelimit:`. */
  keyPrefix?: string;
  /** Time allowed for a connection (and, at start, for the first one before failing open); default 1000 ms. */
  connectTimeoutMs?: number;
  /** Time allowed for the script's reply before the command fails; default 1000 ms. */
  commandTimeoutMs?: number;
  /** Longest wait between reconnection attempts; default 2000 ms. */
  maxReconnectDelayMs?: number;
  /** Connection errors (one per failed attempt while Redis is down). */
  onError?: (error: Error) => void;
}

type BucketClient = Redis & {
  rateLimitTake(key: string, requestsPerMinute: string, burst: string): Promise<[number, number, number]>;
};

export class RedisRateStore implements RateStore {
  private readonly client: BucketClient;
  private readonly keyPrefix: string;
  private readonly connectTimeoutMs: number;
  /** Settles on the first connection's outcome: ready, or an error. */
  private readonly firstConnection: Promise<void>;
  private firstConnectionSettled = false;
  private closed = false;

  constructor(options: RedisRateStoreOptions) {
    this.keyPrefix = options.keyPrefix ?? 'gateway:ratelimit:';
    this.connectTimeoutMs = options.connectTimeoutMs ?? 1000;
    const maxReconnectDelayMs = options.maxReconnectDelayMs ?? 2000;
    const client = new Redis(options.url, {
      lazyConnect: false,
      enableOfflineQueue: false, // while disconnected, commands fail at once instead of queueing
      maxRetriesPerRequest: 1,
      connectTimeout: this.connectTimeoutMs,
      commandTimeout: options.commandTimeoutMs ?? 1000, // a Redis that accepts but never answers
      // Never null: giving up would leave the limiter failing open after Redis came back.
      retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), maxReconnectDelayMs),
    });
    // Without a listener ioredis prints every connection error; the limiter already fails open.
    client.on('error', (error: Error) => options.onError?.(error));
    client.defineCommand('rateLimitTake', { numberOfKeys: 1, lua: TAKE_SCRIPT });
    this.client = client as BucketClient;
    this.firstConnection = new Promise<void>((resolve) => {
      const settle = () => {
        this.firstConnectionSettled = true;
        client.off('ready', settle).off('error', settle).off('end', settle);
        resolve();
      };
      client.on('ready', settle).on('error', settle).on('end', settle);
    });
  }

  /**
   * The server's clock is used, not `now` (see CLOCK above). Rejects quickly when Redis is
   * unreachable; RateLimiter.check turns that into an allowed request.
   */
  async take(key: string, limit: RateLimit, _now: number): Promise<{ allowed: boolean; remaining: number; retryAfterMs: number }> {
    if (this.closed) throw new Error('the Redis rate store is closed');
    // Requests arriving while the gateway's first connection is being set up wait for it (at most
    // connectTimeoutMs) rather than failing open; later outages fail at once.
    if (!this.firstConnectionSettled) await withTimeout(this.firstConnection, this.connectTimeoutMs);
    const [allowed, remaining, retryAfterMs] = await this.client.rateLimitTake(
      this.keyPrefix + key,
      String(limit.requestsPerMinute),
      String(limit.burst),
    );
    return { allowed: allowed === 1, remaining, retryAfterMs };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.client.status === 'ready') {
      try {
        await this.client.quit();
        return;
      } catch {
        // fall through: drop the connection
      }
    }
    this.client.disconnect(); // also stops reconnecting
  }
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    void promise.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
