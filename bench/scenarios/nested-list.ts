import { randomUUID } from 'node:crypto';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { execute, getOperationAST, parse, type ExecutionResult } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { CompiledQuery } from 'kysely';
import type { ExecutedStatement } from '../../adapters/sql/sql-engine';
import type { AuditEventDraft } from '../../src/audit/audit-event';
import { AuditWriter } from '../../src/audit/audit-writer';
import type { GatewayContext } from '../../src/context';
import { columnDemand } from '../../src/loaders/column-demand';
import { createRequestLoaders } from '../../src/loaders/request-loaders';
import { buildRuleTree } from '../../src/permissions/rule-tree';
import { createContextFactory } from '../../src/request-context';
import { scalarResolvers } from '../../resolvers/scalars';
import { buildUnguardedSchema, loadTypeDefs } from '../../src/schema';
import type { Sources } from '../../src/sources';
import type { AuditStore } from '../../src/audit/store/audit-store';
import { authorizeRequest } from '../../src/permissions/permissions-plugin';
import { gatewayExecutor, securedExecutor } from '../gateway-executor';
import { measureInterleaved, spreadOf, type Sample } from '../measure';

/**
 * Scenario (a): a nested list — departments → encounters → patient, lab orders → results,
 * imaging — against its floor (the same SQL statements replayed alone, plus graphql-js executing
 * the same result from memory, as issue 8 defines it), the gateway with permissions and audit off
 * and on (executing as server.ts does: compiled from the document's second run), and the
 * naive server everyone starts with (one statement per row and relation: N+1).
 */
export const NESTED = `query Nested($first: Int) { departments(filter: { kind: CLINICAL }) { code
  encounters(first: $first) { edges { node { id kind admittedAt
    patient { id name gender birthDate }
    labOrders { id orderedAt results { analyteCode value abnormalFlag } }
    imagingStudies { modality performedAt } } } } } }`;

export interface NestedListResult {
  rows: number;
  /** each run from a collected heap */
  samples: Record<string, Sample>;
  /** each run in steady state */
  steady: Record<string, Sample>;
  statements: Record<string, number>;
  lines: string[];
}

/** rows of a departments → encounters → patient, lab orders → results (→ imaging) result */
export function rowsOf(result: ExecutionResult): number {
  let rows = 0;
  for (const department of (result.data as any).departments) {
    for (const { node } of department.encounters.edges) {
      rows += 2 + (node.imagingStudies?.length ?? 0);
      for (const order of node.labOrders) rows += 1 + order.results.length;
    }
  }
  return rows;
}

