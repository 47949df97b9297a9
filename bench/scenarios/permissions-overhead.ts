import { getOperationAST, parse } from 'graphql';
import { gatewayExecutor, securedExecutor } from '../gateway-executor';
import type { Viewer } from '../../src/auth/viewer';
import type { GatewayContext } from '../../src/context';
import { DEMO_DEPARTMENTS } from '../../src/demo/hospital-departments';
import { columnDemand } from '../../src/loaders/column-demand';
import { createRequestLoaders } from '../../src/loaders/request-loaders';
import { buildRuleTree } from '../../src/permissions/rule-tree';
import { createContextFactory } from '../../src/request-context';
import { buildUnguardedSchema } from '../../src/schema';
import type { Sources } from '../../src/sources';
import { authorizeRequest } from '../../src/permissions/permissions-plugin';
import { measureInterleaved, spreadOf, type Sample } from '../measure';
import { rowsOf } from './nested-list';

/**
 * Scenario: the nested list (departments → encounters → patient, lab orders → results) of about
 * 10,000 rows, executed with permissions off (unguarded schema, no scope, no authorization pass)
 * and on (guarded schema, authorization pass, row scope in SQL, masking), in one run.
 */
const NESTED = `query Nested($first: Int) { departments(filter: { kind: CLINICAL }) { code
  encounters(first: $first) { edges { node { id kind admittedAt
    patient { id name gender birthDate }
    labOrders { id orderedAt results { analyteCode value abnormalFlag } } } } } } }`;

export interface PermissionsOverhead {
  rows: number;
  samples: Record<string, Sample>;
  lines: string[];
}

export async function permissionsOverhead(sources: Sources, pseudonymSecret: string, first: number): Promise<PermissionsOverhead> {
  const limits = { defaultPageSize: 100, maxPageSize: 10_000 };
  const document = parse(NESTED);
  const operation = getOperationAST(document)!;
  const variableValues = { first };
  const unguarded = buildUnguardedSchema();
  const { schema: guarded, execute: executeGuarded } = securedExecutor();
  const executeUnguarded = gatewayExecutor(unguarded);
  const createContext = createContextFactory(sources, buildRuleTree(guarded), { limits, pseudonymSecret, smallCellK: 5 });
  const everyDepartment = DEMO_DEPARTMENTS.map((d) => d.code);

  const off = async () => {
    const read = { fields: columnDemand(unguarded, document) };
    const contextValue = { viewer: { id: 'b', name: null, roles: [], departments: [] }, requestId: 'bench', read, loaders: createRequestLoaders(sources, read, limits) } as unknown as GatewayContext;
    return executeUnguarded({ document, variableValues, contextValue });
  };
  const on = (viewer: Viewer) => async () => {
    const contextValue = await createContext({ viewer, requestId: 'bench' });
    await authorizeRequest(contextValue, guarded, document, operation, variableValues);
    const result = await executeGuarded({ document, variableValues, contextValue });
    if (result.errors?.length) throw new Error(`bench query failed: ${result.errors[0]!.message}`);
    return result;
  };
  const variants = {
    'permissions off': off,
    'on: clinician+director, every department (scope in SQL, identity clear)': on({ id: 'd', name: null, roles: ['clinician', 'dept_director'], departments: everyDepartment }),
    'on: analyst (pseudonyms, masking, hospital-wide)': on({ id: 'a', name: null, roles: ['analyst'], departments: [] }),
  };
  const rows = rowsOf(await off());

  // the usual case: a director of three departments reading their own departments' list
  const own = ['CARD', 'RESP', 'GSUR'];
  const ownDocument = parse(NESTED.replace('filter: { kind: CLINICAL }', 'filter: { codes: $codes }').replace('query Nested($first: Int)', 'query Nested($first: Int, $codes: [ID!])'));
  const ownOperation = getOperationAST(ownDocument)!;
  const ownVariables = { first: first * 6, codes: own };
  const ownOff = async () => {
    const read = { fields: columnDemand(unguarded, ownDocument) };
    const contextValue = { read, loaders: createRequestLoaders(sources, read, limits) } as unknown as GatewayContext;
    return executeUnguarded({ document: ownDocument, variableValues: ownVariables, contextValue });
  };
  const ownOn = async () => {
    const contextValue = await createContext({ viewer: { id: 'd3', name: null, roles: ['clinician', 'dept_director'], departments: own }, requestId: 'bench' });
    await authorizeRequest(contextValue, guarded, ownDocument, ownOperation, ownVariables);
    const result = await executeGuarded({ document: ownDocument, variableValues: ownVariables, contextValue });
    if (result.errors?.length) throw new Error(`bench query failed: ${result.errors[0]!.message}`);
    return result;
  };
  const ownRows = rowsOf(await ownOff());
  const ownVariants = { 'own departments, permissions off': ownOff, 'own departments, director of CARD, RESP, GSUR': ownOn };
  const lines: string[] = [];
  const all: Record<string, Sample> = {};
  // both states of the heap a run can start from (measure.ts, HeapState)
  for (const [heap, title] of [
    ['collected', 'each run from a collected heap (a full collection before it):'],
    ['steady', 'in steady state (each run right after an untimed run of itself):'],
  ] as const) {
    const samples = await measureInterleaved(15, 3, variants, undefined, heap);
    const ownSamples = await measureInterleaved(15, 3, ownVariants, undefined, heap);
    lines.push(`  ${title}`, ...ratioLines(samples, 'permissions off'), `    — ${ownRows} rows of three departments (${first * 6} encounters each):`, ...ratioLines(ownSamples, 'own departments, permissions off'));
    for (const [name, sample] of Object.entries({ ...samples, ...ownSamples })) all[`${name} (${heap})`] = sample;
  }
  return { rows, samples: all, lines };
}

function ratioLines(samples: Record<string, Sample>, baseName: string): string[] {
  const base = samples[baseName]!.median;
  return Object.entries(samples).map(([name, sample]) => `    ${name.padEnd(72)} ${spreadOf(sample)}  ratio ${(sample.median / base).toFixed(3)}`);
}
