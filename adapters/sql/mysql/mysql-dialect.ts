import { MysqlAdapter, MysqlQueryCompiler, type SelectQueryBuilder } from 'kysely';
import { compileOnlyBuilder } from '../compile-only';
import type { SqlDialect } from '../sql-dialect';

/** MySQL and MariaDB. */
export const mysqlDialect: SqlDialect = {
  name: 'mysql',
  builder: compileOnlyBuilder(new MysqlAdapter(), () => new MysqlQueryCompiler()),
  maxListParameters: 10_000,
  limit: <Q extends SelectQueryBuilder<any, any, any>>(query: Q, n: number) => query.limit(n) as Q,
  dateTimeParameter: (local) => local,
};
