import type { PGlite } from '@electric-sql/pglite';
import { createEmbeddedEngine } from './embedded/pglite-driver';
import { createMssqlEngine } from './mssql/mssql-driver';
import { createMysqlEngine } from './mysql/mysql-driver';
import { createPostgresEngine } from './postgres/postgres-driver';
import type { EngineName, SqlEngine } from './sql-engine';

export interface EngineSettings {
  engine: EngineName;
  /** server engines */
  url?: string;
  poolSize: number;
  statementTimeoutMs: number;
  /** the embedded engine: its open database (shared by the sources that use the same dataDir) */
  embedded?: { database: PGlite; release: () => Promise<void> };
  applicationName: string;
}

export function createEngine(settings: EngineSettings): SqlEngine {
  switch (settings.engine) {
    case 'postgres':
      return createPostgresEngine({ url: settings.url!, poolSize: settings.poolSize, statementTimeoutMs: settings.statementTimeoutMs, applicationName: settings.applicationName });
    case 'mysql':
      return createMysqlEngine({ url: settings.url!, poolSize: settings.poolSize, statementTimeoutMs: settings.statementTimeoutMs });
    case 'mssql':
      return createMssqlEngine({ url: settings.url!, poolSize: settings.poolSize, statementTimeoutMs: settings.statementTimeoutMs });
    case 'embedded':
      if (!settings.embedded) throw new Error('the embedded engine needs an open database');
      return createEmbeddedEngine(settings.embedded.database, settings.embedded.release);
  }
}
