import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net, { type AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { PROJECT_ROOT } from '../../src/paths';
import { MemoryRateStore } from '../../src/reliability/memory-rate-store';
import { RateLimiter, rateStore, type RateLimit } from '../../src/reliability/rate-limiter';
import { RedisRateStore } from '../../src/reliability/redis-rate-store';

/**
 * Rate limits per user and role: the token bucket in memory (with an injected clock), then shared
 * by two gateway replicas through Redis, failing open when Redis is down and recovering after.
 */

const config = {
  default: { requestsPerMinute: 60, burst: 5 },
  roles: {
    clinician: { requestsPerMinute: 120, burst: 10 },
    analyst: { requestsPerMinute: 600, burst: 30 },
    batch: { requestsPerMinute: 6, burst: 2 },
  } satisfies Record<string, RateLimit>,
};

function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

async function drain(limiter: RateLimiter, userId: string, roles: readonly string[], count: number) {
  const decisions = [];
  for (let i = 0; i < count; i++) decisions.push(await limiter.check(userId, roles));
  return decisions;
}

describe('rate limits in memory', () => {
  it('allows a burst, then refuses with Retry-After until the next token', async () => {
    const clock = manualClock();
    const limiter = new RateLimiter(new MemoryRateStore(), config, clock.now);

    const burst = await drain(limiter, 'u1', [], 5);
    expect(burst.map((d) => d.allowed)).toEqual([true, true, true, true, true]);
    expect(burst.map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0]);
    expect(burst.every((d) => d.retryAfterSeconds === 0)).toBe(true);

    const refused = await limiter.check('u1', []);
    expect(refused).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1, limit: config.default });

    // batch: 6 per minute = one token every 10 s
    await drain(limiter, 'b1', ['batch'], 2);
    expect((await limiter.check('b1', ['batch'])).retryAfterSeconds).toBe(10);
    clock.advance(4_000); // 0.4 token accrued: 6 s to go, exactly (no float drift to 7)
    expect(await limiter.check('b1', ['batch'])).toMatchObject({ allowed: false, retryAfterSeconds: 6 });
    clock.advance(5_999); // 1 ms short of a token: Retry-After is still at least 1
    expect(await limiter.check('b1', ['batch'])).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(1);
    expect(await limiter.check('b1', ['batch'])).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('refills at requestsPerMinute / 60 per second, up to the burst', async () => {
    const clock = manualClock();
    const limiter = new RateLimiter(new MemoryRateStore(), config, clock.now);
    await drain(limiter, 'u1', [], 5);
    expect((await limiter.check('u1', [])).allowed).toBe(false);

    clock.advance(3_000); // 1 per second: 3 tokens
    const after3s = await drain(limiter, 'u1', [], 4);
    expect(after3s.map((d) => d.allowed)).toEqual([true, true, true, false]);

    clock.advance(10 * 60_000); // long idle: capped at the burst, not 600 tokens
    const afterIdle = await drain(limiter, 'u1', [], 6);
    expect(afterIdle.filter((d) => d.allowed)).toHaveLength(5);
    expect(afterIdle[0]!.remaining).toBe(4);

    clock.advance(-5_000); // a clock stepping back refills nothing and breaks nothing
    expect((await limiter.check('u1', [])).allowed).toBe(false);
  });

  it('applies the most generous role limit to one bucket per user', async () => {
    const clock = manualClock();
    const limiter = new RateLimiter(new MemoryRateStore(), config, clock.now);
    expect(limiter.limitFor(['batch', 'clinician'])).toEqual(config.roles.clinician);
    expect(limiter.limitFor(['clinician', 'analyst', 'batch'])).toEqual(config.roles.analyst);
    expect(limiter.limitFor(['batch'])).toEqual(config.roles.batch); // a role may restrict below the default

    const decisions = await drain(limiter, 'doc', ['batch', 'clinician'], 11);
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    expect(decisions[0]!.limit).toEqual(config.roles.clinician);

    // Holding several roles does not give several buckets: switching roles draws on the same one.
    const mixed = new RateLimiter(new MemoryRateStore(), config, clock.now);
    await drain(mixed, 'doc', ['clinician'], 10);
    expect((await mixed.check('doc', ['clinician'])).allowed).toBe(false);
    // The analyst limit refills faster (10 per second) but does not top the empty bucket up.
    expect(await mixed.check('doc', ['analyst'])).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1, limit: config.roles.analyst });
    clock.advance(100);
    expect(await mixed.check('doc', ['analyst'])).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('keeps users apart', async () => {
    const clock = manualClock();
    const limiter = new RateLimiter(new MemoryRateStore(), config, clock.now);
    await drain(limiter, 'alice', [], 5);
    expect((await limiter.check('alice', [])).allowed).toBe(false);
    expect(await limiter.check('bob', [])).toMatchObject({ allowed: true, remaining: 4 });
  });

  it('gives unknown roles (and no roles) the default', async () => {
    const limiter = new RateLimiter(new MemoryRateStore(), config, manualClock().now);
    expect(limiter.limitFor([])).toEqual(config.default);
    expect(limiter.limitFor(['janitor', 'toString', '__proto__'])).toEqual(config.default);
    const decisions = await drain(limiter, 'x', ['janitor'], 6);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
    expect(decisions[0]!.limit).toEqual(config.default);
  });

  it('rejects limits that cannot work', () => {
    const store = new MemoryRateStore();
    expect(() => new RateLimiter(store, { default: { requestsPerMinute: 0, burst: 5 }, roles: {} })).toThrow(RangeError);
    expect(() => new RateLimiter(store, { default: config.default, roles: { r: { requestsPerMinute: 60, burst: 0 } } })).toThrow(
      /roles\.r: burst/,
    );
  });

  it('stays bounded after 100,000 distinct users, without forgiving anyone', async () => {
    const clock = manualClock();
    const store = new MemoryRateStore();
    const limit = { requestsPerMinute: 600, burst: 5 }; // one token back in 100 ms
    const limiter = new RateLimiter(store, { default: limit, roles: {} }, clock.now);

    // A user who emptied a slow bucket (6 per minute, 2 burst) before the crowd arrives.
    const slow = new RateLimiter(store, { default: config.roles.batch, roles: {} }, clock.now);
    await drain(slow, 'greedy', [], 2);
    expect((await slow.check('greedy', [])).allowed).toBe(false);

    let peak = 0;
    let allowed = 0;
    for (let i = 0; i < 100_000; i++) {
      clock.advance(1); // 1,000 requests per second, each from a new user: ~100 buckets draining at once
      if ((await limiter.check(`user-${i}`, [])).allowed) allowed += 1;
      peak = Math.max(peak, store.size);
    }
    expect(allowed).toBe(100_000);
    expect(peak).toBeLessThan(1_000);
    expect(store.size).toBeLessThan(1_000);

    // 100 s passed: the greedy user's bucket was full again and may have been dropped: a full bucket.
    expect(await slow.check('greedy', [])).toMatchObject({ allowed: true, remaining: 1 });

    // An emptied bucket survives the churn: eviction only drops buckets that are full again.
    await slow.check('greedy', []);
    expect((await slow.check('greedy', [])).allowed).toBe(false);
    for (let i = 0; i < 5_000; i++) {
      clock.advance(1);
      await limiter.check(`late-${i}`, []);
    }
    expect(await slow.check('greedy', [])).toMatchObject({ allowed: false, retryAfterSeconds: 5 });
  });

  it('rateStore() is in memory without a Redis URL', async () => {
    const store = rateStore({});
    expect(store).toBeInstanceOf(MemoryRateStore);
    await store.close();
    expect(rateStore({ redisUrl: '' })).toBeInstanceOf(MemoryRateStore);
  });
});

