import type { CompiledQuery } from 'kysely';
import type { SqlDialect } from '../../adapters/sql/sql-dialect';
import type { SqlEngine } from '../../adapters/sql/sql-engine';

/**
 * An engine that records compiled statements and returns no rows. Used only where no server of
 * the dialect can run here (SQL Server): the tests check the statements themselves, not results.
 */
export function capturingEngine(dialect: SqlDialect): SqlEngine & { statements: CompiledQuery[] } {
  const statements: CompiledQuery[] = [];
  return {
    name: 'mssql',
    dialect,
    statements,
    execute: async <Row>(query: CompiledQuery) => {
      statements.push(query);
      return [] as Row[];
    },
    ping: async () => undefined,
    close: async () => undefined,
  };
}
