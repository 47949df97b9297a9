import { PostgresAdapter, PostgresQueryCompiler, sql, type SelectQueryBuilder } from 'kysely';
import { compileOnlyBuilder } from '../compile-only';
import type { SqlDialect } from '../sql-dialect';

/** PostgreSQL (and PGlite, which speaks the same SQL). */
export const postgresDialect: SqlDialect = {
  name: 'postgres',
  builder: compileOnlyBuilder(new PostgresAdapter(), () => new PostgresQueryCompiler()),
  // The protocol allows 65,535 bind parameters; large IN-lists beyond a few thousand gain nothing.
  maxListParameters: 10_000,
  limit: <Q extends SelectQueryBuilder<any, any, any>>(query: Q, n: number) => query.limit(n) as Q,
  dateTimeParameter: (local) => local,
  fn: {
    month: (v) => sql<string>`to_char(${v}, 'YYYY-MM')`,
    day: (v) => sql<string>`to_char(${v}, 'YYYY-MM-DD')`,
    hour: (v) => sql<number>`cast(extract(hour from ${v}) as integer)`,
    days: (from, to) => sql<number>`(cast(${to} as date) - cast(${from} as date))`,
    minutes: (from, to) => sql<number>`cast(floor(extract(epoch from (${to} - ${from})) / 60) as integer)`,
    seconds: (from, to) => sql<number>`extract(epoch from (${to} - ${from}))`,
    double: (v) => sql<number>`cast(${v} as double precision)`,
  },
};
