import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context';
import { ErrorCode } from '../errors';
import { resolvePeriod, type PeriodArgument } from '../period';
import type { Sources } from '../sources';
import { KPI_BY_CODE, KPI_CATALOG, type KpiDefinition } from './kpi-catalog';
import { computeKpis, type KpiResult, type Unit } from './kpi-engine';

export type KpiStatus = 'ON_TARGET' | 'WATCH' | 'OFF_TARGET';
export type KpiTrend = 'UP' | 'DOWN' | 'FLAT';

/** an indicator value as the API shows it */
export interface KpiValueRow {
  code: string;
  name: string;
  departmentCode: string | null;
  period: string;
  value: number | null;
  previousValue: number | null;
  lastYearValue: number | null;
  changeFromPrevious: number | null;
  changeFromLastYear: number | null;
  target: number | null;
  status: KpiStatus | null;
  trend: KpiTrend | null;
  unit: string;
  suppressed: boolean;
  forbidden: boolean;
  dimension: KpiDefinition['dimension'];
  direction: KpiDefinition['direction'];
  alertCases: number | null;
  alert: KpiDefinition['alert'];
}

export function statusOf(kpi: KpiDefinition, value: number | null): KpiStatus | null {
  if (value === null || kpi.target === null || kpi.direction === 'NEUTRAL') return null;
  const watch = kpi.watch ?? kpi.target;
  if (kpi.direction === 'HIGHER_IS_BETTER') return value >= kpi.target ? 'ON_TARGET' : value >= watch ? 'WATCH' : 'OFF_TARGET';
  return value <= kpi.target ? 'ON_TARGET' : value <= watch ? 'WATCH' : 'OFF_TARGET';
}

const change = (now: number | null, before: number | null) => (now === null || before === null || before === 0 ? null : now / before - 1);

function trendOf(now: number | null, before: number | null): KpiTrend | null {
  if (now === null || before === null) return null;
  const relative = before === 0 ? now : (now - before) / Math.abs(before);
  return Math.abs(relative) < 0.01 ? 'FLAT' : relative > 0 ? 'UP' : 'DOWN';
}

function row(result: KpiResult): KpiValueRow {
  const { kpi } = result;
  return {
    code: kpi.code,
    name: kpi.nameZh,
    departmentCode: result.department,
    period: result.window.label,
    value: result.value,
    previousValue: result.previousValue,
    lastYearValue: result.lastYearValue,
    changeFromPrevious: change(result.value, result.previousValue),
    changeFromLastYear: change(result.value, result.lastYearValue),
    target: kpi.target,
    status: statusOf(kpi, result.value),
    trend: trendOf(result.value, result.previousValue),
    unit: kpi.unit,
    suppressed: result.suppressed,
    forbidden: result.forbidden,
    dimension: kpi.dimension,
    direction: kpi.direction,
    alertCases: result.alertCases,
    alert: kpi.alert,
  };
}

/**
 * The departments a request may ask about: a department role its own (asking for another is
 * refused, not answered with zeros), a hospital-wide role any — or the hospital as a whole.
 */
export function unitsFor(context: GatewayContext, departments: readonly string[] | null | undefined): Unit[] {
  const policy = context.permissions.policy;
  if (policy.scope === 'departments') {
    const own = new Set(policy.departments);
    const outside = (departments ?? []).filter((code) => !own.has(code));
    if (outside.length) {
      throw new GraphQLError(`Indicators of ${outside.join(', ')} are outside your departments (${policy.departments.join(', ') || 'none'}).`, { extensions: { code: ErrorCode.FORBIDDEN, argument: 'departments' } });
    }
    return departments?.length ? [...departments] : [...policy.departments];
  }
  return departments?.length ? [...departments] : [null];
}

export function checkCodes(codes: readonly string[] | null | undefined): string[] {
  const wanted = codes?.length ? [...codes] : KPI_CATALOG.map((k) => k.code);
  const unknown = wanted.filter((code) => !KPI_BY_CODE.has(code));
  if (unknown.length) {
    throw new GraphQLError(`Unknown indicator ${unknown.join(', ')}; kpiCatalog lists the codes (e.g. DRUG_SHARE, CMI, AVERAGE_LENGTH_OF_STAY).`, { extensions: { code: ErrorCode.BAD_USER_INPUT, argument: 'codes' } });
  }
  return wanted;
}

export async function kpiValues(context: GatewayContext, sources: Sources, codes: readonly string[], units: readonly Unit[], period: PeriodArgument): Promise<KpiValueRow[]> {
  const resolved = resolvePeriod(period, 'period');
  return (await computeKpis(context, sources, codes, units, resolved)).map(row);
}
