import type { GatewayContext } from '../context';
import { resolvePeriod, type PeriodArgument } from '../period';
import type { Sources } from '../sources';
import { unitsFor } from './kpi-values';

export type DrgSummaryLevel = 'GROUP' | 'DEPARTMENT' | 'DOCTOR';

export interface DrgSummaryRow {
  drgCode: string;
  drgName: string | null;
  weight: number | null;
  departmentCode: string | null;
  doctorId: string | null;
  cases: number;
  averageCost: number | null;
  averageStay: number | null;
  paymentStandard: number;
  surplus: number;
  highRatioCases: number;
  lowRatioCases: number;
}

/** the thresholds of high- and low-ratio cases against the group's reference average cost */
export const HIGH_RATIO = 2;
export const LOW_RATIO = 0.4;

/** Per DRG group (and department or doctor) summaries, one GROUP BY statement in the finance system. */
export async function drgSummaries(context: GatewayContext, sources: Sources, period: PeriodArgument, departments: readonly string[] | null | undefined, level: DrgSummaryLevel): Promise<DrgSummaryRow[]> {
  const resolved = resolvePeriod(period, 'period');
  const units = unitsFor(context, departments).filter((u): u is string => u !== null);
  const rows = await sources.finance.drgCases.aggregate(context.read, {
    where: [
      { op: 'gte', field: 'dischargedOn', value: resolved.from },
      { op: 'lt', field: 'dischargedOn', value: resolved.until },
      ...(units.length ? [{ op: 'in' as const, field: 'departmentCode', values: units }] : []),
    ],
    join: { entity: 'DrgGroup', localField: 'drgCode', foreignField: 'code' },
    groupBy: [
      { name: 'drg', value: { field: 'drgCode' } },
      { name: 'name', value: { field: 'name', on: 'join' } },
      { name: 'weight', value: { field: 'weight', on: 'join' } },
      ...(level === 'DEPARTMENT' ? [{ name: 'department', value: { field: 'departmentCode' } }] : []),
      ...(level === 'DOCTOR' ? [{ name: 'department', value: { field: 'departmentCode' } }, { name: 'doctor', value: { field: 'doctorId' } }] : []),
    ],
    measures: [
      { name: 'cases', kind: 'count' },
      { name: 'cost', kind: 'sum', value: { field: 'totalCost' } },
      { name: 'stay', kind: 'sum', value: { field: 'lengthOfStay' } },
      { name: 'pay', kind: 'sum', value: { field: 'paymentStandard' } },
      { name: 'high', kind: 'count', whenCompare: { left: { field: 'totalCost' }, op: '>=', factor: HIGH_RATIO, right: { field: 'referenceAverageCost', on: 'join' } } },
      { name: 'low', kind: 'count', whenCompare: { left: { field: 'totalCost' }, op: '<=', factor: LOW_RATIO, right: { field: 'referenceAverageCost', on: 'join' } } },
    ],
  });
  return rows
    .map((row) => {
      const v = row.values as Record<string, number>;
      return {
        drgCode: String(row.group.drg),
        drgName: (row.group.name as string | null) ?? null,
        weight: row.group.weight === null || row.group.weight === undefined ? null : Number(row.group.weight),
        departmentCode: (row.group.department as string | undefined) ?? null,
        doctorId: (row.group.doctor as string | undefined) ?? null,
        cases: v.cases!,
        averageCost: v.cases ? round(v.cost! / v.cases) : null,
        averageStay: v.cases ? round(v.stay! / v.cases) : null,
        paymentStandard: round(v.pay!),
        surplus: round(v.pay! - v.cost!),
        highRatioCases: v.high!,
        lowRatioCases: v.low!,
      };
    })
    .sort((a, b) => a.drgCode.localeCompare(b.drgCode) || (a.departmentCode ?? '').localeCompare(b.departmentCode ?? '') || (a.doctorId ?? '').localeCompare(b.doctorId ?? ''));
}

const round = (value: number) => Math.round(value * 100) / 100;
