import { runOperation, type GraphQLErrorBody } from '../shared/persisted-client';
import type { Month } from './months';

/** The dashboard's reads, each one persisted operation of persisted/dashboard.graphql (the audit page's: persisted/audit-review.graphql). */
export type Dimension = 'FINANCIAL' | 'PATIENT' | 'INTERNAL_PROCESS' | 'LEARNING_GROWTH';
export type KpiStatus = 'ON_TARGET' | 'WATCH' | 'OFF_TARGET';

export interface KpiDefinition {
  code: string;
  name: string;
  nameEn: string;
  unit: string;
  direction: 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER' | 'NEUTRAL';
  dimension: Dimension;
  target: number | null;
  watchThreshold: number | null;
}

export interface DepartmentRef {
  code: string;
  name: string;
}

export interface CatalogData {
  kpiCatalog: KpiDefinition[];
  departments: (DepartmentRef & { kind: string })[];
  me: { id: string; name: string | null; roles: string[]; departmentCodes: string[] };
}

export interface ScorecardIndicator {
  code: string;
  name: string;
  value: number | null;
  previousValue: number | null;
  lastYearValue: number | null;
  target: number | null;
  status: KpiStatus | null;
  trend: 'UP' | 'DOWN' | 'FLAT' | null;
  unit: string;
  suppressed: boolean;
}

export interface ScorecardData {
  scorecard: {
    department: DepartmentRef | null;
    period: string;
    dimensions: { dimension: Dimension; onTarget: number; watch: number; offTarget: number; indicators: ScorecardIndicator[] }[];
  };
}

export interface Ranking {
  rank: number;
  department: DepartmentRef;
  value: number | null;
  median: number | null;
  quartile1: number | null;
  quartile3: number | null;
  quartile: number | null;
}

export interface Alert {
  rule: string;
  ruleDescription: string;
  kpi: string | null;
  department: DepartmentRef | null;
  subject: string | null;
  periods: string[];
  values: number[];
  message: string;
}

/** one indicator month by month: this year's values and last year's for the same months */
export interface TrendSeries {
  code: string;
  months: Month[];
  values: (number | null)[];
  lastYear: (number | null)[];
}

type Result<T> = Promise<{ data: T; errors: GraphQLErrorBody[] }>;

const monthPeriod = (month: Month) => ({ month });

export const loadCatalog = async (token: string): Promise<CatalogData> => (await runOperation<CatalogData>('DashboardCatalog', {}, token)).data;

export const loadScorecard = (token: string, department: string | null, month: Month): Result<ScorecardData> =>
  runOperation('DashboardScorecard', { department, period: monthPeriod(month) }, token);

export const loadBenchmark = (token: string, kpi: string, month: Month): Result<{ benchmark: Ranking[] }> => runOperation('DashboardBenchmark', { kpi, period: monthPeriod(month) }, token);

export const loadAlerts = (token: string, month: Month): Result<{ alerts: Alert[] }> => runOperation('DashboardAlerts', { period: monthPeriod(month) }, token);

/**
 * The schema has no trend field and a period is one month, quarter, year or date range, so a
 * trend is one persisted request per month, sent in parallel; each answer carries the value
 * and the same month last year.
 */
export async function loadTrends(token: string, codes: string[], department: string | null, months: Month[]): Result<TrendSeries[]> {
  const answers = await Promise.all(
    months.map((month) =>
      runOperation<{ kpis: { code: string; value: number | null; lastYearValue: number | null }[] }>('DashboardKpiTrend', { codes, departments: department ? [department] : null, period: monthPeriod(month) }, token),
    ),
  );
  const series = codes.map((code) => ({
    code,
    months,
    values: answers.map((answer) => answer.data.kpis.find((k) => k.code === code)?.value ?? null),
    lastYear: answers.map((answer) => answer.data.kpis.find((k) => k.code === code)?.lastYearValue ?? null),
  }));
  return { data: series, errors: answers.flatMap((answer) => answer.errors) };
}
