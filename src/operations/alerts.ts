import type { GatewayContext } from '../context';
import { addDays, addMonths, resolvePeriod, type PeriodArgument } from '../period';
import type { Sources } from '../sources';
import { KPI_CATALOG } from './kpi-catalog';
import { computeMonthlySeries } from './kpi-engine';
import { kpiValues, unitsFor } from './kpi-values';

/**
 * Alerts (预警): thresholds and sustained trends, each naming the department, indicator, values
 * and rule. Trend rules look at the months ending with the period asked.
 */
export interface AlertRow {
  rule: string;
  ruleDescription: string;
  kpi: string | null;
  departmentCode: string | null;
  subject: string | null;
  periods: string[];
  values: number[];
  message: string;
}

export const ALERT_RULES = {
  THRESHOLD: 'The indicator is beyond its alert threshold, with enough cases to mean it.',
  DRUG_SHARE_CLIMBING: 'Drug share rose at least 2 points in each of the last three months and stands at least 5 points above its average of the twelve months before.',
  DRG_OVER_PAYMENT_STANDARD: 'A DRG group cost more than 115% of its payment standard in each of the last three months, with at least 3 cases in each.',
  EQUIPMENT_IDLE_AFTERNOONS: 'A large device performed under 5% of its studies from 12:00, while the other devices of its modality performed at least 25% then (last three months, at least 10 studies).',
} as const;

