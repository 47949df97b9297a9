/**
 * Answers worked out from a key alone — whether a query text is a manifest operation, whether it
 * passes a set of query limits, what a combination of roles may read, the start of a source's
 * statement for a set of fields — remembered for the life of the process, at most `maxEntries`
 * of them (the oldest goes first). Unlike ExpiringCache, the
 * answers are computed synchronously and never go stale: the same key always has the same answer.
 */
export class BoundedMemo<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly maxEntries: number) {}

  get(key: K, compute: () => V): V {
    if (this.entries.has(key)) return this.entries.get(key) as V;
    const value = compute();
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
