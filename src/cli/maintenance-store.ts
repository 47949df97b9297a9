import type { GatewayConfig } from '../config';
import type { AuditDatabase } from '../audit/store/audit-database';
import { AuditStore } from '../audit/store/audit-store';
import { mysqlAuditDatabase } from '../audit/store/mysql-audit-database';
import { postgresAuditDatabase } from '../audit/store/postgres-audit-database';

/**
 * The configured audit store opened for a maintenance job (retention, migration): one connection,
 * under the account given by `url` (one with more rights than the gateway's), and a statement
 * timeout long enough for a job that reads the whole store.
 */
export function openMaintenanceStore(config: GatewayConfig, url: string | undefined, job: string): { store: AuditStore; db: AuditDatabase } {
  const audit = config.audit;
  if (audit.engine === 'embedded') throw new Error(`the embedded demo store needs no ${job}; it applies to a PostgreSQL or MySQL store`);
  const target = url ?? audit.url!;
  const options = { poolSize: 1, statementTimeoutMs: 3_600_000 };
  const db = audit.engine === 'postgres' ? postgresAuditDatabase(target, options) : mysqlAuditDatabase(target, options);
  return { db, store: new AuditStore(db, audit.sealSecret, audit.engine === 'mysql' ? undefined : audit.schema) };
}
