import type { GatewayContext } from '../context';
import type { PeriodArgument } from '../period';
import type { Sources } from '../sources';
import { KPI_BY_CODE } from './kpi-catalog';
import { checkCodes, kpiValues } from './kpi-values';

export interface RankingRow {
  rank: number;
  departmentCode: string;
  value: number | null;
  median: number | null;
  quartile1: number | null;
  quartile3: number | null;
  quartile: number | null;
}

/** linear-interpolation quantile of sorted values */
function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

/**
 * Internal benchmarking (内部对标): the departments the viewer may see, ranked on one indicator
 * (best first, by its direction), with the median and quartiles of the departments that have a value.
 */
export async function benchmark(context: GatewayContext, sources: Sources, code: string, period: PeriodArgument): Promise<RankingRow[]> {
  const [kpiCode] = checkCodes([code]);
  const kpi = KPI_BY_CODE.get(kpiCode!)!;
  const policy = context.permissions.policy;
  const rows = (await sources.his.departments.page(context.read, { first: 10_000 })).rows.filter((d) => policy.scope === 'hospital' || policy.departments.includes(d.code));
  const departments = rows.map((d) => d.code);
  const clinical = new Set(rows.filter((d) => d.kind === 'CLINICAL').map((d) => d.code));
  const values = await kpiValues(context, sources, [kpi.code], departments, period);
  // departments with no activity for the indicator (no value) are listed last, unranked
  const withValue = values.filter((v) => v.value !== null);
  const lowerIsBetter = kpi.direction === 'LOWER_IS_BETTER';
  withValue.sort((a, b) => (lowerIsBetter ? a.value! - b.value! : b.value! - a.value!) || a.departmentCode!.localeCompare(b.departmentCode!));
  const sorted = withValue.map((v) => v.value!).sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const quartileOf = (value: number) => {
    const position = sorted.filter((v) => (lowerIsBetter ? v < value : v > value)).length / sorted.length;
    return Math.min(4, Math.floor(position * 4) + 1);
  };
  const ranked: RankingRow[] = withValue.map((v, i) => ({ rank: i + 1, departmentCode: v.departmentCode!, value: v.value, median, quartile1: q1, quartile3: q3, quartile: quartileOf(v.value!) }));
  const rest = values.filter((v) => v.value === null && clinical.has(v.departmentCode!));
  return [...ranked, ...rest.map((v, i) => ({ rank: ranked.length + i + 1, departmentCode: v.departmentCode!, value: null, median, quartile1: q1, quartile3: q3, quartile: null }))];
}
