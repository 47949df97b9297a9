import pg from 'pg';
import type { CompiledQuery } from 'kysely';
import { runObserved, type ExecuteOptions, type SqlEngine } from '../sql-engine';
import { postgresDialect } from './postgres-dialect';
import { PG_VALUE_PARSERS } from './postgres-types';
import { isStalePreparedStatement, StatementReuse, type StatementReuseLimits } from './statement-reuse';

export interface PostgresEngineOptions {
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  applicationName: string;
  /** named (prepared) statements: see StatementReuse; maxStatements 0 sends every statement unnamed */
  statementReuse?: StatementReuseLimits;
}

// Few parameters: point lookups and dictionary reads, whose generic plan is as good as a custom
// one (measured: a clinician's scoped patient lookup under load 450–470 → 580–620 req/s once
// PostgreSQL plans it generically). Lists of many keys or departments stay unnamed and are planned
// for their values (with generic plans the nested-list permissions ratio got worse).
const DEFAULT_REUSE: StatementReuseLimits = { maxParameters: 16, maxStatements: 500 };

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
  const reuse = new StatementReuse(options.statementReuse ?? DEFAULT_REUSE);
  const run = async (sql: string, values: unknown[]) => {
    const name = reuse.nameFor(sql, values.length);
    try {
      return (await pool.query({ text: sql, values, ...(name ? { name } : {}) })).rows;
    } catch (error) {
      if (!name || !isStalePreparedStatement(error)) throw error;
      reuse.retire(sql);
      return (await pool.query({ text: sql, values })).rows;
    }
  };
  return {
    name: 'postgres',
    dialect: postgresDialect,
    execute: <Row>(query: CompiledQuery, execOptions: ExecuteOptions) =>
      runObserved(query, execOptions, () => run(query.sql, query.parameters as unknown[]) as Promise<Row[]>),
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
}
