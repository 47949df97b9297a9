import mysql from 'mysql2/promise';
import pg from 'pg';
import { openPglite } from '../../adapters/sql/embedded/pglite-driver';
import type { AuditDatabase } from '../../src/audit/store/audit-database';
import { mysqlAuditDatabase } from '../../src/audit/store/mysql-audit-database';
import { pgliteAuditDatabase } from '../../src/audit/store/pglite-audit-database';
import { postgresAuditDatabase } from '../../src/audit/store/postgres-audit-database';
import { MYSQL_URL, PG_URL } from './test-env';

export type AuditEngine = 'embedded' | 'mysql' | 'postgres';

/** A fresh, empty audit namespace on an engine: a PostgreSQL schema, a MariaDB database, or a new PGlite. */
export interface FreshAuditDatabase {
  /** opens one connection pool (a "replica") on the namespace */
  open(): AuditDatabase;
  /** the PostgreSQL schema, when there is one */
  schema?: string;
  /** statements as an administrator with rights the gateway's user does not have (tampering, faults) */
  admin(sql: string, params?: unknown[]): Promise<unknown[]>;
  /** the table name as the admin sees it */
  table(name: string): string;
  close(): Promise<void>;
}

export async function freshAuditDatabase(engine: AuditEngine, name: string): Promise<FreshAuditDatabase> {
  if (engine === 'embedded') {
    const database = openPglite(undefined);
    await database.waitReady;
    return {
      open: () => pgliteAuditDatabase(database),
      schema: name,
      admin: async (sql, params) => (await database.query(sql, params)).rows,
      table: (table) => `"${name}".${table}`,
      close: () => database.close(),
    };
  }
  if (engine === 'postgres') {
    const admin = new pg.Pool({ connectionString: PG_URL, max: 2 });
    await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    return {
      open: () => postgresAuditDatabase(PG_URL, { poolSize: 4, statementTimeoutMs: 5_000 }),
      schema: name,
      admin: async (sql, params) => (await admin.query(sql, params)).rows,
      table: (table) => `"${name}".${table}`,
      close: async () => {
        await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`).catch(() => undefined);
        await admin.end();
      },
    };
  }
  const admin = await mysql.createConnection({ uri: MYSQL_URL, multipleStatements: false });
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\``);
  const url = new URL(MYSQL_URL);
  url.pathname = `/${name}`;
  return {
    open: () => mysqlAuditDatabase(url.toString(), { poolSize: 4, statementTimeoutMs: 5_000 }),
    admin: async (sql, params) => {
      const [rows] = await admin.query(sql.replaceAll('"', '`'), params);
      return Array.isArray(rows) ? rows : [];
    },
    table: (table) => `\`${name}\`.${table}`,
    close: async () => {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``).catch(() => undefined);
      await admin.end();
    },
  };
}
