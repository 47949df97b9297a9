/**
 * The audit store's connection: a relational database the gateway appends to (PostgreSQL,
 * MySQL/MariaDB, or the embedded PostgreSQL of the demo). Statements are written once with `?`
 * placeholders; the PostgreSQL drivers number them.
 */
export type AuditDialect = 'postgres' | 'mysql';

export type Query = <R = Record<string, unknown>>(sql: string, params?: readonly unknown[]) => Promise<R[]>;

export interface AuditDatabase {
  readonly dialect: AuditDialect;
  query: Query;
  /** runs `work` in one transaction: committed when it resolves, rolled back when it throws */
  transaction<T>(work: (query: Query) => Promise<T>): Promise<T>;
  close(): Promise<void>;
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
