import type { SystemName } from '../vendor-schemas';

export type DemoCell = string | number | null;

/** Rows of one vendor table, in the column order of its TableDef in vendor-schemas.ts. */
export interface RowBatch {
  system: SystemName;
  table: string;
  rows: DemoCell[][];
}

/** Batches stay small so that a consumer can stream a hospital of any scale into a database. */
export const MAX_BATCH_ROWS = 5_000;

/** Collects rows per table and hands them out in bounded batches at each checkpoint. */
export class BatchWriter {
  private readonly buffers = new Map<string, RowBatch>();

  add(system: SystemName, table: string, row: DemoCell[]): void {
    const key = `${system}.${table}`;
    let buffer = this.buffers.get(key);
    if (!buffer) {
      buffer = { system, table, rows: [] };
      this.buffers.set(key, buffer);
    }
    buffer.rows.push(row);
  }

  *drain(): Generator<RowBatch> {
    for (const buffer of this.buffers.values()) {
      for (let start = 0; start < buffer.rows.length; start += MAX_BATCH_ROWS) {
        yield { system: buffer.system, table: buffer.table, rows: buffer.rows.slice(start, start + MAX_BATCH_ROWS) };
      }
      buffer.rows = [];
    }
  }
}
