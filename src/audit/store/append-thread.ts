import { parentPort, workerData } from 'node:worker_threads';
import type { AuditEventDraft } from '../audit-event';
import type { AuditDatabase } from './audit-database';
import { AuditStore } from './audit-store';
import { mysqlAuditDatabase } from './mysql-audit-database';
import { postgresAuditDatabase } from './postgres-audit-database';

/**
 * The audit store's appends, in a worker thread of their own (append-worker.ts starts it): the
 * canonical JSON, the hash chain, the seals and the database round trips of every group commit
 * run here, beside the thread that serves requests instead of on it. The thread opens its own
 * connections to the store; appends serialize in the database (the chain head row is locked),
 * as they do between gateway replicas.
 */

/** what the gateway's thread tells this one */
export type AppendThreadRequest = { kind: 'append'; id: number; drafts: AuditEventDraft[] } | { kind: 'close' };

/** what this thread answers: each event's place in the chain, in the drafts' order, or why the store refused them */
export type AppendThreadAnswer =
  | { kind: 'appended'; id: number; links: { seq: number; prevHash: string; hash: string }[] }
  | { kind: 'failed'; id: number; message: string }
  | { kind: 'ready'; problem: string | null }
  | { kind: 'closed' };

export interface AppendThreadData {
  engine: 'postgres' | 'mysql';
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  sealSecret: string;
  /** PostgreSQL schema of the audit tables */
  schema?: string;
}

const data = workerData as AppendThreadData;
const port = parentPort!;
const options = { poolSize: data.poolSize, statementTimeoutMs: data.statementTimeoutMs };
const db: AuditDatabase = data.engine === 'postgres' ? postgresAuditDatabase(data.url, options) : mysqlAuditDatabase(data.url, options);
const store = new AuditStore(db, data.sealSecret, data.schema);

// connected and the tables checked before the first append, so that it does not wait for them;
// a store that is down now is tried again by each append (AuditStore.init)
store.init().then(
  () => port.postMessage({ kind: 'ready', problem: null } satisfies AppendThreadAnswer),
  (error: unknown) => port.postMessage({ kind: 'ready', problem: error instanceof Error ? error.message : String(error) } satisfies AppendThreadAnswer),
);

port.on('message', (request: AppendThreadRequest) => {
  if (request.kind === 'close') {
    void db.close().finally(() => {
      port.postMessage({ kind: 'closed' } satisfies AppendThreadAnswer);
      port.close();
    });
    return;
  }
  store.append(request.drafts).then(
    (events) => port.postMessage({ kind: 'appended', id: request.id, links: events.map(({ seq, prevHash, hash }) => ({ seq, prevHash, hash })) } satisfies AppendThreadAnswer),
    (error: unknown) => port.postMessage({ kind: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) } satisfies AppendThreadAnswer),
  );
});
