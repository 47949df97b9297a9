import type { AggregateRequest, AggregateRow, ReadContext } from '../../adapters/entity-reader';
import type { EntityName } from '../../adapters/model/canonical-model';

/**
 * Aggregate rows of the indicator statements, and the reference data beside them (beds, staff,
 * large equipment), kept for a short while (operations.cacheSeconds): a wall of dashboards asks
 * for the same scorecards every few seconds, and each asks the source databases for the same sums. An entry is keyed by the statement's request AND the viewer's row
 * scope on every entity it reads, so rows computed under one scope are never served under
 * another; concurrent identical requests share one statement. Failures are not kept.
 */
export class AggregateCache {
  private readonly entries = new Map<string, { until: number; value: Promise<unknown> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 5_000,
  ) {}

  rows(source: string, entity: EntityName, read: ReadContext, request: AggregateRequest, compute: () => Promise<AggregateRow[]>): Promise<AggregateRow[]> {
    return this.remember([source, entity, request], [entity, ...(request.join ? [request.join.entity] : [])], read, compute);
  }

  /** any value read from the sources: `what` names it, `entities` are the entities it reads */
  remember<T>(what: unknown, entities: readonly EntityName[], read: ReadContext, compute: () => Promise<T>): Promise<T> {
    if (this.ttlMs === 0) return compute();
    const key = JSON.stringify([what, entities.map((name) => read.scope?.(name) ?? [])]);
    const now = Date.now();
    const found = this.entries.get(key);
    if (found && found.until > now) return found.value as Promise<T>;
    if (this.entries.size >= this.maxEntries) this.evict(now);
    const value = compute();
    this.entries.set(key, { until: now + this.ttlMs, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  private evict(now: number): void {
    for (const [key, entry] of this.entries) if (entry.until <= now) this.entries.delete(key);
    // still full of live entries: drop the oldest
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
