import { randomUUID } from 'node:crypto';
import type { AuditEventDraft } from '../../src/audit/audit-event';
import { AuditWriter } from '../../src/audit/audit-writer';
import type { AuditStore } from '../../src/audit/store/audit-store';
import { startCpuMeter, type CpuSpent, type DatabaseProcesses } from '../cpu-meter';

/** the durable appends of one request's audit records, made many at a time for a while */
export interface AppendAlone {
  appends: number;
  appendsPerSecond: number;
  /** records per group commit, on average */
  recordsPerCommit: number;
  /** this process (drafts copied, records hashed and sealed, statements sent) and the database server */
  cpu: CpuSpent;
}

/**
 * What a request's audit trail costs by itself under a wall's load: `connections` loops, each
 * appending the records one request produced (a fresh id and time each, as a new request's
 * records have) through the gateway's AuditWriter — group commit, hash chain, seal — into the
 * run's audit store, and waiting for the commit, as the gateway waits before it answers. No
 * GraphQL, no HTTP, no permissions, no source statement: the least a durable audit of that
 * request can cost, to set beside servers that keep none.
 */
export async function appendAlone(store: AuditStore, drafts: readonly AuditEventDraft[], options: { connections: number; seconds: number; database: DatabaseProcesses }): Promise<AppendAlone> {
  if (drafts.length === 0) throw new Error('the request produced no audit record: there is nothing to append');
  const writer = new AuditWriter(store);
  const fresh = () => {
    const at = new Date().toISOString();
    return drafts.map((draft) => ({ ...draft, id: randomUUID(), at }));
  };
  const loops = async (milliseconds: number) => {
    const until = performance.now() + milliseconds;
    let appends = 0;
    await Promise.all(
      Array.from({ length: options.connections }, async () => {
        while (performance.now() < until) {
          await writer.append(fresh());
          appends += 1;
        }
      }),
    );
    return appends;
  };
  await loops(1_000); // connections opened, statements prepared, code optimized
  const before = writer.statistics;
  const meter = startCpuMeter(options.database);
  const started = performance.now();
  const appends = await loops(options.seconds * 1000);
  const elapsed = performance.now() - started;
  const cpu = meter();
  const after = writer.statistics;
  return { appends, appendsPerSecond: (appends * 1000) / elapsed, recordsPerCommit: (after.events - before.events) / Math.max(1, after.commits - before.commits), cpu };
}
