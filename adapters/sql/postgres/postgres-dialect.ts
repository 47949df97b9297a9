import { PostgresAdapter, PostgresQueryCompiler, type SelectQueryBuilder } from 'kysely';
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
};
