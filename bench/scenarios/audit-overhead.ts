import { getOperationAST, parse } from 'graphql';
import { gatewayExecutor } from '../gateway-executor';
import { AuditWriter } from '../../src/audit/audit-writer';
import type { AuditStore } from '../../src/audit/store/audit-store';
import { buildRuleTree } from '../../src/permissions/rule-tree';
import { createContextFactory } from '../../src/request-context';
import { buildSchema } from '../../src/schema';
import type { Sources } from '../../src/sources';
import { startCpuMeter, type DatabaseProcesses } from '../cpu-meter';
import { measureInterleaved, ms, type Sample } from '../measure';

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
  const schema = buildSchema();
  const execute = gatewayExecutor(schema);
  const document = parse(QUERY);
  const operation = getOperationAST(document)!;
  const writer = new AuditWriter(store);
  const createContext = createContextFactory(sources, buildRuleTree(schema), { limits: { defaultPageSize: 100, maxPageSize: 10_000 }, pseudonymSecret, smallCellK: 5 });

  const request = async (i: number, audited: boolean) => {
    const dept = DEPARTMENTS[i % DEPARTMENTS.length]!;
    const context = await createContext({ viewer: { id: `doc-${i}`, name: null, roles: ['clinician'], departments: [dept] }, requestId: `bench-${i}` });
    await context.permissions.authorize(schema, document, operation, { dept });
    const result = await execute({ document, variableValues: { dept }, contextValue: context });
    if (result.errors?.length) throw new Error(result.errors[0]!.message);
    const drafts = context.audit.drafts();
    if (audited) await writer.append(drafts);
    return drafts.length;
  };
  // CPU of each variant's waves, to say what the durable append costs per request and where
  const cpu = { off: { requests: 0, processMs: 0, databaseMs: 0 }, on: { requests: 0, processMs: 0, databaseMs: 0 } };
  const wave = (audited: boolean) => async () => {
    const spent = startCpuMeter(database);
    await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => request(i, audited)));
    const used = spent();
    const total = cpu[audited ? 'on' : 'off'];
    total.requests += CONCURRENT;
    total.processMs += used.processMs;
    total.databaseMs += used.databaseMs ?? Number.NaN;
  };

  const before = writer.statistics;
  const samples = await measureInterleaved(15, 2, { 'audit off': wave(false), 'audit on (group commit)': wave(true) });
  const after = writer.statistics;
  const commits = after.commits - before.commits;
  const events = after.events - before.events;
  const base = samples['audit off']!.median;
  const on = samples['audit on (group commit)']!;
  const lines = [
    ...Object.entries(samples).map(([name, sample]) => `  ${name.padEnd(28)} ${CONCURRENT} concurrent requests: median ${ms(sample.median)} (p10 ${ms(sample.p10)}, p90 ${ms(sample.p90)})  ratio ${(sample.median / base).toFixed(3)}`),
    `  records: ${events} in ${commits} commits (${(events / commits).toFixed(1)} per commit); ≈ ${Math.round((CONCURRENT * 1000) / on.median)} audited requests/s, ≈ ${Math.round((events / 17) * (1000 / on.median))} records/s; last commit ${ms(after.lastCommitMs)}`,
  ];
  const perRequest = (variant: keyof typeof cpu) => {
    const { requests, processMs, databaseMs } = cpu[variant];
    return `process ${((processMs * 1000) / requests).toFixed(0)} µs${Number.isNaN(databaseMs) ? '' : `, database ${((databaseMs * 1000) / requests).toFixed(0)} µs`}`;
  };
  lines.push(`  CPU per request (this process${database.local ? ' and the database server' : ''}): audit off ${perRequest('off')}; audit on ${perRequest('on')}`);
  const verified = await store.verify();
  lines.push(`  chain after the run: ${verified.ok ? 'verifies' : `BROKEN (${verified.problem})`}, ${verified.checkedRecords} records`);
  return { samples, lines };
}
