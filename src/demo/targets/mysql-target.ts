import mysql from 'mysql2/promise';
import { quoteIdentifier } from '../ddl';
import type { DemoTarget } from './demo-target';

export async function mysqlTarget(url: string): Promise<DemoTarget> {
  const connection = await mysql.createConnection({ uri: url, charset: 'utf8mb4', multipleStatements: false });
  const q = (id: string) => quoteIdentifier('mysql', id);
  return {
    dialect: 'mysql',
    exec: async (statement) => {
      await connection.query(statement);
    },
    insertRows: async (namespace, table, rows) => {
      const columns = table.columns.map((column) => q(column.name)).join(', ');
      // `VALUES ?` with an array of rows: mysql2 escapes every value into one multi-row INSERT.
      for (let start = 0; start < rows.length; start += 2_000) {
        await connection.query(`INSERT INTO ${q(namespace)}.${q(table.name)} (${columns}) VALUES ?`, [rows.slice(start, start + 2_000)]);
      }
    },
    close: () => connection.end(),
  };
}
