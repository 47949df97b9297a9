import { createHash } from 'node:crypto';
import { createIndexes, createTable, createViews, resetNamespace } from './ddl';
import { generateDemo, type DemoOptions } from './generator';
import type { DemoTarget, DemoValue } from './targets/demo-target';
import { VENDOR_SCHEMAS, type SystemName, type TableDef } from './vendor-schemas';

/** Where each system's tables go: PostgreSQL/SQL Server schemas, MySQL databases. */
export type DemoNamespaces = Record<SystemName, string>;

export function demoNamespaces(prefix = ''): DemoNamespaces {
  return { his: `${prefix}his`, lis: `${prefix}lis`, pacs: `${prefix}pacs`, finance: `${prefix}finance` };
}

/** Changes whenever the vendor schemas change, so that a stored demo is rebuilt rather than misread. */
export const DEMO_SCHEMA_VERSION = createHash('sha256').update(`3:${JSON.stringify(VENDOR_SCHEMAS, (_, v) => (typeof v === 'function' ? v.toString() : v))}`).digest('hex').slice(0, 16);

const FLUSH_ROWS = 20_000;

export interface DemoWriteReport {
  rows: Record<string, number>;
  totalRows: number;
  milliseconds: number;
}

/** Writes the demo hospital into `target`, replacing whatever the namespaces held. */
export async function writeDemo(target: DemoTarget, namespaces: DemoNamespaces, options: DemoOptions): Promise<DemoWriteReport> {
  const started = performance.now();
  const tables = new Map<string, { system: SystemName; def: TableDef; buffer: DemoValue[][] }>();
  for (const schema of Object.values(VENDOR_SCHEMAS)) {
    for (const statement of resetNamespace(target.dialect, schema, namespaces[schema.system])) await target.exec(statement);
    for (const def of schema.tables) {
      await target.exec(createTable(target.dialect, namespaces[schema.system], def));
      tables.set(`${schema.system}.${def.name}`, { system: schema.system, def, buffer: [] });
    }
  }
  const rows: Record<string, number> = {};
  const flush = async (entry: { system: SystemName; def: TableDef; buffer: DemoValue[][] }) => {
    if (entry.buffer.length === 0) return;
    await target.insertRows(namespaces[entry.system], entry.def, entry.buffer);
    entry.buffer = [];
  };
  for (const batch of generateDemo(options)) {
    const key = `${batch.system}.${batch.table}`;
    const entry = tables.get(key);
    if (!entry) throw new Error(`the demo generator produced rows for an unknown table ${key}`);
    for (const row of batch.rows) entry.buffer.push(row);
    rows[key] = (rows[key] ?? 0) + batch.rows.length;
    if (entry.buffer.length >= FLUSH_ROWS) await flush(entry);
  }
  for (const entry of tables.values()) await flush(entry);
  for (const schema of Object.values(VENDOR_SCHEMAS)) {
    for (const def of schema.tables) {
      for (const statement of createIndexes(target.dialect, namespaces[schema.system], def)) await target.exec(statement);
    }
    for (const statement of createViews(target.dialect, namespaces[schema.system], schema)) await target.exec(statement);
  }
  if (target.dialect === 'postgres') await target.exec('ANALYZE');
  const totalRows = Object.values(rows).reduce((sum, n) => sum + n, 0);
  return { rows, totalRows, milliseconds: Math.round(performance.now() - started) };
}
