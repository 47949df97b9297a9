import type { GatewayConfig } from '../config';
import { auditStoreOn, serverAuditDatabase } from '../audit/open-audit';
import type { AuditDatabase } from '../audit/store/audit-database';
import type { AuditStore } from '../audit/store/audit-store';

/**
 * The configured audit store opened for a maintenance job (retention, migration): one connection,
 * under the account given by `url` (one with more rights than the gateway's), and a statement
 * timeout long enough for a job that reads the whole store.
 */
export function openMaintenanceStore(config: GatewayConfig, url: string | undefined, job: string): { store: AuditStore; db: AuditDatabase } {
  const audit = config.audit;
  if (audit.engine === 'embedded') throw new Error(`the embedded demo store needs no ${job}; it applies to a PostgreSQL or MySQL store`);
  const db = serverAuditDatabase(audit.engine, url ?? audit.url!, { poolSize: 1, statementTimeoutMs: 3_600_000 });
  return { db, store: auditStoreOn(config, db) };
}
