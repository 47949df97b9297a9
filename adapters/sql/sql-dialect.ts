import type { Kysely, RawBuilder, SelectQueryBuilder } from 'kysely';

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
  /** date functions for aggregates computed in the source (GROUP BY month, TAT in minutes, …) */
  readonly fn: DateFunctions;
}

export interface DateFunctions {
  /** 'YYYY-MM' of a date or date-time */
  month(value: RawBuilder<unknown>): RawBuilder<string>;
  /** 'YYYY-MM-DD' of a date or date-time */
  day(value: RawBuilder<unknown>): RawBuilder<string>;
  /** hour of day, 0–23 */
  hour(value: RawBuilder<unknown>): RawBuilder<number>;
  /** calendar days from one date (or date-time) to another */
  days(from: RawBuilder<unknown>, to: RawBuilder<unknown>): RawBuilder<number>;
  /** whole minutes from one date-time to another (rounded down) */
  minutes(from: RawBuilder<unknown>, to: RawBuilder<unknown>): RawBuilder<number>;
  /** seconds from one date-time to another */
  seconds(from: RawBuilder<unknown>, to: RawBuilder<unknown>): RawBuilder<number>;
  /** a number as double precision: divisions then keep their precision (MySQL rounds DECIMAL quotients) */
  double(value: RawBuilder<unknown>): RawBuilder<number>;
}
