import type { AggregateMeasure, AggregateRequest, Condition, EntityReader, ValueRef } from '../../adapters/entity-reader';
import type { DataClass } from '../permissions/permission-model';
import type { Sources } from '../sources';

/**
 * The base measures of every indicator, grouped into the statements that compute them: each set
 * is one GROUP BY department, period bucket statement in the system that owns the data. Only
 * counts and sums — additive, so months add up to quarters and years, and several vendor codes of
 * one department add up to it. Indicators (kpi-catalog.ts) are ratios of these.
 */
export interface MeasureSet {
  name: string;
  system: 'HIS' | 'LIS' | 'PACS' | 'FINANCE';
  /** what a viewer must be allowed to read for these values */
  dataClass: DataClass;
  reader(sources: Sources): EntityReader<unknown>;
  department: ValueRef;
  /** the date or date-time the period buckets by */
  period: ValueRef;
  where?: Condition<any>[];
  join?: AggregateRequest['join'];
  /** an extra grouping, e.g. the minutes of a turnaround (a histogram for medians) */
  extra?: { name: string; value: AggregateRequest['groupBy'][number]['value'] };
  measures: AggregateMeasure[];
}

const f = (field: string): ValueRef => ({ field });
const j = (field: string): ValueRef => ({ field, on: 'join' });
const count = (name: string, when?: Condition<any>[], whenJoin?: Condition<any>[]): AggregateMeasure => ({ name, kind: 'count', when, whenJoin });
const sum = (name: string, value: AggregateMeasure['value'], when?: Condition<any>[]): AggregateMeasure => ({ name, kind: 'sum', value, when });
const eq = (field: string, value: unknown): Condition<any> => ({ op: 'eq', field, value });

