import { AccessRequestStore } from '../access/access-request-store';
import { AccessService } from '../access/access-service';
import { configPath, type GatewayConfig } from '../config';
import type { Logger } from '../logging';
import type { Sources } from '../sources';
import { AuditWriter, type AuditCommitObserver } from './audit-writer';
import type { AuditDatabase } from './store/audit-database';
import { AuditStore } from './store/audit-store';
import { mysqlAuditDatabase } from './store/mysql-audit-database';
import { pgliteAuditDatabase } from './store/pglite-audit-database';
import { postgresAuditDatabase } from './store/postgres-audit-database';

export interface Audit {
  store: AuditStore;
  writer: AuditWriter;
  access: AccessService;
  commitTimeoutMs: number;
  /** waits for queued records, then closes the store's connections */
  close(): Promise<void>;
}

/** Opens the configured audit store, creating its tables when they do not exist. */
export async function openAudit(config: GatewayConfig, sources: Sources, log: Logger, commits?: AuditCommitObserver): Promise<Audit> {
  const audit = config.audit;
  let db: AuditDatabase;
  if (audit.engine === 'embedded') {
    const database = sources.embedded.get(configPath(config, audit.dataDir!));
    if (!database) throw new Error(`config key audit.dataDir: no embedded source uses ${audit.dataDir}`);
    db = pgliteAuditDatabase(database);
  } else {
    db = serverAuditDatabase(audit.engine, audit.url!, { poolSize: audit.poolSize, statementTimeoutMs: audit.commitTimeoutMs });
  }
  const store = auditStoreOn(config, db);
  try {
    await store.init();
    if (store.subjectLayout === 'per-record') {
      log.warn({ engine: audit.engine }, 'the audit store indexes patients one row per record (created before 2026-12-07); `npm run audit:migrate` makes its appends faster (README, "Audit trail")');
    }
  } catch (error) {
    // The gateway still starts: /readyz reports the store, sensitive data is withheld until it answers.
    log.error({ engine: audit.engine, error: (error as Error).message }, 'the audit store is not available; sensitive data will be withheld until it is');
  }
  const writer = new AuditWriter(store, commits);
  const access = new AccessService(new AccessRequestStore(db, store.tables.accessRequest), writer, sources, {
    approvalSeconds: audit.approvalSeconds,
    breakGlassSeconds: audit.breakGlassSeconds,
    grantCacheSeconds: audit.grantCacheSeconds,
  });
  return {
    store,
    writer,
    access,
    commitTimeoutMs: audit.commitTimeoutMs,
    close: async () => {
      await writer.flush();
      await db.close();
    },
  };
}

/** a PostgreSQL or MySQL/MariaDB audit store's connections (the gateway's, or a maintenance job's) */
export function serverAuditDatabase(engine: 'postgres' | 'mysql', url: string, options: { poolSize: number; statementTimeoutMs: number }): AuditDatabase {
  return engine === 'postgres' ? postgresAuditDatabase(url, options) : mysqlAuditDatabase(url, options);
}

/** the configured store on its database: in the configured schema, except on MySQL, which has none */
export function auditStoreOn(config: GatewayConfig, db: AuditDatabase): AuditStore {
  return new AuditStore(db, config.audit.sealSecret, config.audit.engine === 'mysql' ? undefined : config.audit.schema);
}
