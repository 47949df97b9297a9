import { MssqlAdapter, sql, type SelectQueryBuilder } from 'kysely';
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
  fn: {
    month: (v) => sql<string>`convert(char(7), ${v}, 126)`,
    day: (v) => sql<string>`convert(char(10), ${v}, 23)`,
    hour: (v) => sql<number>`datepart(hour, ${v})`,
    // DATEDIFF counts boundaries crossed: days between dates; minutes via seconds, rounded down
    days: (from, to) => sql<number>`datediff(day, ${from}, ${to})`,
    minutes: (from, to) => sql<number>`floor(datediff(second, ${from}, ${to}) / 60.0)`,
    seconds: (from, to) => sql<number>`datediff(second, ${from}, ${to})`,
    double: (v) => sql<number>`cast(${v} as float)`,
  },
};
