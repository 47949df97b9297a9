import type { DdlDialect } from '../ddl';
import type { TableDef } from '../vendor-schemas';

export type DemoValue = string | number | null;

/** A database the demo hospital is written into: statements for its DDL, a bulk path for rows. */
export interface DemoTarget {
  readonly dialect: DdlDialect;
  exec(statement: string): Promise<void>;
  insertRows(namespace: string, table: TableDef, rows: DemoValue[][]): Promise<void>;
  close(): Promise<void>;
}

/** How many rows fit one parameterized INSERT under an engine's parameter limit. */
export function rowsPerInsert(columns: number, maxParameters: number, maxRows: number): number {
  return Math.max(1, Math.min(maxRows, Math.floor(maxParameters / columns)));
}
