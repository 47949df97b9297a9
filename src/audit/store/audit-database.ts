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

/** what a locked write sends, and what it gives its caller once committed */
export interface LockedWrite<T> {
  statements: readonly Statement[];
  result: T;
}

export interface AuditDatabase {
  readonly dialect: AuditDialect;
  query: Query;
  /** runs `work` in one transaction: committed when it resolves, rolled back when it throws */
  transaction<T>(work: (query: Query) => Promise<T>): Promise<T>;
  /**
   * One transaction: `lock` (a statement without parameters that locks and reads rows), then the
   * statements `write` builds from the rows it read, then commit; resolves to the write's result.
   * A driver that can queues the writes and the commit at once instead of waiting for each answer
   * in turn.
   */
  lockedWrite<R, T>(lock: string, write: (locked: R[]) => LockedWrite<T>): Promise<T>;
  close(): Promise<void>;
}

/** lockedWrite for a driver that runs its statements one after the other */
export function lockedWriteInTurn<R, T>(database: Pick<AuditDatabase, 'transaction'>, lock: string, write: (locked: R[]) => LockedWrite<T>): Promise<T> {
  return database.transaction(async (query) => {
    const { statements, result } = write(await query<R>(lock));
    for (const statement of statements) await query(statement.sql, statement.params);
    return result;
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
