import mssql from 'mssql';
import type { CompiledQuery } from 'kysely';
import { naiveDateTime, runObserved, type ExecuteOptions, type SqlEngine } from '../sql-engine';
import { mssqlDialect } from './mssql-dialect';

export interface MssqlEngineOptions {
  /** mssql://user:password@host:port/database?encrypt=true&trustServerCertificate=true */
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
}

/** Parses an mssql:// URL into the driver's configuration object. */
export function mssqlConfigFromUrl(url: string, poolSize: number, timeoutMs: number): mssql.config {
  const parsed = new URL(url);
  const flag = (name: string, fallback: boolean) => {
    const value = parsed.searchParams.get(name);
    return value === null ? fallback : value === 'true';
  };
  return {
    server: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 1433,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || undefined,
    requestTimeout: timeoutMs,
    pool: { max: poolSize, min: 0 },
    options: {
      encrypt: flag('encrypt', true),
      trustServerCertificate: flag('trustServerCertificate', false),
      // Source systems store hospital-local time without a zone; read it back unshifted.
      useUTC: true,
    },
  };
}

/** ASCII values (codes, ids) go as VARCHAR so that indexes on VARCHAR key columns are used. */
function parameterType(value: unknown): mssql.ISqlType | (() => mssql.ISqlType) | undefined {
  if (typeof value === 'string') return /^[\x00-\x7f]*$/.test(value) ? mssql.VarChar(Math.max(value.length, 1)) : mssql.NVarChar(Math.max(value.length, 1));
  if (typeof value === 'number') return Number.isInteger(value) ? mssql.BigInt : mssql.Decimal(28, 8);
  return undefined;
}

function normalizeRow(row: Record<string, unknown>): Record<string, unknown> {
  for (const key in row) {
    const value = row[key];
    if (value instanceof Date) row[key] = naiveDateTime(value);
  }
  return row;
}

export function createMssqlEngine(options: MssqlEngineOptions): SqlEngine {
  const pool = new mssql.ConnectionPool(mssqlConfigFromUrl(options.url, options.poolSize, options.statementTimeoutMs));
  pool.on('error', () => undefined);
  let connecting: Promise<mssql.ConnectionPool> | undefined;
  const connected = () => {
    if (pool.connected) return Promise.resolve(pool);
    connecting ??= pool.connect().finally(() => (connecting = undefined));
    return connecting;
  };
  return {
    name: 'mssql',
    dialect: mssqlDialect,
    execute: <Row>(query: CompiledQuery, execOptions: ExecuteOptions) =>
      runObserved(query, execOptions, async () => {
        const request = (await connected()).request();
        query.parameters.forEach((value, index) => {
          const type = parameterType(value);
          // Kysely numbers T-SQL parameters from 1: @1, @2, ...
          if (type) request.input(String(index + 1), type, value);
          else request.input(String(index + 1), value);
        });
        const result = await request.query(query.sql);
        return (result.recordset ?? []).map((row) => normalizeRow(row) as Row);
      }),
    ping: async () => {
      await (await connected()).request().query('SELECT 1');
    },
    close: () => pool.close(),
  };
}
