import type { AccessRequestRecord } from './access-request-store';

/**
 * A clinician's grants in force, remembered for a moment (audit.grantCacheSeconds): every request
 * of a department-scoped viewer needs them to build its row scope, and a ward's screens send many
 * requests a second under one identity. Grants are never revoked, only added or expired, so:
 * - an expired grant stops at its expiresAt, checked on every read, cached or not;
 * - a grant added by this process (approval, break-glass) drops its requester's entry at once;
 * - a grant added by another replica is seen at the latest grantCacheSeconds later.
 * Concurrent lookups for one viewer share one statement; a failed lookup is not kept.
 */
export class GrantCache {
  private readonly entries = new Map<string, { until: number; grants: Promise<AccessRequestRecord[]> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  async active(viewerId: string, load: () => Promise<AccessRequestRecord[]>): Promise<AccessRequestRecord[]> {
    const now = Date.now();
    if (this.ttlMs === 0) return load();
    let entry = this.entries.get(viewerId);
    if (!entry || entry.until <= now) {
      if (this.entries.size >= this.maxEntries) this.evict(now);
      entry = { until: now + this.ttlMs, grants: load() };
      const grants = entry.grants;
      this.entries.set(viewerId, entry);
      grants.catch(() => {
        if (this.entries.get(viewerId)?.grants === grants) this.entries.delete(viewerId);
      });
    }
    const stillNow = new Date().toISOString();
    return (await entry.grants).filter((grant) => grant.expiresAt !== null && grant.expiresAt > stillNow);
  }

  /** a grant for this viewer was just added here: the next request reads the store again */
  forget(viewerId: string): void {
    this.entries.delete(viewerId);
  }

  private evict(now: number): void {
    for (const [key, entry] of this.entries) if (entry.until <= now) this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
