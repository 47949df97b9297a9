import { MysqlAdapter, MysqlQueryCompiler, sql, type SelectQueryBuilder } from 'kysely';
import { compileOnlyBuilder } from '../compile-only';
import type { SqlDialect } from '../sql-dialect';

/** MySQL and MariaDB. */
export const mysqlDialect: SqlDialect = {
  name: 'mysql',
  builder: compileOnlyBuilder(new MysqlAdapter(), () => new MysqlQueryCompiler()),
  maxListParameters: 10_000,
  limit: <Q extends SelectQueryBuilder<any, any, any>>(query: Q, n: number) => query.limit(n) as Q,
  dateTimeParameter: (local) => local,
  fn: {
    month: (v) => sql<string>`date_format(${v}, '%Y-%m')`,
    day: (v) => sql<string>`date_format(${v}, '%Y-%m-%d')`,
    hour: (v) => sql<number>`hour(${v})`,
    days: (from, to) => sql<number>`datediff(${to}, ${from})`,
    minutes: (from, to) => sql<number>`timestampdiff(minute, ${from}, ${to})`,
    seconds: (from, to) => sql<number>`timestampdiff(second, ${from}, ${to})`,
    double: (v) => sql<number>`cast(${v} as double)`,
  },
};
