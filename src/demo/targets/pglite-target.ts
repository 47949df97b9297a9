import type { PGlite } from '@electric-sql/pglite';
import { quoteIdentifier } from '../ddl';
import type { TableDef } from '../vendor-schemas';
import type { DemoTarget, DemoValue } from './demo-target';

/** COPY's text format: tab-separated, \N for NULL, backslash escapes. */
function copyField(value: DemoValue): string {
  if (value === null) return '\\N';
  const text = typeof value === 'number' ? String(value) : value;
  return /[\\\t\n\r]/.test(text) ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : text;
}

/** The embedded engine: rows go in through COPY from an in-memory blob, the fastest path PGlite has. */
export function pgliteTarget(database: PGlite): DemoTarget {
  const q = (id: string) => quoteIdentifier('postgres', id);
  return {
    dialect: 'postgres',
    exec: async (statement) => {
      await database.exec(statement);
    },
    insertRows: async (namespace, table: TableDef, rows) => {
      const text = rows.map((row) => row.map(copyField).join('\t')).join('\n') + '\n';
      const columns = table.columns.map((column) => q(column.name)).join(', ');
      await database.query(`COPY ${q(namespace)}.${q(table.name)} (${columns}) FROM '/dev/blob'`, [], { blob: new Blob([text]) });
    },
    close: async () => undefined,
  };
}
