import pg from 'pg';
import { numberPlaceholders, type AuditDatabase, type Query } from './audit-database';

const keepText = { getTypeParser: ((oid: number, format?: string) => (oid === 20 || oid === 1700 ? Number : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser };

export function postgresAuditDatabase(url: string, options: { poolSize: number; statementTimeoutMs: number }): AuditDatabase {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize, statement_timeout: options.statementTimeoutMs, application_name: 'hospital-gateway-audit', types: keepText, connectionTimeoutMillis: options.statementTimeoutMs });
  pool.on('error', () => undefined);
  const on =
    (client: pg.Pool | pg.PoolClient): Query =>
    async <R>(sql: string, params: readonly unknown[] = []) =>
      (await client.query({ text: numberPlaceholders(sql), values: params as unknown[] })).rows as R[];
  return {
    dialect: 'postgres',
    query: on(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(on(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