export async function nestedList(sources: Sources, pseudonymSecret: string, auditStore: AuditStore, first: number): Promise<NestedListResult> {
  const limits = { defaultPageSize: 100, maxPageSize: 10_000 };
  const document = parse(NESTED);
  const operation = getOperationAST(document)!;
  const variableValues = { first };
  const unguarded = buildUnguardedSchema();
  const columns = columnDemand(unguarded, document);
  const { schema: guarded, execute: executeGuarded } = securedExecutor();
  const executeUnguarded = gatewayExecutor(unguarded);
  const memorySchema = makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers: scalarResolvers as never });
  const createContext = createContextFactory(sources, buildRuleTree(guarded), { limits, pseudonymSecret, smallCellK: 5 });
  const writer = new AuditWriter(auditStore);
  const viewer = { id: 'director', name: null, roles: ['clinician', 'dept_director'], departments: (await sources.his.departments.page({}, { first: 1000 })).rows.map((d) => d.code) };

  const plain = (batch: boolean, record?: ExecutedStatement[]) => async () => {
    // the naive server reads whole rows; the gateway, with or without permissions, the columns asked for
    const read = { onStatement: record ? (s: ExecutedStatement) => record.push(s) : undefined, fields: batch ? columns : undefined };
    const contextValue = { read, loaders: createRequestLoaders(sources, read, { ...limits, batch }) } as unknown as GatewayContext;
    // the naive server is plain graphql-js; the gateway executes as server.ts does
    return batch ? executeUnguarded({ document, variableValues, contextValue }) : execute({ schema: unguarded, document, variableValues, contextValue });
  };
  // the audit records of the list as the secured variant drafts them, for timing their append alone
  let listDrafts: AuditEventDraft[] = [];
  const secured = (record?: ExecutedStatement[]) => async () => {
    const contextValue = await createContext({ viewer, requestId: 'bench', onStatement: record ? (s) => record.push(s) : undefined });
    await authorizeRequest(contextValue, guarded, document, operation, variableValues);
    const result = await executeGuarded({ document, variableValues, contextValue });
    listDrafts = contextValue.audit.drafts();
    await writer.append(listDrafts);
    return result;
  };

  const captured: ExecutedStatement[] = [];
  const reference = await plain(true, captured)();
  const rows = rowsOf(reference);
  const engines = new Map(sources.handles.map((h) => [h.name, h.engine]));
  const rawSql = async () => {
    for (const s of captured) await engines.get(s.source)!.execute(CompiledQuery.raw(s.sql, [...s.parameters]), { source: s.source });
  };
  const fromMemory = () => Promise.resolve(execute({ schema: memorySchema, document, variableValues, rootValue: reference.data }));
  // the same from memory with the gateway's compiled executor: what part of the floor it saves
  const compiledFromMemory = compileQuery(memorySchema, document, 'Nested');
  if (!isCompiledQuery(compiledFromMemory)) throw new Error('the nested list does not compile');
  const floor = async () => {
    await rawSql();
    await fromMemory();
  };
  const counts: Record<string, number> = {};
  for (const [name, run] of [
    ['gateway, permissions and audit off', (r: ExecutedStatement[]) => plain(true, r)],
    ['gateway, permissions and audit on', (r: ExecutedStatement[]) => secured(r)],
    ['naive per-row resolvers (N+1)', (r: ExecutedStatement[]) => plain(false, r)],
  ] as const) {
    const record: ExecutedStatement[] = [];
    await run(record)();
    counts[name] = record.length;
  }
  const variants = {
    'floor: raw SQL + graphql-js from memory': floor,
    'raw SQL statements alone': rawSql,
    'graphql-js from memory alone': fromMemory,
    'compiled (graphql-jit) from memory alone': () => Promise.resolve(compiledFromMemory.query(reference.data, {}, variableValues)),
    'gateway, permissions and audit off': plain(true),
    'gateway, permissions and audit on': secured(),
    'naive per-row resolvers (N+1)': plain(false),
    [AUDIT_APPEND]: () => writer.append(listDrafts.map((draft) => ({ ...draft, id: randomUUID() }))),
  };
  // both states of the heap a run can start from (measure.ts, HeapState), each with its own floor
  // 21 timed runs per variant and state: with 11, the scale-1 medians of security off and on moved
  // by 5–10 % between runs, as much as the difference between them
  const samples = await measureInterleaved(NESTED_RUNS, 1, variants, undefined, 'collected');
  const steady = await measureInterleaved(NESTED_RUNS, 1, variants, undefined, 'steady');
  const lines = [
    '  each run from a collected heap (a full collection before it: a first request after a major GC):',
    ...linesOf(samples, counts),
    '  in steady state (each run right after an untimed run of itself, no forced collection: requests one after another):',
    ...linesOf(steady, counts),
  ];
  return { rows, samples, steady, statements: counts, lines };
}

const NESTED_RUNS = 21;

/** the list's audit records appended alone (the part of "on" that waits for the audit store) */
const AUDIT_APPEND = "the list's audit records appended alone";

/** medians with their spread and ratio to the floor, then security on / off */
function linesOf(samples: Record<string, Sample>, counts: Record<string, number>): string[] {
  const base = samples['floor: raw SQL + graphql-js from memory']!.median;
  const lines = Object.entries(samples).map(
    ([name, sample]) => `    ${name.padEnd(42)} ${spreadOf(sample)}  ratio to floor ${(sample.median / base).toFixed(3)}${counts[name] ? `  ${counts[name]} statements` : ''}`,
  );
  const on = samples['gateway, permissions and audit on']!.median;
  const off = samples['gateway, permissions and audit off']!.median;
  lines.push(`    permissions and audit on / off: ${(on / off).toFixed(3)}`);
  lines.push(`    the audit append alone / gateway off: ${(samples[AUDIT_APPEND]!.median / off).toFixed(3)}`);
  return lines;
}
