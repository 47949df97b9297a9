/**
 * The KPI catalog (指标库): each indicator's definition over named base measures (base-measures.ts,
 * computed in the sources) and the hospital's reference data, with its unit, direction,
 * balanced-scorecard dimension, sources and default thresholds. Sites override targets and
 * thresholds in configuration (`operations.targets`).
 *
 * Definitions follow the national tertiary public hospital performance indicators (国家三级公立医院
 * 绩效考核) and CHS-DRG practice where the data supports them; each formula reads as it computes.
 */

export type Dimension = 'FINANCIAL' | 'PATIENT' | 'INTERNAL_PROCESS' | 'LEARNING_GROWTH';
export type Direction = 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER' | 'NEUTRAL';
export type System = 'HIS' | 'LIS' | 'PACS' | 'FINANCE';

/** what an indicator's formula can read for one department (or the hospital) and period */
export interface MeasureValues {
  /** a base measure summed over the period (0 when nothing happened) */
  (name: string): number;
  /** reference data at the time of asking: beds, doctors, nurses, staff, large equipment, equipment slots per day */
  reference(name: 'beds' | 'doctors' | 'nurses' | 'staff' | 'largeEquipment' | 'largeEquipmentSlotsPerDay'): number;
  /** days in the period */
  days: number;
  /** a percentile of a histogram measure (e.g. lab turnaround minutes), or null without data */
  percentile(histogram: string, q: number): number | null;
  /** the same indicator for the same period a year before (for growth rates) */
  lastYear(code: string): number | null;
}

