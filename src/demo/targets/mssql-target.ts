import mssql from 'mssql';
import { mssqlConfigFromUrl } from '../../../adapters/sql/mssql/mssql-driver';
import { quoteIdentifier } from '../ddl';
import { rowsPerInsert, type DemoTarget } from './demo-target';

export async function mssqlTarget(url: string): Promise<DemoTarget> {
  const pool = await new mssql.ConnectionPool(mssqlConfigFromUrl(url, 2, 600_000)).connect();
  const q = (id: string) => quoteIdentifier('mssql', id);
  return {
    dialect: 'mssql',
    exec: async (statement) => {
      await pool.request().batch(statement);
    },
    insertRows: async (namespace, table, rows) => {
      const width = table.columns.length;
      // At most 2,100 parameters and 1,000 row constructors per INSERT.
      const step = rowsPerInsert(width, 2_000, 1_000);
      const columns = table.columns.map((column) => q(column.name)).join(', ');
      for (let start = 0; start < rows.length; start += step) {
        const part = rows.slice(start, start + step);
        const request = pool.request();
        const tuples = part.map((row, r) =>
          `(${row
            .map((value, c) => {
              const name = `p${r * width + c}`;
              request.input(name, value);
              return `@${name}`;
            })
            .join(', ')})`,
        );
        await request.query(`INSERT INTO ${q(namespace)}.${q(table.name)} (${columns}) VALUES ${tuples.join(', ')}`);
      }
    },
    close: () => pool.close(),
  };
}
