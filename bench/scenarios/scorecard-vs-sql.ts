import { getOperationAST, parse } from 'graphql';
import { securedExecutor } from '../gateway-executor';
import { CompiledQuery } from 'kysely';
import type { ExecutedStatement } from '../../adapters/sql/sql-engine';
import { buildRuleTree } from '../../src/permissions/rule-tree';
import { createContextFactory } from '../../src/request-context';
import type { Sources } from '../../src/sources';
import { authorizeRequest } from '../../src/permissions/permissions-plugin';
import { measureInterleaved, spreadOf, type Sample } from '../measure';

/**
 * Scenario: the whole-hospital scorecard for a year (every indicator, with the previous year and
 * the year before for comparisons), against the raw aggregate SQL alone — the same statements,
 * sent straight to the engine with nothing around them. The ratio is what the gateway adds.
 */
const QUERY = `query Scorecard($year: Int!) { scorecard(period: { year: $year }) { dimensions { dimension onTarget watch offTarget
  indicators { code value previousValue lastYearValue target status trend } } } }`;

export interface ScorecardBench {
  samples: Record<string, Sample>;
  statements: number;
  lines: string[];
}

export async function scorecardAgainstSql(sources: Sources, pseudonymSecret: string, year: number): Promise<ScorecardBench> {
  const { schema, execute } = securedExecutor();
  const document = parse(QUERY);
  const operation = getOperationAST(document)!;
  const createContext = createContextFactory(sources, buildRuleTree(schema), { limits: { defaultPageSize: 100, maxPageSize: 10_000 }, pseudonymSecret, smallCellK: 5 });
  const viewer = { id: 'fin', name: null, roles: ['finance'], departments: [] };
  const captured: ExecutedStatement[] = [];

  const gateway = async (record?: ExecutedStatement[]) => {
    const context = await createContext({ viewer, requestId: 'bench', onStatement: record ? (s) => record.push(s) : undefined });
    await authorizeRequest(context, schema, document, operation, { year });
    const result = await execute({ document, variableValues: { year }, contextValue: context });
    if (result.errors?.length) throw new Error(result.errors[0]!.message);
  };
  await gateway(captured);
  const engines = new Map(sources.handles.map((h) => [h.name, h.engine]));
  const raw = () =>
    Promise.all(captured.map((statement) => engines.get(statement.source)!.execute(CompiledQuery.raw(statement.sql, [...statement.parameters]), { source: statement.source })));

  const samples = await measureInterleaved(7, 1, { 'raw aggregate SQL alone': raw, 'gateway scorecard (GraphQL)': () => gateway() });
  const base = samples['raw aggregate SQL alone']!.median;
  const lines = Object.entries(samples).map(([name, sample]) => `  ${name.padEnd(30)} ${spreadOf(sample)}  ratio ${(sample.median / base).toFixed(3)}`);
  lines.push(`  ${captured.length} statements per scorecard, returning ${captured.reduce((n, s) => n + s.rowCount, 0)} aggregate rows`);
  return { samples, statements: captured.length, lines };
}

/**
 * Scenario (b), second half: one department's KPI trend as the dashboard draws it — each month of
 * a year at once (the values carry last year's month), as a director of the department — against
 * the same aggregate statements sent alone, just as concurrently.
 */
const TREND = `query Trend($department: ID!, $month: String!) { kpis(codes: ["OUTPATIENT_VISITS", "DISCHARGES", "DRUG_SHARE", "AVERAGE_LENGTH_OF_STAY", "CMI", "MEDICAL_REVENUE"], departments: [$department], period: { month: $month }) { code value lastYearValue status } }`;

export async function departmentTrendAgainstSql(sources: Sources, pseudonymSecret: string, year: number, department: string): Promise<ScorecardBench> {
  const { schema, execute } = securedExecutor();
  const document = parse(TREND);
  const operation = getOperationAST(document)!;
  const createContext = createContextFactory(sources, buildRuleTree(schema), { limits: { defaultPageSize: 100, maxPageSize: 10_000 }, pseudonymSecret, smallCellK: 5 });
  const viewer = { id: 'director', name: null, roles: ['dept_director'], departments: [department] };
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  const captured: ExecutedStatement[] = [];

  const month = async (value: string, record?: ExecutedStatement[]) => {
    const variableValues = { department, month: value };
    const context = await createContext({ viewer, requestId: 'bench', onStatement: record ? (s) => record.push(s) : undefined });
    await authorizeRequest(context, schema, document, operation, variableValues);
    const result = await execute({ document, variableValues, contextValue: context });
    if (result.errors?.length) throw new Error(result.errors[0]!.message);
  };
  const gateway = () => Promise.all(months.map((value) => month(value)));
  await Promise.all(months.map((value) => month(value, captured)));
  const engines = new Map(sources.handles.map((h) => [h.name, h.engine]));
  const raw = () =>
    Promise.all(captured.map((statement) => engines.get(statement.source)!.execute(CompiledQuery.raw(statement.sql, [...statement.parameters]), { source: statement.source })));

  const samples = await measureInterleaved(7, 1, { 'raw aggregate SQL alone': raw, 'gateway KPI trend (12 requests)': gateway });
  const base = samples['raw aggregate SQL alone']!.median;
  const lines = Object.entries(samples).map(([name, sample]) => `  ${name.padEnd(32)} ${spreadOf(sample)}  ratio ${(sample.median / base).toFixed(3)}`);
  lines.push(`  ${captured.length} statements for 12 months (${(captured.length / 12).toFixed(1)} per request), returning ${captured.reduce((n, s) => n + s.rowCount, 0)} aggregate rows`);
  return { samples, statements: captured.length, lines };
}
