import { AuditWriter } from '../../src/audit/audit-writer';
import type { AuditStore } from '../../src/audit/store/audit-store';
import type { Sources } from '../../src/sources';
import { auditedOperation, auditedRequests } from '../audited-request';
import { describeCpuPerRequest, startCpuMeter, type CpuSpent, type DatabaseProcesses } from '../cpu-meter';
import { measureInterleaved, ms, spreadOf, type RunObserver, type Sample } from '../measure';

/**
 * Scenario: audit-heavy identity reads — many clinicians at once, each reading a page of their
 * department's patients with identity fields. Audit off (records collected, not written) against
 * audit on (each response waits for its records' group commit in the audit store of the run's engine).
 */
const QUERY = `query Ward($dept: ID!) { patients(filter: { departments: [$dept] }, first: 50) { edges { node { id name idCardNumber phone birthDate address } } } }`;
const DEPARTMENTS = ['CARD', 'RESP', 'GAST', 'NEUR', 'GSUR', 'ORTH', 'OBGY', 'PEDI'];
const CONCURRENT = 24;

export interface AuditOverhead {
  samples: Record<string, Sample>;
  lines: string[];
}

export async function auditOverhead(sources: Sources, store: AuditStore, pseudonymSecret: string, database: DatabaseProcesses): Promise<AuditOverhead> {
  const operation = auditedOperation(QUERY);
  const run = auditedRequests(sources, pseudonymSecret);
  const writer = new AuditWriter(store);

  const request = async (i: number, audited: boolean) => {
    const dept = DEPARTMENTS[i % DEPARTMENTS.length]!;
    const drafts = await run(operation, { dept }, { id: `doc-${i}`, name: null, roles: ['clinician'], departments: [dept] }, `bench-${i}`);
    if (audited) await writer.append(drafts);
    return drafts.length;
  };
  const wave = (audited: boolean) => () => Promise.all(Array.from({ length: CONCURRENT }, (_, i) => request(i, audited)));
  // CPU of each variant's timed waves, read outside their time (a /proc scan takes milliseconds),
  // to say what the durable append costs per request and where
  const cpu = new Map<string, { waves: number; serverMs: number; databaseMs?: number }>();
  let meter: (() => CpuSpent) | undefined;
  const observer: RunObserver = {
    before: () => (meter = startCpuMeter(database)),
    after: (variant) => {
      const used = meter!();
      const total = cpu.get(variant) ?? { waves: 0, serverMs: 0, databaseMs: 0 };
      total.waves += 1;
      total.serverMs += used.serverMs;
      // a figure missing from any wave is left out of the sum rather than understated
      total.databaseMs = total.databaseMs === undefined || used.databaseMs === undefined ? undefined : total.databaseMs + used.databaseMs;
      cpu.set(variant, total);
    },
  };

  // the chain is the run's own (resetBenchAudit); what it held before is said, not assumed
  const heldBefore = (await store.verify()).checkedRecords;
  const before = writer.statistics;
  const samples = await measureInterleaved(15, 2, { 'audit off': wave(false), 'audit on (group commit)': wave(true) }, observer);
  const after = writer.statistics;
  const commits = after.commits - before.commits;
  const events = after.events - before.events;
  const base = samples['audit off']!.median;
  const on = samples['audit on (group commit)']!;
  const lines = [
    ...Object.entries(samples).map(([name, sample]) => `  ${name.padEnd(28)} ${CONCURRENT} concurrent requests: ${spreadOf(sample)}  ratio ${(sample.median / base).toFixed(3)}`),
    `  records: ${events} in ${commits} commits (${(events / commits).toFixed(1)} per commit); ≈ ${Math.round((CONCURRENT * 1000) / on.median)} audited requests/s, ≈ ${Math.round((events / 17) * (1000 / on.median))} records/s; last commit ${ms(after.lastCommitMs)}`,
  ];
  const perRequest = (variant: string) => {
    const { waves, ...spent } = cpu.get(variant)!;
    return describeCpuPerRequest(spent, waves * CONCURRENT);
  };
  lines.push(`  CPU per request (this process${database.local ? ' and the database server' : ''}): audit off ${perRequest('audit off')}; audit on ${perRequest('audit on (group commit)')}`);
  const verified = await store.verify();
  const unaccounted = verified.checkedRecords - heldBefore - events;
  lines.push(
    `  chain after the run: ${verified.ok ? 'verifies' : `BROKEN (${verified.problem})`}, ${verified.checkedRecords} records: ${heldBefore} before this scenario, ${events} it appended${unaccounted ? `, ${unaccounted} NOT ACCOUNTED FOR (another writer on this store?)` : ''}`,
  );
  return { samples, lines };
}
