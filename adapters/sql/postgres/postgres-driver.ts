import pg from 'pg';
import type { CompiledQuery } from 'kysely';
import { runObserved, type ExecuteOptions, type SqlEngine } from '../sql-engine';
import { postgresDialect } from './postgres-dialect';
import { PG_VALUE_PARSERS } from './postgres-types';

export interface PostgresEngineOptions {
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  applicationName: string;
}

const typeParsers = {
  getTypeParser: ((oid: number, format?: string) =>
    PG_VALUE_PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export function createPostgresEngine(options: PostgresEngineOptions): SqlEngine {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    statement_timeout: options.statementTimeoutMs,
    // client-side: a connection that stalls (no answer at all) is given up too
    query_timeout: options.statementTimeoutMs + 500,
    connectionTimeoutMillis: Math.min(options.statementTimeoutMs, 5_000),
    application_name: options.applicationName,
    types: typeParsers,
  });
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return {
    name: 'postgres',
    dialect: postgresDialect,
    execute: <Row>(query: CompiledQuery, execOptions: ExecuteOptions) =>
      runObserved(query, execOptions, async () => {
        const result = await pool.query({ text: query.sql, values: query.parameters as unknown[] });
        return result.rows as Row[];
      }),
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
}
