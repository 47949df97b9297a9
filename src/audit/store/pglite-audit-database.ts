import type { PGlite } from '@electric-sql/pglite';
import { lockedWriteInTurn, numberPlaceholders, type AuditDatabase, type Query } from './audit-database';

/** The demo's audit store, in the embedded database (its own schema). Its transactions are serial. */
export function pgliteAuditDatabase(database: PGlite): AuditDatabase {
  const on =
    (target: Pick<PGlite, 'query'>): Query =>
    async <R>(sql: string, params: readonly unknown[] = []) =>
      (await target.query<R>(numberPlaceholders(sql), params as unknown[])).rows;
  const audit: AuditDatabase = {
    dialect: 'postgres',
    query: on(database),
    transaction: (work) => database.transaction((tx) => work(on(tx))),
    lockedWrite: (lock, write) => lockedWriteInTurn(audit, lock, write),
    // the embedded database belongs to the sources, which close it
    close: async () => undefined,
  };
  return audit;
}