// ---------------------------------------------------------------------------------------------------

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Jest collects suites synchronously, so Redis is probed in a child process (at most 5 s). */
function probeRedis(url: string): { available: boolean; reason: string } {
  const script = `
    const { Redis } = require('ioredis');
    const r = new Redis(process.argv[1], { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    let first;
    r.on('error', (e) => { first = first || e; });
    r.connect().then(() => r.ping()).then(() => { r.disconnect(); process.exit(0); },
      (e) => { const why = first || e; process.stderr.write(String((why && why.message) || why)); process.exit(1); });`;
  const result = spawnSync(process.execPath, ['-e', script, url], { cwd: PROJECT_ROOT, timeout: 5_000, encoding: 'utf8' });
  if (result.status === 0) return { available: true, reason: '' };
  const why = result.error?.message ?? (result.stderr.trim() || `probe exited with ${String(result.status ?? result.signal)}`);
  return { available: false, reason: `no Redis at ${url} (${why.split('\n')[0]})` };
}

const redisStatus = probeRedis(REDIS_URL);
if (!redisStatus.available) console.warn(`skipped "rate limits in Redis": ${redisStatus.reason}`);
const describeRedis = redisStatus.available ? describe : describe.skip;

describeRedis('rate limits in Redis', () => {
  const keyPrefix = `gwtest:ratelimit:${process.pid}:${randomUUID()}:`;
  let admin: Redis;
  const toClose: { close(): Promise<void> }[] = [];

  function replica(roles: Record<string, RateLimit> = config.roles, defaults: RateLimit = config.default): RateLimiter {
    const limiter = new RateLimiter(rateStore({ redisUrl: REDIS_URL, keyPrefix }), { default: defaults, roles });
    toClose.push(limiter);
    return limiter;
  }

  beforeAll(() => {
    admin = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  });

  afterEach(async () => {
    await Promise.all(toClose.splice(0).map((c) => c.close()));
  });

  afterAll(async () => {
    const keys = await admin.keys(`${keyPrefix}*`); // only this run's keys: the prefix is unique
    if (keys.length) await admin.del(...keys);
    expect(await admin.keys(`${keyPrefix}*`)).toEqual([]);
    await admin.quit();
  });

  it('gives two replicas one shared budget per user', async () => {
    const slow = { requestsPerMinute: 1, burst: 10 };
    const [a, b] = [replica({}, slow), replica({}, slow)];
    const decisions = [];
    for (let i = 0; i < 10; i++) decisions.push(await (i % 2 ? b : a).check('shared', []));
    expect(decisions.every((d) => d.allowed)).toBe(true);
    expect(decisions.map((d) => d.remaining)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    const eleventh = await b.check('shared', []);
    expect(eleventh.allowed).toBe(false);
    expect(eleventh.retryAfterSeconds).toBeGreaterThanOrEqual(59); // 1 per minute
    expect((await a.check('shared', [])).allowed).toBe(false);
    expect(a.degraded || b.degraded).toBe(false);

    // Concurrent requests through both replicas: the script is atomic, exactly the burst gets through.
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? b : a).check('concurrent', [])));
    expect(burst.filter((d) => d.allowed)).toHaveLength(10);
    expect(a.failOpenCount + b.failOpenCount).toBe(0);
  });

  it('applies roles, Retry-After and per-user buckets as in memory', async () => {
    const [a, b] = [replica(), replica()];
    await a.check('nurse', ['batch']);
    await b.check('nurse', ['batch']);
    const refused = await a.check('nurse', ['batch']);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 10, limit: config.roles.batch });
    expect(await b.check('other-nurse', ['batch'])).toMatchObject({ allowed: true, remaining: 1 });
    // Another role changes the limit, not the bucket: still (nearly) empty, it refills at 10 tokens/s.
    const asAnalyst = await b.check('nurse', ['batch', 'analyst']);
    expect(asAnalyst.limit).toEqual(config.roles.analyst);
    expect(asAnalyst.remaining).toBeLessThan(2);
  });

  it('sets a TTL of the time to refill on every bucket', async () => {
    const limiter = replica({}, { requestsPerMinute: 60, burst: 10 });
    await limiter.check('ttl', []);
    const key = `${keyPrefix}user:ttl`;
    const ttl = await admin.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1_000 + 1_000); // one token short: 1 s to refill, plus 1 s
    expect(Object.keys(await admin.hgetall(key)).sort()).toEqual(['at', 'level']);

    await drain(limiter, 'ttl', [], 9); // empty: 10 s to refill
    expect(await admin.pttl(key)).toBeGreaterThan(9_000);
    expect(await admin.pttl(key)).toBeLessThanOrEqual(11_000);
  });

  it('fails open, quickly, when Redis is unreachable', async () => {
    const limiter = new RateLimiter(rateStore({ redisUrl: 'redis://127.0.0.1:6390', keyPrefix }), config);
    toClose.push(limiter);
    for (let i = 0; i < 8; i++) {
      const started = Date.now();
      const decision = await limiter.check('during-outage', []);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(decision).toEqual({ allowed: true, remaining: 5, retryAfterSeconds: 0, limit: config.default });
    }
    expect(limiter.degraded).toBe(true);
    expect(limiter.failOpenCount).toBe(8);
    expect(limiter.lastStoreError).toBeInstanceOf(Error);
  });

  it('recovers by itself when Redis comes back', async () => {
    const target = new URL(REDIS_URL);
    const proxy = tcpProxy(target.hostname, Number(target.port || 6379));
    const port = await proxy.start(0);
    const proxied = new URL(REDIS_URL);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(port);
    const limit = { requestsPerMinute: 1, burst: 3 };
    const limiter = new RateLimiter(new RedisRateStore({ url: proxied.toString(), keyPrefix, maxReconnectDelayMs: 200 }), {
      default: limit,
      roles: {},
    });
    toClose.push(limiter);
    try {
      expect((await drain(limiter, 'comeback', [], 4)).map((d) => d.allowed)).toEqual([true, true, true, false]);

      await proxy.stop(); // Redis "goes away"
      const started = Date.now();
      const during = await limiter.check('comeback', []);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(during.allowed).toBe(true);
      expect(limiter.degraded).toBe(true);

      await proxy.start(port); // and comes back
      const deadline = Date.now() + 10_000;
      let after = await limiter.check('comeback', []);
      while (limiter.degraded && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        after = await limiter.check('comeback', []);
      }
      expect(limiter.degraded).toBe(false);
      // Redis' bucket is still empty: the refusal comes from Redis again, not from a fresh bucket.
      expect(after).toMatchObject({ allowed: false, remaining: 0 });
      expect(after.retryAfterSeconds).toBeGreaterThan(30);
    } finally {
      await limiter.close();
      await proxy.stop();
    }
  });
});

/** A TCP forwarder that can be stopped (dropping its connections) and started again on the same port. */
function tcpProxy(host: string, port: number) {
  let server: net.Server | undefined;
  const sockets = new Set<net.Socket>();
  return {
    start(listenPort: number): Promise<number> {
      server = net.createServer((client) => {
        const upstream = net.connect(port, host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      const listening = server;
      return new Promise((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(listenPort, '127.0.0.1', () => resolve((listening.address() as AddressInfo).port));
      });
    },
    stop(): Promise<void> {
      const closing = server;
      server = undefined;
      for (const s of sockets) s.destroy();
      if (!closing) return Promise.resolve();
      return new Promise((resolve) => closing.close(() => resolve()));
    },
  };
}