export interface KpiDefinition {
  code: string;
  nameZh: string;
  nameEn: string;
  formula: string;
  unit: string;
  direction: Direction;
  dimension: Dimension;
  sources: System[];
  /** base measures read (statements issued are those of their sets) */
  measures: string[];
  target: number | null;
  /** beyond the target but not yet off target */
  watch: number | null;
  /** an alert fires when the value is beyond this, with at least `minimumCases` in the denominator */
  alert?: { threshold: number; minimumCases: number; casesMeasure?: string };
  /** the measure counting the patients (or cases) a rate is about: small cells are suppressed on it */
  cases?: string;
  compute(v: MeasureValues): number | null;
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
const growth = (now: number | null, before: number | null): number | null => (now === null || before === null || before === 0 ? null : now / before - 1);

const kpi = (definition: KpiDefinition) => definition;

export const KPI_CATALOG: readonly KpiDefinition[] = [
  // 运营台账 department ledger (volumes and resources)
  kpi({ code: 'OUTPATIENT_VISITS', nameZh: '门诊人次', nameEn: 'Outpatient visits', formula: 'count(outpatient visits registered in the period)', unit: 'visits', direction: 'NEUTRAL', dimension: 'PATIENT', sources: ['HIS'], measures: ['outpatient_visits'], target: null, watch: null, compute: (v) => v('outpatient_visits') }),
  kpi({ code: 'EMERGENCY_VISITS', nameZh: '急诊人次', nameEn: 'Emergency visits', formula: 'count(emergency visits registered in the period)', unit: 'visits', direction: 'NEUTRAL', dimension: 'PATIENT', sources: ['HIS'], measures: ['emergency_visits'], target: null, watch: null, compute: (v) => v('emergency_visits') }),
  kpi({ code: 'ADMISSIONS', nameZh: '入院人次', nameEn: 'Admissions', formula: 'count(inpatient stays admitted in the period)', unit: 'stays', direction: 'NEUTRAL', dimension: 'PATIENT', sources: ['HIS'], measures: ['admissions'], target: null, watch: null, compute: (v) => v('admissions') }),
  kpi({ code: 'DISCHARGES', nameZh: '出院人次', nameEn: 'Discharges', formula: 'count(inpatient stays discharged in the period)', unit: 'stays', direction: 'NEUTRAL', dimension: 'PATIENT', sources: ['HIS'], measures: ['discharges'], target: null, watch: null, compute: (v) => v('discharges') }),
  kpi({ code: 'SURGERIES', nameZh: '手术台次', nameEn: 'Operations', formula: 'count(operations performed in the period)', unit: 'operations', direction: 'NEUTRAL', dimension: 'INTERNAL_PROCESS', sources: ['HIS'], measures: ['operations'], target: null, watch: null, compute: (v) => v('operations') }),
  kpi({ code: 'BED_DAYS', nameZh: '出院者占用总床日', nameEn: 'Bed-days of discharged patients', formula: 'sum(length of stay of stays discharged in the period)', unit: 'bed-days', direction: 'NEUTRAL', dimension: 'INTERNAL_PROCESS', sources: ['FINANCE'], measures: ['bed_days'], target: null, watch: null, compute: (v) => v('bed_days') }),
  kpi({ code: 'BEDS', nameZh: '实有床位', nameEn: 'Open beds', formula: 'beds of the department (HIS dictionary)', unit: 'beds', direction: 'NEUTRAL', dimension: 'LEARNING_GROWTH', sources: ['HIS'], measures: [], target: null, watch: null, compute: (v) => v.reference('beds') }),
  kpi({ code: 'STAFF', nameZh: '在职职工', nameEn: 'Staff', formula: 'active staff of the department', unit: 'people', direction: 'NEUTRAL', dimension: 'LEARNING_GROWTH', sources: ['HIS'], measures: [], target: null, watch: null, compute: (v) => v.reference('staff') }),
  kpi({ code: 'DOCTORS', nameZh: '医师人数', nameEn: 'Doctors', formula: 'active doctors of the department', unit: 'people', direction: 'NEUTRAL', dimension: 'LEARNING_GROWTH', sources: ['HIS'], measures: [], target: null, watch: null, compute: (v) => v.reference('doctors') }),
  kpi({ code: 'NURSE_BED_RATIO', nameZh: '床护比', nameEn: 'Nurses per bed', formula: 'active nurses / beds', unit: 'ratio', direction: 'HIGHER_IS_BETTER', dimension: 'LEARNING_GROWTH', sources: ['HIS'], measures: [], target: 0.6, watch: 0.4, compute: (v) => ratio(v.reference('nurses'), v.reference('beds')) }),
  kpi({ code: 'LARGE_EQUIPMENT', nameZh: '大型医用设备台数', nameEn: 'Large medical equipment', formula: 'count(large equipment of the department)', unit: 'units', direction: 'NEUTRAL', dimension: 'LEARNING_GROWTH', sources: ['PACS'], measures: [], target: null, watch: null, compute: (v) => v.reference('largeEquipment') }),

  // 效率 efficiency
  kpi({ code: 'AVERAGE_LENGTH_OF_STAY', nameZh: '平均住院日', nameEn: 'Average length of stay', formula: 'bed-days of discharged patients / discharges (DRG settlements)', unit: 'days', direction: 'LOWER_IS_BETTER', dimension: 'INTERNAL_PROCESS', sources: ['FINANCE'], measures: ['bed_days', 'drg_cases'], target: 8, watch: 9, alert: { threshold: 12, minimumCases: 20, casesMeasure: 'drg_cases' }, cases: 'drg_cases', compute: (v) => ratio(v('bed_days'), v('drg_cases')) }),
  kpi({ code: 'PREOPERATIVE_LENGTH_OF_STAY', nameZh: '术前平均住院日', nameEn: 'Pre-operative length of stay', formula: 'sum(days from admission to operation) / operations', unit: 'days', direction: 'LOWER_IS_BETTER', dimension: 'INTERNAL_PROCESS', sources: ['HIS'], measures: ['preoperative_days', 'operations'], target: 2, watch: 3, cases: 'operations', compute: (v) => ratio(v('preoperative_days'), v('operations')) }),
  kpi({ code: 'BED_OCCUPANCY', nameZh: '病床使用率', nameEn: 'Bed occupancy rate', formula: 'bed-days of discharged patients / (beds × days in the period)', unit: 'ratio', direction: 'HIGHER_IS_BETTER', dimension: 'INTERNAL_PROCESS', sources: ['FINANCE', 'HIS'], measures: ['bed_days'], target: 0.85, watch: 0.7, compute: (v) => ratio(v('bed_days'), v.reference('beds') * v.days) }),
  kpi({ code: 'BED_TURNOVER', nameZh: '病床周转次数', nameEn: 'Bed turnover', formula: 'discharges / beds', unit: 'times', direction: 'HIGHER_IS_BETTER', dimension: 'INTERNAL_PROCESS', sources: ['HIS'], measures: ['discharges'], target: null, watch: null, compute: (v) => ratio(v('discharges'), v.reference('beds')) }),
  kpi({ code: 'DOCTOR_DAILY_INPATIENT_LOAD', nameZh: '医师日均担负住院床日', nameEn: 'Inpatient bed-days per doctor per day', formula: 'bed-days of discharged patients / doctors / days in the period', unit: 'bed-days', direction: 'NEUTRAL', dimension: 'INTERNAL_PROCESS', sources: ['FINANCE', 'HIS'], measures: ['bed_days'], target: null, watch: null, compute: (v) => ratio(v('bed_days'), v.reference('doctors') * v.days) }),

  // 国家三级公立医院绩效考核 national performance indicators
  kpi({ code: 'LEVEL4_SURGERY_SHARE', nameZh: '四级手术占比', nameEn: 'Share of level-4 operations', formula: 'level-4 operations / operations', unit: 'ratio', direction: 'HIGHER_IS_BETTER', dimension: 'INTERNAL_PROCESS', sources: ['HIS'], measures: ['level4_operations', 'operations'], target: 0.25, watch: 0.15, cases: 'operations', compute: (v) => ratio(v('level4_operations'), v('operations')) }),
  kpi({ code: 'MINIMALLY_INVASIVE_SHARE', nameZh: '微创手术占比', nameEn: 'Share of minimally invasive operations', formula: 'minimally invasive operations / operations', unit: 'ratio', direction: 'HIGHER_IS_BETTER', dimension: 'INTERNAL_PROCESS', sources: ['HIS'], measures: ['minimally_invasive_operations', 'operations'], target: 0.4, watch: 0.25, cases: 'operations', compute: (v) => ratio(v('minimally_invasive_operations'), v('operations')) }),
  kpi({ code: 'LOW_RISK_MORTALITY', nameZh: '低风险组病例死亡率', nameEn: 'Mortality in low-risk DRG groups', formula: 'deaths in low-risk DRG groups / cases in low-risk DRG groups', unit: 'ratio', direction: 'LOWER_IS_BETTER', dimension: 'PATIENT', sources: ['FINANCE'], measures: ['low_risk_deaths', 'low_risk_cases'], target: 0.001, watch: 0.003, cases: 'low_risk_cases', compute: (v) => ratio(v('low_risk_deaths'), v('low_risk_cases')) }),
  kpi({ code: 'MEDICAL_REVENUE', nameZh: '医疗收入', nameEn: 'Medical revenue', formula: 'sum(charges in the period)', unit: 'yuan', direction: 'HIGHER_IS_BETTER', dimension: 'FINANCIAL', sources: ['HIS'], measures: ['revenue'], target: null, watch: null, compute: (v) => v('revenue') }),
  kpi({ code: 'SERVICE_REVENUE_SHARE', nameZh: '医疗服务收入占比', nameEn: 'Medical service revenue share', formula: '(revenue − drugs − consumables − lab − exams and imaging) / revenue', unit: 'ratio', direction: 'HIGHER_IS_BETTER', dimension: 'FINANCIAL', sources: ['HIS'], measures: ['revenue', 'drug_revenue', 'consumable_revenue', 'lab_revenue', 'exam_revenue'], target: 0.35, watch: 0.25, compute: (v) => ratio(v('revenue') - v('drug_revenue') - v('consumable_revenue') - v('lab_revenue') - v('exam_revenue'), v('revenue')) }),
  kpi({ code: 'DRUG_SHARE', nameZh: '药占比', nameEn: 'Drug share of medical revenue', formula: 'drug revenue / revenue', unit: 'ratio', direction: 'LOWER_IS_BETTER', dimension: 'FINANCIAL', sources: ['HIS'], measures: ['drug_revenue', 'revenue'], target: 0.3, watch: 0.35, compute: (v) => ratio(v('drug_revenue'), v('revenue')) }),
  kpi({ code: 'CONSUMABLE_SHARE', nameZh: '耗占比', nameEn: 'Consumables share of medical revenue', formula: 'consumable revenue / revenue', unit: 'ratio', direction: 'LOWER_IS_BETTER', dimension: 'FINANCIAL', sources: ['HIS'], measures: ['consumable_revenue', 'revenue'], target: 0.2, watch: 0.25, compute: (v) => ratio(v('consumable_revenue'), v('revenue')) }),
  kpi({ code: 'OUTPATIENT_COST_PER_VISIT', nameZh: '门急诊次均费用', nameEn: 'Outpatient cost per visit', formula: 'outpatient and emergency revenue / (outpatient + emergency visits)', unit: 'yuan', direction: 'LOWER_IS_BETTER', dimension: 'FINANCIAL', sources: ['HIS'], measures: ['outpatient_revenue', 'outpatient_visits', 'emergency_visits'], target: null, watch: null, compute: (v) => ratio(v('outpatient_revenue'), v('outpatient_visits') + v('emergency_visits')) }),
  kpi({ code: 'INPATIENT_COST_PER_STAY', nameZh: '住院次均费用', nameEn: 'Inpatient cost per stay', formula: 'total cost of settled stays / discharges (DRG settlements)', unit: 'yuan', direction: 'LOWER_IS_BETTER', dimension: 'FINANCIAL', sources: ['FINANCE'], measures: ['inpatient_cost', 'drg_cases'], target: null, watch: null, cases: 'drg_cases', compute: (v) => ratio(v('inpatient_cost'), v('drg_cases')) }),
  kpi({ code: 'OUTPATIENT_COST_GROWTH', nameZh: '门急诊次均费用增幅', nameEn: 'Outpatient cost per visit, year-on-year growth', formula: 'outpatient cost per visit / the same a year before − 1', unit: 'ratio', direction: 'LOWER_IS_BETTER', dimension: 'FINANCIAL', sources: ['HIS'], measures: ['outpatient_revenue', 'outpatient_visits', 'emergency_visits'], target: 0.05, watch: 0.1, compute: (v) => growth(ratio(v('outpatient_revenue'), v('outpatient_visits') + v('emergency_visits')), v.lastYear('OUTPATIENT_COST_PER_VISIT')) }),
  kpi({ code: 'INPATIENT_COST_GROWTH', nameZh: '住院次均费用增幅', nameEn: 'Inpatient cost per stay, year-on-year growth', formula: 'inpatient cost per stay / the same a year before − 1', unit: 'ratio', direction: 'LOWER_IS_BETTER', dimension: 'FINANCIAL', sources: ['FINANCE'], measures: ['inpatient_cost', 'drg_cases'], target: 0.05, watch: 0.1, compute: (v) => growth(ratio(v('inpatient_cost'), v('drg_cases')), v.lastYear('INPATIENT_COST_PER_STAY')) }),
  kpi({ code: 'PERSONNEL_COST_SHARE', nameZh: '人员经费占比', nameEn: 'Personnel cost share of expenses', formula: 'personnel cost / total cost (cost accounting)', unit: 'ratio', direction: 'HIGHER_IS_BETTER', dimension: 'LEARNING_GROWTH', sources: ['FINANCE'], measures: ['personnel_expense', 'total_expense'], target: 0.35, watch: 0.3, compute: (v) => ratio(v('personnel_expense'), v('total_expense')) }),

  // DRG/DIP
  kpi({ code: 'CMI', nameZh: '病例组合指数', nameEn: 'Case mix index (CMI)', formula: 'sum(DRG weight of cases) / cases', unit: 'index', direction: 'HIGHER_IS_BETTER', dimension: 'INTERNAL_PROCESS', sources: ['FINANCE'], measures: ['weight_sum', 'drg_cases'], target: 1, watch: 0.85, cases: 'drg_cases', compute: (v) => ratio(v('weight_sum'), v('drg_cases')) }),
  kpi({ code: 'COST_CONSUMPTION_INDEX', nameZh: '费用消耗指数', nameEn: 'Cost consumption index', formula: 'mean over cases of (case cost / group reference average cost)', unit: 'index', direction: 'LOWER_IS_BETTER', dimension: 'FINANCIAL', sources: ['FINANCE'], measures: ['cost_index_sum', 'drg_cases'], target: 1, watch: 1.1, cases: 'drg_cases', compute: (v) => ratio(v('cost_index_sum'), v('drg_cases')) }),
  kpi({ code: 'TIME_CONSUMPTION_INDEX', nameZh: '时间消耗指数', nameEn: 'Time consumption index', formula: 'mean over cases of (length of stay / group reference average stay)', unit: 'index', direction: 'LOWER_IS_BETTER', dimension: 'INTERNAL_PROCESS', sources: ['FINANCE'], measures: ['time_index_sum', 'drg_cases'], target: 1, watch: 1.1, cases: 'drg_cases', compute: (v) => ratio(v('time_index_sum'), v('drg_cases')) }),
  kpi({ code: 'HIGH_RATIO_CASE_SHARE', nameZh: '高倍率病例占比', nameEn: 'Share of high-ratio cases', formula: 'cases costing ≥ 2 × the group reference average / cases', unit: 'ratio', direction: 'LOWER_IS_BETTER', dimension: 'FINANCIAL', sources: ['FINANCE'], measures: ['high_ratio_cases', 'drg_cases'], target: 0.03, watch: 0.05, cases: 'drg_cases', compute: (v) => ratio(v('high_ratio_cases'), v('drg_cases')) }),
  kpi({ code: 'LOW_RATIO_CASE_SHARE', nameZh: '低倍率病例占比', nameEn: 'Share of low-ratio cases', formula: 'cases costing ≤ 0.4 × the group reference average / cases', unit: 'ratio', direction: 'LOWER_IS_BETTER', dimension: 'FINANCIAL', sources: ['FINANCE'], measures: ['low_ratio_cases', 'drg_cases'], target: 0.03, watch: 0.05, cases: 'drg_cases', compute: (v) => ratio(v('low_ratio_cases'), v('drg_cases')) }),
  kpi({ code: 'COST_TO_PAYMENT_STANDARD', nameZh: '费用与支付标准比', nameEn: 'Cost against payment standard', formula: 'sum(case cost) / sum(payment standard)', unit: 'ratio', direction: 'LOWER_IS_BETTER', dimension: 'FINANCIAL', sources: ['FINANCE'], measures: ['inpatient_cost', 'payment_standard'], target: 1, watch: 1.05, alert: { threshold: 1.3, minimumCases: 20, casesMeasure: 'drg_cases' }, cases: 'drg_cases', compute: (v) => ratio(v('inpatient_cost'), v('payment_standard')) }),
  kpi({ code: 'DRG_SURPLUS', nameZh: 'DRG结余', nameEn: 'DRG surplus (payment standard − cost)', formula: 'sum(payment standard) − sum(case cost)', unit: 'yuan', direction: 'HIGHER_IS_BETTER', dimension: 'FINANCIAL', sources: ['FINANCE'], measures: ['payment_standard', 'inpatient_cost'], target: 0, watch: 0, compute: (v) => v('payment_standard') - v('inpatient_cost') }),

  // LIS / PACS process
  kpi({ code: 'LAB_TAT_MEDIAN', nameZh: '检验周转时间中位数', nameEn: 'Lab turnaround, median', formula: 'median(whole minutes from order to report) of reported orders', unit: 'minutes', direction: 'LOWER_IS_BETTER', dimension: 'INTERNAL_PROCESS', sources: ['LIS'], measures: ['reported_lab_orders'], target: 120, watch: 180, compute: (v) => v.percentile('reported_lab_orders', 0.5) }),
  kpi({ code: 'LAB_TAT_P90', nameZh: '检验周转时间90百分位', nameEn: 'Lab turnaround, 90th percentile', formula: '90th percentile (nearest rank) of whole minutes from order to report', unit: 'minutes', direction: 'LOWER_IS_BETTER', dimension: 'INTERNAL_PROCESS', sources: ['LIS'], measures: ['reported_lab_orders'], target: 240, watch: 360, compute: (v) => v.percentile('reported_lab_orders', 0.9) }),
  kpi({ code: 'CRITICAL_VALUE_NOTIFICATION_RATE', nameZh: '危急值15分钟内通报率', nameEn: 'Critical values notified within 15 minutes', formula: 'critical values notified ≤ 15 minutes after the report / critical values', unit: 'ratio', direction: 'HIGHER_IS_BETTER', dimension: 'PATIENT', sources: ['LIS'], measures: ['critical_values_in_time', 'critical_values'], target: 0.95, watch: 0.85, alert: { threshold: 0.7, minimumCases: 20, casesMeasure: 'critical_values' }, compute: (v) => ratio(v('critical_values_in_time'), v('critical_values')) }),
  kpi({ code: 'IMAGING_WAIT', nameZh: '影像检查等待时间', nameEn: 'Imaging wait (scheduled → performed)', formula: 'sum(minutes from scheduled to performed) / performed studies', unit: 'minutes', direction: 'LOWER_IS_BETTER', dimension: 'PATIENT', sources: ['PACS'], measures: ['wait_minutes', 'performed_studies'], target: 30, watch: 60, compute: (v) => ratio(v('wait_minutes'), v('performed_studies')) }),
  kpi({ code: 'IMAGING_REPORT_TURNAROUND', nameZh: '影像报告时间', nameEn: 'Imaging report turnaround (performed → reported)', formula: 'sum(minutes from performed to reported) / reported studies', unit: 'minutes', direction: 'LOWER_IS_BETTER', dimension: 'INTERNAL_PROCESS', sources: ['PACS'], measures: ['report_minutes', 'reported_studies'], target: 240, watch: 480, compute: (v) => ratio(v('report_minutes'), v('reported_studies')) }),
  kpi({ code: 'LARGE_EQUIPMENT_POSITIVE_RATE', nameZh: '大型设备检查阳性率', nameEn: 'Large equipment positive rate', formula: 'positive reported studies on large equipment / reported studies on large equipment', unit: 'ratio', direction: 'HIGHER_IS_BETTER', dimension: 'INTERNAL_PROCESS', sources: ['PACS'], measures: ['large_equipment_positive', 'large_equipment_reported'], target: 0.5, watch: 0.4, compute: (v) => ratio(v('large_equipment_positive'), v('large_equipment_reported')) }),
  kpi({ code: 'LARGE_EQUIPMENT_UTILIZATION', nameZh: '大型设备利用率', nameEn: 'Large equipment utilization', formula: 'studies performed on large equipment / (slots per hour × 12 opening hours × days)', unit: 'ratio', direction: 'HIGHER_IS_BETTER', dimension: 'INTERNAL_PROCESS', sources: ['PACS'], measures: ['large_equipment_studies'], target: 0.6, watch: 0.4, compute: (v) => ratio(v('large_equipment_studies'), v.reference('largeEquipmentSlotsPerDay') * v.days) }),

  // 质量 quality
  kpi({ code: 'UNPLANNED_READMISSION_RATE', nameZh: '31天非计划再住院率', nameEn: 'Unplanned readmission rate (31 days)', formula: 'discharged stays flagged as unplanned readmissions / discharges', unit: 'ratio', direction: 'LOWER_IS_BETTER', dimension: 'PATIENT', sources: ['HIS'], measures: ['readmissions', 'discharges'], target: 0.02, watch: 0.04, alert: { threshold: 0.1, minimumCases: 50, casesMeasure: 'discharges' }, cases: 'discharges', compute: (v) => ratio(v('readmissions'), v('discharges')) }),
  kpi({ code: 'SURGICAL_COMPLICATION_RATE', nameZh: '手术并发症发生率', nameEn: 'Surgical complication rate', formula: 'operations with a coded complication / operations', unit: 'ratio', direction: 'LOWER_IS_BETTER', dimension: 'PATIENT', sources: ['HIS'], measures: ['complicated_operations', 'operations'], target: 0.03, watch: 0.05, cases: 'operations', compute: (v) => ratio(v('complicated_operations'), v('operations')) }),
];

export const KPI_BY_CODE: ReadonlyMap<string, KpiDefinition> = new Map(KPI_CATALOG.map((k) => [k.code, k]));

export interface TargetOverride {
  target?: number | null;
  watch?: number | null;
  alert?: number;
  alertMinimumCases?: number;
}

/**
 * Applies a site's targets and thresholds (configuration `operations.targets`) to the catalog,
 * once at start. Returns the codes that are not indicators, for the configuration error.
 */
export function applyTargetOverrides(overrides: Record<string, TargetOverride>): string[] {
  const unknown: string[] = [];
  for (const [code, override] of Object.entries(overrides)) {
    const kpi = KPI_BY_CODE.get(code) as KpiDefinition | undefined;
    if (!kpi) {
      unknown.push(code);
      continue;
    }
    if (override.target !== undefined) kpi.target = override.target;
    if (override.watch !== undefined) kpi.watch = override.watch;
    if (override.alert !== undefined) {
      const casesMeasure = kpi.alert?.casesMeasure ?? kpi.cases;
      // without a measure of cases there is no sample to require
      kpi.alert = { threshold: override.alert, minimumCases: casesMeasure ? (override.alertMinimumCases ?? kpi.alert?.minimumCases ?? 20) : 0, ...(casesMeasure ? { casesMeasure } : {}) };
    }
  }
  return unknown;
}
