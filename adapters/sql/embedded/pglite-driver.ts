import { PGlite } from '@electric-sql/pglite';
import type { CompiledQuery } from 'kysely';
import { runObserved, type ExecuteOptions, type SqlEngine } from '../sql-engine';
import { postgresDialect } from '../postgres/postgres-dialect';
import { PG_VALUE_PARSERS } from '../postgres/postgres-types';

/**
 * The embedded engine of the demo hospital: PostgreSQL compiled to WebAssembly (PGlite), in the
 * gateway's own process, no server and no native download. One database holds the four demo
 * systems in four schemas; each configured source gets an engine over the shared instance.
 */
export function openPglite(dataDir: string | undefined, loadDataDir?: Blob): PGlite {
  return new PGlite({ dataDir, loadDataDir, parsers: PG_VALUE_PARSERS });
}

export function createEmbeddedEngine(database: PGlite, onClose: () => Promise<void>): SqlEngine {
  return {
    name: 'embedded',
    dialect: postgresDialect,
    execute: <Row>(query: CompiledQuery, execOptions: ExecuteOptions) =>
      runObserved(query, execOptions, async () => {
        const result = await database.query<Row>(query.sql, query.parameters as unknown[]);
        return result.rows;
      }),
    ping: async () => {
      await database.query('SELECT 1');
    },
    close: onClose,
  };
}
