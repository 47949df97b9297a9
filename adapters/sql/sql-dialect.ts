import type { Kysely, SelectQueryBuilder } from 'kysely';

export type DialectName = 'postgres' | 'mysql' | 'mssql';

/**
 * What differs between SQL engines when the gateway builds a statement. The query builder
 * (Kysely, compile-only) renders identifiers, parameters and paging in the engine's syntax; the
 * rest is here so that no code outside `adapters/sql/` branches on the engine.
 */
export interface SqlDialect {
  readonly name: DialectName;
  /** a Kysely instance that only compiles (its driver never runs a statement) */
  readonly builder: Kysely<any>;
  /** bound parameters one statement may carry, with room left for the non-list conditions */
  readonly maxListParameters: number;
  /** first `n` rows: LIMIT on PostgreSQL and MySQL, TOP on SQL Server */
  limit<Q extends SelectQueryBuilder<any, any, any>>(query: Q, n: number): Q;
  /** a local date-time ('YYYY-MM-DD HH:MM:SS') as the engine compares it with a datetime column */
  dateTimeParameter(localDateTime: string): string;
}
