import mysql from 'mysql2/promise';
import type { AuditDatabase, Query } from './audit-database';

export function mysqlAuditDatabase(url: string, options: { poolSize: number; statementTimeoutMs: number }): AuditDatabase {
  const pool = mysql.createPool({ uri: url, connectionLimit: options.poolSize, connectTimeout: options.statementTimeoutMs, supportBigNumbers: true, bigNumberStrings: false, dateStrings: true });
  const on =
    (connection: mysql.Pool | mysql.PoolConnection): Query =>
    async <R>(sql: string, params: readonly unknown[] = []) => {
      const [rows] = await connection.query({ sql, values: params as unknown[], timeout: options.statementTimeoutMs });
      return (Array.isArray(rows) ? rows : []) as R[];
    };
  return {
    dialect: 'mysql',
    query: on(pool),
    async transaction(work) {
      const connection = await pool.getConnection();
      try {
        await connection.beginTransaction();
        const result = await work(on(connection));
        await connection.commit();
        return result;
      } catch (error) {
        await connection.rollback().catch(() => undefined);
        throw error;
      } finally {
        connection.release();
      }
    },
    close: () => pool.end(),
  };
}
