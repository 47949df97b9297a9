import mysql from 'mysql2/promise';
import { lockedWriteInTurn, type AuditDatabase, type Query } from './audit-database';

export function mysqlAuditDatabase(url: string, options: { poolSize: number; statementTimeoutMs: number }): AuditDatabase {
  const pool = mysql.createPool({ uri: url, connectionLimit: options.poolSize, connectTimeout: options.statementTimeoutMs, supportBigNumbers: true, bigNumberStrings: false, dateStrings: true });
  const on =
    (connection: mysql.Pool | mysql.PoolConnection): Query =>
    async <R>(sql: string, params: readonly unknown[] = []) => {
      const [rows] = await connection.query({ sql, values: params as unknown[], timeout: options.statementTimeoutMs });
      return (Array.isArray(rows) ? rows : []) as R[];
    };
  const database: AuditDatabase = {
    dialect: 'mysql',
    query: on(pool),
    // in turn: a statement that fails does not abort a MySQL transaction, so a queued COMMIT
    // would keep the statements before it
    lockedWrite: (lock, write) => lockedWriteInTurn(database, lock, write),
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
  return database;
}