export const MEASURE_SETS: readonly MeasureSet[] = [
  {
    name: 'encounters by admission',
    system: 'HIS',
    dataClass: 'CLINICAL',
    reader: (s) => s.his.encounters,
    department: f('departmentCode'),
    period: f('admittedAt'),
    measures: [count('outpatient_visits', [eq('kind', 'OUTPATIENT')]), count('emergency_visits', [eq('kind', 'EMERGENCY')]), count('admissions', [eq('kind', 'INPATIENT')])],
  },
  {
    name: 'inpatient discharges',
    system: 'HIS',
    dataClass: 'CLINICAL',
    reader: (s) => s.his.encounters,
    department: f('departmentCode'),
    period: f('dischargedAt'),
    where: [eq('kind', 'INPATIENT'), { op: 'notNull', field: 'dischargedAt' }],
    measures: [count('discharges'), count('readmissions', [eq('unplannedReadmission', true)]), count('deaths', [eq('dischargeOutcome', 'DIED')])],
  },
  {
    name: 'operations',
    system: 'HIS',
    dataClass: 'CLINICAL',
    reader: (s) => s.his.procedures,
    join: { entity: 'Encounter', localField: 'encounterId', foreignField: 'id' },
    department: j('departmentCode'),
    period: f('performedAt'),
    measures: [
      count('operations'),
      count('level4_operations', [eq('level', 4)]),
      count('minimally_invasive_operations', [eq('minimallyInvasive', true)]),
      count('complicated_operations', [eq('complication', true)]),
      sum('preoperative_days', { fn: 'days', from: j('admittedAt'), to: f('performedAt') }),
    ],
  },
  {
    name: 'charges',
    system: 'HIS',
    dataClass: 'FINANCIAL',
    reader: (s) => s.his.charges,
    department: f('departmentCode'),
    period: f('chargedAt'),
    measures: [
      sum('revenue', f('amount')),
      sum('drug_revenue', f('amount'), [eq('category', 'DRUG')]),
      sum('consumable_revenue', f('amount'), [eq('category', 'CONSUMABLE')]),
      sum('lab_revenue', f('amount'), [eq('category', 'LAB')]),
      sum('exam_revenue', f('amount'), [{ op: 'in', field: 'category', values: ['EXAM', 'IMAGING'] }]),
    ],
  },
  {
    name: 'outpatient charges',
    system: 'HIS',
    dataClass: 'FINANCIAL',
    reader: (s) => s.his.charges,
    department: f('departmentCode'),
    period: f('chargedAt'),
    where: [{ op: 'exists', entity: 'Encounter', foreignField: 'id', localField: 'encounterId', where: [{ op: 'in', field: 'kind', values: ['OUTPATIENT', 'EMERGENCY'] }] }],
    measures: [sum('outpatient_revenue', f('amount'))],
  },
  {
    name: 'DRG settlements',
    system: 'FINANCE',
    dataClass: 'FINANCIAL',
    reader: (s) => s.finance.drgCases,
    join: { entity: 'DrgGroup', localField: 'drgCode', foreignField: 'code' },
    department: f('departmentCode'),
    period: f('dischargedOn'),
    measures: [
      count('drg_cases'),
      sum('weight_sum', f('weight')),
      sum('bed_days', f('lengthOfStay')),
      sum('inpatient_cost', f('totalCost')),
      sum('payment_standard', f('paymentStandard')),
      sum('cost_index_sum', { fn: 'ratio', num: f('totalCost'), den: j('referenceAverageCost') }),
      sum('time_index_sum', { fn: 'ratio', num: f('lengthOfStay'), den: j('referenceAverageStay') }),
      { name: 'high_ratio_cases', kind: 'count', whenCompare: { left: f('totalCost'), op: '>=', factor: 2, right: j('referenceAverageCost') } },
      { name: 'low_ratio_cases', kind: 'count', whenCompare: { left: f('totalCost'), op: '<=', factor: 0.4, right: j('referenceAverageCost') } },
      count('low_risk_cases', undefined, [eq('lowRisk', true)]),
      count('low_risk_deaths', [eq('dischargeOutcome', 'DIED')], [eq('lowRisk', true)]),
    ],
  },
  {
    name: 'department costs',
    system: 'FINANCE',
    dataClass: 'FINANCIAL',
    reader: (s) => s.finance.departmentCosts,
    department: f('departmentCode'),
    period: f('month'),
    measures: [sum('total_expense', f('amount')), sum('personnel_expense', f('amount'), [eq('category', 'PERSONNEL')])],
  },
  {
    name: 'lab turnaround',
    system: 'LIS',
    dataClass: 'CLINICAL',
    reader: (s) => s.lis.labOrders,
    department: f('departmentCode'),
    period: f('orderedAt'),
    where: [{ op: 'notNull', field: 'reportedAt' }],
    extra: { name: 'minutes', value: { fn: 'minutes', from: f('orderedAt'), to: f('reportedAt') } },
    measures: [count('reported_lab_orders')],
  },
  {
    name: 'critical values',
    system: 'LIS',
    dataClass: 'CLINICAL',
    reader: (s) => s.lis.labResults,
    join: { entity: 'LabOrder', localField: 'orderId', foreignField: 'id' },
    department: j('departmentCode'),
    period: j('orderedAt'),
    where: [eq('critical', true)],
    measures: [count('critical_values'), { name: 'critical_values_in_time', kind: 'count', whenWithin: { from: j('reportedAt'), to: f('criticalNotifiedAt'), minutes: 15 } }],
  },
  {
    name: 'imaging studies',
    system: 'PACS',
    dataClass: 'CLINICAL',
    reader: (s) => s.pacs.imagingStudies,
    department: f('departmentCode'),
    period: f('scheduledAt'),
    measures: [
      count('studies'),
      count('performed_studies', [{ op: 'notNull', field: 'performedAt' }]),
      sum('wait_minutes', { fn: 'minutes', from: f('scheduledAt'), to: f('performedAt') }, [{ op: 'notNull', field: 'performedAt' }]),
      count('reported_studies', [{ op: 'notNull', field: 'reportedAt' }]),
      sum('report_minutes', { fn: 'minutes', from: f('performedAt'), to: f('reportedAt') }, [{ op: 'notNull', field: 'reportedAt' }]),
    ],
  },
  {
    name: 'large equipment studies',
    system: 'PACS',
    dataClass: 'CLINICAL',
    reader: (s) => s.pacs.imagingStudies,
    join: { entity: 'Equipment', localField: 'equipmentId', foreignField: 'id', where: [eq('large', true)] },
    department: j('departmentCode'),
    period: f('performedAt'),
    where: [{ op: 'notNull', field: 'performedAt' }],
    measures: [count('large_equipment_studies'), count('large_equipment_reported', [{ op: 'notNull', field: 'reportedAt' }]), count('large_equipment_positive', [eq('findingPositive', true)])],
  },
];

export const MEASURE_SET_OF: ReadonlyMap<string, MeasureSet> = new Map(MEASURE_SETS.flatMap((set) => set.measures.map((m) => [m.name, set] as const)));