const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function alerts(context: GatewayContext, sources: Sources, period: PeriodArgument, departments: readonly string[] | null | undefined): Promise<AlertRow[]> {
  const resolved = resolvePeriod(period, 'period');
  const units = unitsFor(context, departments);
  const policy = context.permissions.policy;
  const every = units.includes(null) ? null : new Set(units as string[]);
  const inScope = (code: string | null) => code !== null && (every === null || every.has(code));
  const lastMonth = addDays(resolved.until, -1).slice(0, 7);
  const months = (n: number) => Array.from({ length: n }, (_, i) => addMonths(lastMonth, i - n + 1));
  const found: AlertRow[] = [];

  // thresholds, per department
  const departmentsToCheck = every ? [...every] : (await sources.his.departments.page(context.read, { first: 10_000 })).rows.map((d) => d.code).filter((code) => policy.scope === 'hospital' || policy.departments.includes(code));
  const thresholdKpis = KPI_CATALOG.filter((k) => k.alert).map((k) => k.code);
  for (const value of await kpiValues(context, sources, thresholdKpis, departmentsToCheck, period)) {
    const alert = value.alert!;
    if (value.value === null || (alert.casesMeasure && (value.alertCases ?? 0) < alert.minimumCases)) continue;
    const beyond = value.direction === 'HIGHER_IS_BETTER' ? value.value < alert.threshold : value.value > alert.threshold;
    if (!beyond) continue;
    found.push({
      rule: 'THRESHOLD',
      ruleDescription: ALERT_RULES.THRESHOLD,
      kpi: value.code,
      departmentCode: value.departmentCode,
      subject: null,
      periods: [value.period],
      values: [round(value.value)],
      message: `${value.departmentCode} ${value.name} ${round(value.value)} is beyond the alert threshold ${alert.threshold} (${value.alertCases} cases).`,
    });
  }

  // drug share climbing three months running
  if (policy.access('FINANCIAL') !== 'none') {
    const window = months(16);
    const series = await computeMonthlySeries(context, sources, 'DRUG_SHARE', window);
    for (const [department, values] of series) {
      if (!inScope(department)) continue;
      const recent = values.slice(-4);
      const baseline = values.slice(0, 12).filter((v): v is number => v !== null);
      if (recent.some((v) => v === null) || baseline.length < 6) continue;
      const [a, b, c, d] = recent as number[];
      const average = baseline.reduce((s, v) => s + v, 0) / baseline.length;
      if (b! - a! >= 0.02 && c! - b! >= 0.02 && d! - c! >= 0.02 && d! - average >= 0.05) {
        found.push({
          rule: 'DRUG_SHARE_CLIMBING',
          ruleDescription: ALERT_RULES.DRUG_SHARE_CLIMBING,
          kpi: 'DRUG_SHARE',
          departmentCode: department,
          subject: null,
          periods: window.slice(-4),
          values: (recent as number[]).map((v) => round(v)),
          message: `${department}: drug share ${(recent as number[]).map((v) => `${(v * 100).toFixed(1)}%`).join(' → ')} (twelve-month average ${(average * 100).toFixed(1)}%).`,
        });
      }
    }

    // a DRG group over its payment standard three months running
    const three = months(3);
    const rows = await sources.finance.drgCases.aggregate(context.read, {
      where: [
        { op: 'gte', field: 'dischargedOn', value: `${three[0]}-01` },
        { op: 'lt', field: 'dischargedOn', value: `${addMonths(three[2]!, 1)}-01` },
        ...(every ? [{ op: 'in' as const, field: 'departmentCode', values: [...every] }] : []),
      ],
      groupBy: [
        { name: 'drg', value: { field: 'drgCode' } },
        { name: 'department', value: { field: 'departmentCode' } },
        { name: 'month', value: { fn: 'month', of: { field: 'dischargedOn' } } },
      ],
      measures: [
        { name: 'cases', kind: 'count' },
        { name: 'cost', kind: 'sum', value: { field: 'totalCost' } },
        { name: 'pay', kind: 'sum', value: { field: 'paymentStandard' } },
      ],
    });
    const groups = new Map<string, { months: Map<string, { cases: number; cost: number; pay: number }>; departments: Map<string, number> }>();
    for (const row of rows) {
      const drg = String(row.group.drg);
      const entry = groups.get(drg) ?? { months: new Map(), departments: new Map() };
      groups.set(drg, entry);
      const month = entry.months.get(String(row.group.month)) ?? { cases: 0, cost: 0, pay: 0 };
      month.cases += row.values.cases!;
      month.cost += row.values.cost!;
      month.pay += row.values.pay!;
      entry.months.set(String(row.group.month), month);
      const department = String(row.group.department);
      entry.departments.set(department, (entry.departments.get(department) ?? 0) + row.values.cases!);
    }
    for (const [drg, entry] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
      const ratios = three.map((month) => {
        const m = entry.months.get(month);
        return m && m.cases >= 3 && m.pay > 0 ? m.cost / m.pay : null;
      });
      if (ratios.some((r) => r === null || r <= 1.15)) continue;
      const department = [...entry.departments].sort((a, b) => b[1] - a[1])[0]![0];
      found.push({
        rule: 'DRG_OVER_PAYMENT_STANDARD',
        ruleDescription: ALERT_RULES.DRG_OVER_PAYMENT_STANDARD,
        kpi: 'COST_TO_PAYMENT_STANDARD',
        departmentCode: department,
        subject: drg,
        periods: three,
        values: (ratios as number[]).map((r) => round(r)),
        message: `DRG ${drg} (mostly ${department}) cost ${(ratios as number[]).map((r) => `${Math.round(r * 100)}%`).join(', ')} of its payment standard in ${three.join(', ')}.`,
      });
    }
  }

  // a large device idle in the afternoons
  if (policy.access('CLINICAL') !== 'none') {
    const span = months(3);
    const from = resolved.from < `${span[0]}-01` ? resolved.from : `${span[0]}-01`;
    const rows = await sources.pacs.imagingStudies.aggregate(context.read, {
      where: [
        { op: 'gte', field: 'performedAt', value: `${from} 00:00:00` },
        { op: 'lt', field: 'performedAt', value: `${resolved.until} 00:00:00` },
      ],
      join: { entity: 'Equipment', localField: 'equipmentId', foreignField: 'id', where: [{ op: 'eq', field: 'large', value: true }] },
      groupBy: [
        { name: 'device', value: { field: 'equipmentId' } },
        { name: 'modality', value: { field: 'modality', on: 'join' } },
        { name: 'department', value: { field: 'departmentCode', on: 'join' } },
        { name: 'hour', value: { fn: 'hour', of: { field: 'performedAt' } } },
      ],
      measures: [{ name: 'studies', kind: 'count' }],
    });
    const devices = new Map<string, { modality: string; department: string; total: number; afternoon: number }>();
    for (const row of rows) {
      const id = String(row.group.device);
      const device = devices.get(id) ?? { modality: String(row.group.modality), department: String(row.group.department), total: 0, afternoon: 0 };
      devices.set(id, device);
      device.total += row.values.studies!;
      if (Number(row.group.hour) >= 12) device.afternoon += row.values.studies!;
    }
    for (const [id, device] of [...devices].sort(([a], [b]) => a.localeCompare(b))) {
      if (!inScope(device.department) || device.total < 10) continue;
      const siblings = [...devices].filter(([other, d]) => other !== id && d.modality === device.modality);
      const siblingTotal = siblings.reduce((n, [, d]) => n + d.total, 0);
      const siblingAfternoon = siblings.reduce((n, [, d]) => n + d.afternoon, 0);
      const share = device.afternoon / device.total;
      if (siblingTotal === 0 || share >= 0.05 || siblingAfternoon / siblingTotal < 0.25) continue;
      found.push({
        rule: 'EQUIPMENT_IDLE_AFTERNOONS',
        ruleDescription: ALERT_RULES.EQUIPMENT_IDLE_AFTERNOONS,
        kpi: 'LARGE_EQUIPMENT_UTILIZATION',
        departmentCode: device.department,
        subject: id,
        periods: [`${from}..${resolved.until}`],
        values: [round(share), round(siblingAfternoon / siblingTotal)],
        message: `${id} performed ${device.afternoon} of ${device.total} studies from 12:00 (${Math.round(share * 100)}%); the other ${device.modality} devices ${Math.round((siblingAfternoon / siblingTotal) * 100)}%.`,
      });
    }
  }
  return found;
}
