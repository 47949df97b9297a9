import { ExpiringCache } from '../expiring-cache';
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
  private readonly grants: ExpiringCache<AccessRequestRecord[]>;

  constructor(ttlMs: number, maxEntries = 10_000) {
    this.grants = new ExpiringCache(ttlMs, maxEntries);
  }

  async active(viewerId: string, load: () => Promise<AccessRequestRecord[]>): Promise<AccessRequestRecord[]> {
    const grants = await this.grants.get(viewerId, load);
    if (grants.length === 0) return grants;
    const now = new Date().toISOString();
    return grants.filter((grant) => grant.expiresAt !== null && grant.expiresAt > now);
  }

  /** a grant for this viewer was just added here: the next request reads the store again */
  forget(viewerId: string): void {
    this.grants.forget(viewerId);
  }
}
