import type { CompiledQuery } from 'kysely';
import type { SqlDialect } from './sql-dialect';

export type EngineName = 'postgres' | 'mysql' | 'mssql' | 'embedded';

/** One statement as it was sent to a source: what tests inspect and metrics count. */
export interface ExecutedStatement {
  source: string;
  sql: string;
  parameters: readonly unknown[];
  rowCount: number;
  durationMs: number;
}

/** Why a statement failed, as metrics and traces name it: never the driver's message, which may quote values. */
export type StatementErrorKind = 'connection' | 'timeout' | 'circuit-open' | 'other';

/** One statement that failed at a source (after its retry, if it had one). */
export interface FailedStatement {
  source: string;
  sql: string;
  kind: StatementErrorKind;
  durationMs: number;
}

export interface ExecuteOptions {
  /** the source's configured name, for observers and error messages */
  source: string;
  /** told about every statement once it has run */
  onStatement?: (statement: ExecutedStatement) => void;
  /** told about every statement that failed (source errors by kind; trace spans) */
  onStatementFailed?: (failure: FailedStatement) => void;
}

/**
 * A connection pool to one source database. Rows come back as plain objects keyed by the
 * statement's column aliases, with date-times as local 'YYYY-MM-DD HH:MM:SS' strings, dates as
 * 'YYYY-MM-DD', and numbers (counts, decimals) as JavaScript numbers, whatever the engine.
 */
export interface SqlEngine {
  readonly name: EngineName;
  readonly dialect: SqlDialect;
  execute<Row = Record<string, unknown>>(query: CompiledQuery, options: ExecuteOptions): Promise<Row[]>;
  /** a trivial round trip, for readiness checks */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Runs a statement and reports it, timing included: shared by every driver. */
export async function runObserved<Row>(
  query: CompiledQuery,
  options: ExecuteOptions,
  run: () => Promise<Row[]>,
): Promise<Row[]> {
  const started = performance.now();
  const rows = await run();
  options.onStatement?.({
    source: options.source,
    sql: query.sql,
    parameters: query.parameters,
    rowCount: rows.length,
    durationMs: performance.now() - started,
  });
  return rows;
}

/** 'YYYY-MM-DD HH:MM:SS' of a Date read as UTC: how drivers that return Date objects hand back local wall-clock values. */
export function naiveDateTime(value: Date): string {
  return value.toISOString().slice(0, 19).replace('T', ' ');
}
