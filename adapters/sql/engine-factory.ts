import type { PGlite } from '@electric-sql/pglite';
import { createEmbeddedEngine } from './embedded/pglite-driver';
import { createMssqlEngine } from './mssql/mssql-driver';
import { createMysqlEngine } from './mysql/mysql-driver';
import { createPostgresEngine } from './postgres/postgres-driver';
import { resilientEngine } from './resilient-engine';
import type { EngineName, SqlEngine } from './sql-engine';

const NO_REUSE = { maxParameters: 0, maxStatements: 0 };

export interface EngineSettings {
  engine: EngineName;
  /** server engines */
  url?: string;
  poolSize: number;
  statementTimeoutMs: number;
  /** PostgreSQL: name small statements so that each connection keeps them prepared (default on) */
  preparedStatements?: boolean;
  /** the embedded engine: its open database (shared by the sources that use the same dataDir) */
  embedded?: { database: PGlite; release: () => Promise<void> };
  applicationName: string;
}

/** the engine of a source, behind its deadline, retry and circuit breaker */
export function createEngine(settings: EngineSettings & { source?: string; breaker?: { failureThreshold: number; resetMs: number } }): SqlEngine {
  const engine = createRawEngine(settings);
  return resilientEngine(engine, settings.source ?? settings.applicationName, {
    // the driver's own timeouts cancel the statement; this deadline is the backstop for a stall
    statementTimeoutMs: settings.statementTimeoutMs + 1_000,
    failureThreshold: settings.breaker?.failureThreshold ?? 3,
    resetMs: settings.breaker?.resetMs ?? 5_000,
  });
}

function createRawEngine(settings: EngineSettings): SqlEngine {
  switch (settings.engine) {
    case 'postgres':
      return createPostgresEngine({ url: settings.url!, poolSize: settings.poolSize, statementTimeoutMs: settings.statementTimeoutMs, applicationName: settings.applicationName, statementReuse: settings.preparedStatements === false ? NO_REUSE : undefined });
    case 'mysql':
      return createMysqlEngine({ url: settings.url!, poolSize: settings.poolSize, statementTimeoutMs: settings.statementTimeoutMs });
    case 'mssql':
      return createMssqlEngine({ url: settings.url!, poolSize: settings.poolSize, statementTimeoutMs: settings.statementTimeoutMs });
    case 'embedded':
      if (!settings.embedded) throw new Error('the embedded engine needs an open database');
      return createEmbeddedEngine(settings.embedded.database, settings.embedded.release);
  }
}
