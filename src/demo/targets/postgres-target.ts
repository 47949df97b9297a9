import pg from 'pg';
import { quoteIdentifier } from '../ddl';
import { rowsPerInsert, type DemoTarget } from './demo-target';

export async function postgresTarget(url: string): Promise<DemoTarget> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const q = (id: string) => quoteIdentifier('postgres', id);
  return {
    dialect: 'postgres',
    exec: async (statement) => {
      await client.query(statement);
    },
    insertRows: async (namespace, table, rows) => {
      const width = table.columns.length;
      const step = rowsPerInsert(width, 60_000, 2_000);
      const columns = table.columns.map((column) => q(column.name)).join(', ');
      for (let start = 0; start < rows.length; start += step) {
        const part = rows.slice(start, start + step);
        const tuples = part.map((_, r) => `(${table.columns.map((__, c) => `$${r * width + c + 1}`).join(', ')})`);
        await client.query(`INSERT INTO ${q(namespace)}.${q(table.name)} (${columns}) VALUES ${tuples.join(', ')}`, part.flat());
      }
    },
    close: () => client.end(),
  };
}
