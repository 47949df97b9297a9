import type { AggregateRequest, AggregateRow, ReadContext } from '../../adapters/entity-reader';
import type { EntityName } from '../../adapters/model/canonical-model';
import { ExpiringCache } from '../expiring-cache';

/**
 * Aggregate rows of the indicator statements, and the reference data beside them (beds, staff,
 * large equipment), kept for a short while (operations.cacheSeconds): a wall of dashboards asks
 * for the same scorecards every few seconds, and each asks the source databases for the same
 * sums. An entry is keyed by the statement's request AND the viewer's row scope on every entity
 * it reads, so rows computed under one scope are never served under another; concurrent
 * identical requests share one statement. Failures are not kept.
 */
export class AggregateCache {
  private readonly entries: ExpiringCache<unknown>;

  constructor(ttlMs: number, maxEntries = 5_000) {
    this.entries = new ExpiringCache(ttlMs, maxEntries);
  }

  rows(source: string, entity: EntityName, read: ReadContext, request: AggregateRequest, compute: () => Promise<AggregateRow[]>): Promise<AggregateRow[]> {
    return this.remember([source, entity, request], [entity, ...(request.join ? [request.join.entity] : [])], read, compute);
  }

  /** any value read from the sources: `what` names it, `entities` are the entities it reads */
  remember<T>(what: unknown, entities: readonly EntityName[], read: ReadContext, compute: () => Promise<T>): Promise<T> {
    const key = JSON.stringify([what, entities.map((name) => read.scope?.(name) ?? [])]);
    return this.entries.get(key, compute) as Promise<T>;
  }
}
