/**
 * Values read from a database, remembered for a short while: concurrent reads of one key share
 * one read, a failed read is not kept (the next caller reads again), and the number of entries is
 * bounded (expired entries go first, then the oldest). A time of 0 remembers nothing.
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { until: number; value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(key: string, read: () => Promise<V>): Promise<V> {
    if (this.ttlMs === 0) return read();
    const now = Date.now();
    const found = this.entries.get(key);
    if (found && found.until > now) return found.value;
    if (this.entries.size >= this.maxEntries) this.evict(now);
    const value = read();
    this.entries.set(key, { until: now + this.ttlMs, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  private evict(now: number): void {
    for (const [key, entry] of this.entries) if (entry.until <= now) this.entries.delete(key);
    // still full of live entries: drop the oldest
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
