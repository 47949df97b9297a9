import { MssqlAdapter, type SelectQueryBuilder } from 'kysely';
import { compileOnlyBuilder } from '../compile-only';
import type { SqlDialect } from '../sql-dialect';
import { TsqlQueryCompiler } from './tsql-query-compiler';

/** Microsoft SQL Server (T-SQL). */
export const mssqlDialect: SqlDialect = {
  name: 'mssql',
  builder: compileOnlyBuilder(new MssqlAdapter(), () => new TsqlQueryCompiler()),
  // SQL Server refuses more than 2,100 parameters per request; keep 100 for the other conditions.
  maxListParameters: 2_000,
  limit: <Q extends SelectQueryBuilder<any, any, any>>(query: Q, n: number) => query.top(n) as Q,
  // ISO 8601 with a 'T' is read the same under every SET DATEFORMAT / language setting.
  dateTimeParameter: (local) => local.replace(' ', 'T'),
};
