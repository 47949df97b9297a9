import type { AggregateRequest, AggregateRow, ReadContext } from '../../adapters/entity-reader';
import type { EntityName } from '../../adapters/model/canonical-model';

/**
 * Aggregate rows of the indicator statements, kept for a short while (operations.cacheSeconds):
 * a wall of dashboards asks for the same scorecards every few seconds, and each asks the source
 * databases for the same sums. An entry is keyed by the statement's request AND the viewer's row
 * scope on every entity it reads, so rows computed under one scope are never served under
 * another; concurrent identical requests share one statement. Failures are not kept.
 */
export class AggregateCache {
  private readonly entries = new Map<string, { until: number; rows: Promise<AggregateRow[]> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 5_000,
  ) {}

  async rows(source: string, entity: EntityName, read: ReadContext, request: AggregateRequest, compute: () => Promise<AggregateRow[]>): Promise<AggregateRow[]> {
    if (this.ttlMs === 0) return compute();
    const scope = [entity, ...(request.join ? [request.join.entity] : [])].map((name) => read.scope?.(name) ?? []);
    const key = JSON.stringify([source, entity, request, scope]);
    const now = Date.now();
    const found = this.entries.get(key);
    if (found && found.until > now) return found.rows;
    if (this.entries.size >= this.maxEntries) this.evict(now);
    const rows = compute();
    this.entries.set(key, { until: now + this.ttlMs, rows });
    rows.catch(() => {
      if (this.entries.get(key)?.rows === rows) this.entries.delete(key);
    });
    return rows;
  }

  private evict(now: number): void {
    for (const [key, entry] of this.entries) if (entry.until <= now) this.entries.delete(key);
    // still full of live entries: drop the oldest
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
