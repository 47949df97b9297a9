/**
 * The audit store's connection: a relational database the gateway appends to (PostgreSQL,
 * MySQL/MariaDB, or the embedded PostgreSQL of the demo). Statements are written once with `?`
 * placeholders; the PostgreSQL drivers number them.
 */
export type AuditDialect = 'postgres' | 'mysql';

export type Query = <R = Record<string, unknown>>(sql: string, params?: readonly unknown[]) => Promise<R[]>;

export interface Statement {
  sql: string;
  params: readonly unknown[];
}

export interface AuditDatabase {
  readonly dialect: AuditDialect;
  query: Query;
  /** runs `work` in one transaction: committed when it resolves, rolled back when it throws */
  transaction<T>(work: (query: Query) => Promise<T>): Promise<T>;
  /**
   * One transaction: `lock` (a statement without parameters that locks and reads rows), then the
   * statements `write` builds from the rows it read, then commit. A driver that can queues the
   * writes and the commit at once instead of waiting for each answer in turn.
   */
  lockedWrite<R>(lock: string, write: (locked: R[]) => readonly Statement[]): Promise<void>;
  close(): Promise<void>;
}

/** lockedWrite for a driver that runs its statements one after the other */
export async function lockedWriteInTurn<R>(database: Pick<AuditDatabase, 'transaction'>, lock: string, write: (locked: R[]) => readonly Statement[]): Promise<void> {
  await database.transaction(async (query) => {
    for (const statement of write(await query<R>(lock))) await query(statement.sql, statement.params);
  });
}

/** `?` → `$1, $2, …` outside string literals */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  let quoted = false;
  let out = '';
  for (const ch of sql) {
    if (ch === "'") quoted = !quoted;
    out += ch === '?' && !quoted ? `$${++n}` : ch;
  }
  return out;
}
