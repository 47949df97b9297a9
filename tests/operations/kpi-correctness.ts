import { sql, type Expression, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Viewer } from '../../src/auth/viewer';
import { DEMO_DEPARTMENTS } from '../../src/demo/hospital-departments';
import type { SystemName } from '../../src/demo/vendor-schemas';
import { KPI_CATALOG } from '../../src/operations/kpi-catalog';
import type { Sources } from '../../src/sources';
import { namespaceOf, openEngineSources, QueryRunner } from '../support/engine-sources';

/**
 * KPI correctness: every indicator of the catalog, as the gateway's `kpis` query answers it, against
 * an oracle that reads the vendor tables of the demo directly — its own aggregate SQL per system,
 * with vendor codes (KSDM, req_dept, RequestingService, cc_code, FYLB, JZLX, ...) rather than the
 * mapping files — and applies the documented formula in TypeScript. Same scenarios on every engine.
 */

export type OracleEngine = 'embedded' | 'mysql' | 'postgres';

/** a department (canonical code) or the hospital (null), over the days [from, until) */
export interface Scope {
  department: string | null;
  from: string;
  until: string;
}

/** base facts read from the vendor tables for one scope */
export interface VendorFacts {
  registrations(s: Scope): Promise<{ outpatient: number; emergency: number }>;
  admissions(s: Scope): Promise<number>;
  discharges(s: Scope): Promise<{ discharges: number; readmissions: number }>;
  operations(s: Scope): Promise<{ operations: number; level4: number; minimallyInvasive: number; complicated: number; preoperativeDays: number }>;
  charges(s: Scope): Promise<{ revenue: number; drug: number; consumable: number; lab: number; exam: number }>;
  outpatientRevenue(s: Scope): Promise<number>;
  settlements(s: Scope): Promise<{ cases: number; weight: number; bedDays: number; cost: number; standard: number; costIndex: number; timeIndex: number; high: number; low: number; lowRiskCases: number; lowRiskDeaths: number }>;
  costs(s: Scope): Promise<{ total: number; personnel: number }>;
  labMinutes(s: Scope): Promise<number[]>;
  criticalValues(s: Scope): Promise<{ all: number; inTime: number }>;
  studies(s: Scope): Promise<{ performed: number; waitMinutes: number; reported: number; reportMinutes: number }>;
  largeEquipmentStudies(s: Scope): Promise<{ performed: number; reported: number; positive: number }>;
  /** reference data, now: beds, active staff, large equipment */
  reference(department: string | null): Promise<{ beds: number; staff: number; doctors: number; nurses: number; largeEquipment: number; slotsPerDay: number }>;
}

type Oracle = (v: VendorFacts, s: Scope) => Promise<number | null>;

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
const growth = (now: number | null, before: number | null): number | null => (now === null || before === null || before === 0 ? null : now / before - 1);
const daysIn = (s: Scope) => Math.round((Date.parse(`${s.until}T00:00:00Z`) - Date.parse(`${s.from}T00:00:00Z`)) / 86_400_000);
const shiftYear = (date: string) => `${Number(date.slice(0, 4)) - 1}${date.slice(4)}`;
const yearBefore = (s: Scope): Scope => ({ ...s, from: shiftYear(s.from), until: shiftYear(s.until) });
const OPENING_HOURS = 12;

/** nearest rank: the value at rank ceil(q × n) of the sorted values */
function nearestRank(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

const outpatientCostPerVisit: Oracle = async (v, s) => {
  const [revenue, visits] = await Promise.all([v.outpatientRevenue(s), v.registrations(s)]);
  return ratio(revenue, visits.outpatient + visits.emergency);
};
const inpatientCostPerStay: Oracle = async (v, s) => {
  const drg = await v.settlements(s);
  return ratio(drg.cost, drg.cases);
};

/** one oracle per indicator of the catalog: its documented formula over the vendor facts */
export const ORACLES: Record<string, Oracle> = {
  // MZ_GHJL, not voided (ZFBZ '0'), by registration time GHSJ: JZLX 1 outpatient, 2 emergency
  OUTPATIENT_VISITS: async (v, s) => (await v.registrations(s)).outpatient,
  EMERGENCY_VISITS: async (v, s) => (await v.registrations(s)).emergency,
  // ZY_BRRY, not voided, by admission time RYSJ
  ADMISSIONS: (v, s) => v.admissions(s),
  // ZY_BRRY, not voided, by discharge time CYSJ
  DISCHARGES: async (v, s) => (await v.discharges(s)).discharges,
  // SS_SSJL by SSRQ, in the department of its (not voided) stay
  SURGERIES: async (v, s) => (await v.operations(s)).operations,
  // DRG settlements by discharge_date: sum(los)
  BED_DAYS: async (v, s) => (await v.settlements(s)).bedDays,
  // reference data is read as it is now, whatever the period: GY_KSDM (ZFBZ '0') SYCWS
  BEDS: async (v, s) => (await v.reference(s.department)).beds,
  // GY_ZGXX, ZFBZ '0' (active); ZGLB 1 doctor, 2 nurse
  STAFF: async (v, s) => (await v.reference(s.department)).staff,
  DOCTORS: async (v, s) => (await v.reference(s.department)).doctors,
  NURSE_BED_RATIO: async (v, s) => {
    const r = await v.reference(s.department);
    return ratio(r.nurses, r.beds);
  },
  // Device with LargeEquipment 'Y' of the department (InstitutionalDepartmentName)
  LARGE_EQUIPMENT: async (v, s) => (await v.reference(s.department)).largeEquipment,

  AVERAGE_LENGTH_OF_STAY: async (v, s) => {
    const drg = await v.settlements(s);
    return ratio(drg.bedDays, drg.cases);
  },
  // days from admission to operation: calendar days between the dates of RYSJ and SSRQ
  PREOPERATIVE_LENGTH_OF_STAY: async (v, s) => {
    const ops = await v.operations(s);
    return ratio(ops.preoperativeDays, ops.operations);
  },
  BED_OCCUPANCY: async (v, s) => {
    const [drg, r] = await Promise.all([v.settlements(s), v.reference(s.department)]);
    return ratio(drg.bedDays, r.beds * daysIn(s));
  },
  BED_TURNOVER: async (v, s) => {
    const [stays, r] = await Promise.all([v.discharges(s), v.reference(s.department)]);
    return ratio(stays.discharges, r.beds);
  },
  DOCTOR_DAILY_INPATIENT_LOAD: async (v, s) => {
    const [drg, r] = await Promise.all([v.settlements(s), v.reference(s.department)]);
    return ratio(drg.bedDays, r.doctors * daysIn(s));
  },

  // SSJB 4
  LEVEL4_SURGERY_SHARE: async (v, s) => {
    const ops = await v.operations(s);
    return ratio(ops.level4, ops.operations);
  },
  // WCBZ '1'
  MINIMALLY_INVASIVE_SHARE: async (v, s) => {
    const ops = await v.operations(s);
    return ratio(ops.minimallyInvasive, ops.operations);
  },
  // settlements of groups with low_risk '1'; deaths: discharge_mode '5'
  LOW_RISK_MORTALITY: async (v, s) => {
    const drg = await v.settlements(s);
    return ratio(drg.lowRiskDeaths, drg.lowRiskCases);
  },
  // FY_FYMX by FYRQ, in the ordering department KSDM
  MEDICAL_REVENUE: async (v, s) => (await v.charges(s)).revenue,
  // FYLB 01-03 drugs, 04 consumables, 05 lab, 06 examinations and 07 imaging
  SERVICE_REVENUE_SHARE: async (v, s) => {
    const c = await v.charges(s);
    return ratio(c.revenue - c.drug - c.consumable - c.lab - c.exam, c.revenue);
  },
  DRUG_SHARE: async (v, s) => {
    const c = await v.charges(s);
    return ratio(c.drug, c.revenue);
  },
  CONSUMABLE_SHARE: async (v, s) => {
    const c = await v.charges(s);
    return ratio(c.consumable, c.revenue);
  },
  // charges (by FYRQ) of outpatient and emergency registrations that are not voided
  OUTPATIENT_COST_PER_VISIT: outpatientCostPerVisit,
  INPATIENT_COST_PER_STAY: inpatientCostPerStay,
  OUTPATIENT_COST_GROWTH: async (v, s) => growth(await outpatientCostPerVisit(v, s), await outpatientCostPerVisit(v, yearBefore(s))),
  INPATIENT_COST_GROWTH: async (v, s) => growth(await inpatientCostPerStay(v, s), await inpatientCostPerStay(v, yearBefore(s))),
  // fa_dept_cost by cost_month (YYYYMM): cost_item 5001 over all items
  PERSONNEL_COST_SHARE: async (v, s) => {
    const c = await v.costs(s);
    return ratio(c.personnel, c.total);
  },

  // the case's own drg_weight as the settlement records it
  CMI: async (v, s) => {
    const drg = await v.settlements(s);
    return ratio(drg.weight, drg.cases);
  },
  // reference values of ins_drg_group (ref_avg_cost, ref_avg_los)
  COST_CONSUMPTION_INDEX: async (v, s) => {
    const drg = await v.settlements(s);
    return ratio(drg.costIndex, drg.cases);
  },
  TIME_CONSUMPTION_INDEX: async (v, s) => {
    const drg = await v.settlements(s);
    return ratio(drg.timeIndex, drg.cases);
  },
  HIGH_RATIO_CASE_SHARE: async (v, s) => {
    const drg = await v.settlements(s);
    return ratio(drg.high, drg.cases);
  },
  LOW_RATIO_CASE_SHARE: async (v, s) => {
    const drg = await v.settlements(s);
    return ratio(drg.low, drg.cases);
  },
  COST_TO_PAYMENT_STANDARD: async (v, s) => {
    const drg = await v.settlements(s);
    return ratio(drg.cost, drg.standard);
  },
  DRG_SURPLUS: async (v, s) => {
    const drg = await v.settlements(s);
    return drg.standard - drg.cost;
  },

  // lab_request with report_time, by req_time: whole minutes req_time → report_time, rounded down
  LAB_TAT_MEDIAN: async (v, s) => nearestRank(await v.labMinutes(s), 0.5),
  LAB_TAT_P90: async (v, s) => nearestRank(await v.labMinutes(s), 0.9),
  // lab_result crit_flag 1, period and department of its request; "in time" read literally: notified
  // at most 15:00 after report_time (a notification 15 min 30 s later is late)
  CRITICAL_VALUE_NOTIFICATION_RATE: async (v, s) => {
    const c = await v.criticalValues(s);
    return ratio(c.inTime, c.all);
  },
  // Study by ScheduledDateTime, department RequestingService; minutes are whole minutes per study
  // (rounded down), as the base measures define a duration in minutes
  IMAGING_WAIT: async (v, s) => {
    const st = await v.studies(s);
    return ratio(st.waitMinutes, st.performed);
  },
  IMAGING_REPORT_TURNAROUND: async (v, s) => {
    const st = await v.studies(s);
    return ratio(st.reportMinutes, st.reported);
  },
  // studies performed (by StudyDateTime) on large equipment, in the department owning the device
  LARGE_EQUIPMENT_POSITIVE_RATE: async (v, s) => {
    const st = await v.largeEquipmentStudies(s);
    return ratio(st.positive, st.reported);
  },
  LARGE_EQUIPMENT_UTILIZATION: async (v, s) => {
    const [st, r] = await Promise.all([v.largeEquipmentStudies(s), v.reference(s.department)]);
    return ratio(st.performed, r.slotsPerDay * daysIn(s));
  },

  // FJHZY '1' among the discharges
  UNPLANNED_READMISSION_RATE: async (v, s) => {
    const stays = await v.discharges(s);
    return ratio(stays.readmissions, stays.discharges);
  },
  // BFZBZ '1'
  SURGICAL_COMPLICATION_RATE: async (v, s) => {
    const ops = await v.operations(s);
    return ratio(ops.complicated, ops.operations);
  },
};

// --- the vendor facts, in SQL ------------------------------------------------------------------

type Raw = <R = Record<string, unknown>>(system: SystemName, build: (db: Kysely<any>) => { compile(): any }) => Promise<R[]>;
type Query = SelectQueryBuilder<any, any, any>;

const number = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const CODE_OF: Record<SystemName, 'hisCode' | 'lisCode' | 'pacsCode' | 'costCenter'> = { his: 'hisCode', lis: 'lisCode', pacs: 'pacsCode', finance: 'costCenter' };
const vendorCode = (system: SystemName, department: string) => DEMO_DEPARTMENTS.find((d) => d.code === department)![CODE_OF[system]];

const countIf = (condition: Expression<SqlBool> | RawBuilder<unknown>) => sql<string>`sum(case when ${condition} then 1 else 0 end)`;
const sumIf = (column: string, condition: Expression<SqlBool> | RawBuilder<unknown>) => sql<string>`sum(case when ${condition} then ${sql.ref(column)} else 0 end)`;

/** rows of one department (its code in that system), or every row for the hospital */
const ofDepartment = (query: Query, system: SystemName, column: string, department: string | null): Query =>
  department === null ? query : query.where(column, '=', vendorCode(system, department));

/** rows whose date-time (or date) falls in the scope's days */
const during = (query: Query, column: string, s: Scope, kind: 'datetime' | 'date' = 'datetime'): Query =>
  kind === 'date' ? query.where(column, '>=', s.from).where(column, '<', s.until) : query.where(column, '>=', `${s.from} 00:00:00`).where(column, '<', `${s.until} 00:00:00`);

export function vendorFacts(engine: OracleEngine, raw: Raw): VendorFacts {
  const mysql = engine === 'mysql';
  const seconds = (from: string, to: string) =>
    mysql ? sql<number>`timestampdiff(second, ${sql.ref(from)}, ${sql.ref(to)})` : sql<number>`extract(epoch from (${sql.ref(to)} - ${sql.ref(from)}))`;
  /** whole minutes, rounded down */
  const minutes = (from: string, to: string) => sql<number>`floor(${seconds(from, to)} / 60)`;
  /** calendar days between the dates of two date-times */
  const calendarDays = (from: string, to: string) =>
    mysql ? sql<number>`(to_days(${sql.ref(to)}) - to_days(${sql.ref(from)}))` : sql<number>`(cast(${sql.ref(to)} as date) - cast(${sql.ref(from)} as date))`;

  const cache = new Map<string, Promise<unknown>>();
  const once = <T>(name: string, key: Scope | string | null, load: () => Promise<T>): Promise<T> => {
    const id = `${name}|${JSON.stringify(key)}`;
    if (!cache.has(id)) cache.set(id, load());
    return cache.get(id) as Promise<T>;
  };
  const one = async (system: SystemName, build: (db: Kysely<any>) => Query) => (await raw(system, build))[0] ?? {};

  return {
    registrations: (s) =>
      once('registrations', s, async () => {
        const row = await one('his', (db) =>
          ofDepartment(during(db.selectFrom('MZ_GHJL').where('ZFBZ', '=', '0'), 'GHSJ', s), 'his', 'KSDM', s.department).select((eb) => [
            countIf(eb('JZLX', '=', '1')).as('outpatient'),
            countIf(eb('JZLX', '=', '2')).as('emergency'),
          ]),
        );
        return { outpatient: number(row.outpatient), emergency: number(row.emergency) };
      }),

    admissions: (s) =>
      once('admissions', s, async () => {
        const row = await one('his', (db) => ofDepartment(during(db.selectFrom('ZY_BRRY').where('ZFBZ', '=', '0'), 'RYSJ', s), 'his', 'KSDM', s.department).select((eb) => eb.fn.countAll().as('n')));
        return number(row.n);
      }),

    discharges: (s) =>
      once('discharges', s, async () => {
        const row = await one('his', (db) =>
          ofDepartment(during(db.selectFrom('ZY_BRRY').where('ZFBZ', '=', '0'), 'CYSJ', s), 'his', 'KSDM', s.department).select((eb) => [
            eb.fn.countAll().as('n'),
            countIf(eb('FJHZY', '=', '1')).as('readmissions'),
          ]),
        );
        return { discharges: number(row.n), readmissions: number(row.readmissions) };
      }),

    operations: (s) =>
      once('operations', s, async () => {
        const row = await one('his', (db) =>
          ofDepartment(during(db.selectFrom('SS_SSJL as o').innerJoin('ZY_BRRY as z', 'z.ZYH', 'o.JZH').where('z.ZFBZ', '=', '0'), 'o.SSRQ', s), 'his', 'z.KSDM', s.department).select((eb) => [
            eb.fn.countAll().as('n'),
            countIf(eb('o.SSJB', '=', 4)).as('level4'),
            countIf(eb('o.WCBZ', '=', '1')).as('minimally_invasive'),
            countIf(eb('o.BFZBZ', '=', '1')).as('complicated'),
            sql<string>`sum(${calendarDays('z.RYSJ', 'o.SSRQ')})`.as('preoperative_days'),
          ]),
        );
        return { operations: number(row.n), level4: number(row.level4), minimallyInvasive: number(row.minimally_invasive), complicated: number(row.complicated), preoperativeDays: number(row.preoperative_days) };
      }),

    charges: (s) =>
      once('charges', s, async () => {
        const row = await one('his', (db) =>
          ofDepartment(during(db.selectFrom('FY_FYMX'), 'FYRQ', s), 'his', 'KSDM', s.department).select((eb) => [
            eb.fn.sum('JE').as('revenue'),
            sumIf('JE', eb('FYLB', 'in', ['01', '02', '03'])).as('drug'),
            sumIf('JE', eb('FYLB', '=', '04')).as('consumable'),
            sumIf('JE', eb('FYLB', '=', '05')).as('lab'),
            sumIf('JE', eb('FYLB', 'in', ['06', '07'])).as('exam'),
          ]),
        );
        return { revenue: number(row.revenue), drug: number(row.drug), consumable: number(row.consumable), lab: number(row.lab), exam: number(row.exam) };
      }),

    outpatientRevenue: (s) =>
      once('outpatientRevenue', s, async () => {
        const row = await one('his', (db) =>
          ofDepartment(during(db.selectFrom('FY_FYMX as f'), 'f.FYRQ', s), 'his', 'f.KSDM', s.department)
            .where(({ exists, selectFrom }) => exists(selectFrom('MZ_GHJL as g').select('g.GHXH').whereRef('g.GHXH', '=', 'f.JZH').where('g.ZFBZ', '=', '0')))
            .select((eb) => eb.fn.sum('f.JE').as('revenue')),
        );
        return number(row.revenue);
      }),

    // per DRG group, so that the per-case indices (cost / group reference) add up exactly in TypeScript
    settlements: (s) =>
      once('settlements', s, async () => {
        const rows = await raw('finance', (db) =>
          ofDepartment(during(db.selectFrom('ins_drg_settle as s').leftJoin('ins_drg_group as g', 'g.drg_code', 's.drg_code'), 's.discharge_date', s, 'date'), 'finance', 's.cc_code', s.department)
            .select((eb) => [
              'g.ref_avg_cost',
              'g.ref_avg_los',
              eb.fn.countAll().as('cases'),
              eb.fn.sum('s.drg_weight').as('weight'),
              eb.fn.sum('s.los').as('los'),
              eb.fn.sum('s.total_cost').as('cost'),
              eb.fn.sum('s.pay_standard').as('standard'),
              countIf(sql`${sql.ref('s.total_cost')} >= 2 * ${sql.ref('g.ref_avg_cost')}`).as('high'),
              countIf(sql`${sql.ref('s.total_cost')} <= 0.4 * ${sql.ref('g.ref_avg_cost')}`).as('low'),
              countIf(eb('g.low_risk', '=', '1')).as('low_risk_cases'),
              countIf(eb.and([eb('g.low_risk', '=', '1'), eb('s.discharge_mode', '=', '5')])).as('low_risk_deaths'),
            ])
            .groupBy(['s.drg_code', 'g.ref_avg_cost', 'g.ref_avg_los']),
        );
        const total = { cases: 0, weight: 0, bedDays: 0, cost: 0, standard: 0, costIndex: 0, timeIndex: 0, high: 0, low: 0, lowRiskCases: 0, lowRiskDeaths: 0 };
        for (const row of rows) {
          total.cases += number(row.cases);
          total.weight += number(row.weight);
          total.bedDays += number(row.los);
          total.cost += number(row.cost);
          total.standard += number(row.standard);
          total.costIndex += number(row.ref_avg_cost) ? number(row.cost) / number(row.ref_avg_cost) : 0;
          total.timeIndex += number(row.ref_avg_los) ? number(row.los) / number(row.ref_avg_los) : 0;
          total.high += number(row.high);
          total.low += number(row.low);
          total.lowRiskCases += number(row.low_risk_cases);
          total.lowRiskDeaths += number(row.low_risk_deaths);
        }
        return total;
      }),

    costs: (s) =>
      once('costs', s, async () => {
        const month = (date: string) => date.slice(0, 7).replace('-', '');
        const row = await one('finance', (db) =>
          ofDepartment(db.selectFrom('fa_dept_cost').where('cost_month', '>=', month(s.from)).where('cost_month', '<', month(s.until)), 'finance', 'cc_code', s.department).select((eb) => [
            eb.fn.sum('amount').as('total'),
            sumIf('amount', eb('cost_item', '=', '5001')).as('personnel'),
          ]),
        );
        return { total: number(row.total), personnel: number(row.personnel) };
      }),

    labMinutes: (s) =>
      once('labMinutes', s, async () => {
        const rows = await raw('lis', (db) =>
          ofDepartment(during(db.selectFrom('lab_request').where('report_time', 'is not', null), 'req_time', s), 'lis', 'req_dept', s.department).select(minutes('req_time', 'report_time').as('minutes')),
        );
        return rows.map((row) => number(row.minutes));
      }),

    criticalValues: (s) =>
      once('criticalValues', s, async () => {
        const row = await one('lis', (db) =>
          ofDepartment(during(db.selectFrom('lab_result as r').innerJoin('lab_request as q', 'q.req_id', 'r.req_id').where('r.crit_flag', '=', 1), 'q.req_time', s), 'lis', 'q.req_dept', s.department).select((eb) => [
            eb.fn.countAll().as('n'),
            countIf(sql`${sql.ref('r.crit_notify_time')} is not null and ${seconds('q.report_time', 'r.crit_notify_time')} <= ${15 * 60}`).as('in_time'),
          ]),
        );
        return { all: number(row.n), inTime: number(row.in_time) };
      }),

    studies: (s) =>
      once('studies', s, async () => {
        const row = await one('pacs', (db) =>
          ofDepartment(during(db.selectFrom('Study'), 'ScheduledDateTime', s), 'pacs', 'RequestingService', s.department).select((eb) => [
            countIf(eb('StudyDateTime', 'is not', null)).as('performed'),
            sql<string>`sum(case when ${sql.ref('StudyDateTime')} is not null then ${minutes('ScheduledDateTime', 'StudyDateTime')} else 0 end)`.as('wait'),
            countIf(eb('ReportDateTime', 'is not', null)).as('reported'),
            sql<string>`sum(case when ${sql.ref('ReportDateTime')} is not null then ${minutes('StudyDateTime', 'ReportDateTime')} else 0 end)`.as('reading'),
          ]),
        );
        return { performed: number(row.performed), waitMinutes: number(row.wait), reported: number(row.reported), reportMinutes: number(row.reading) };
      }),

    largeEquipmentStudies: (s) =>
      once('largeEquipmentStudies', s, async () => {
        const row = await one('pacs', (db) =>
          ofDepartment(
            during(db.selectFrom('Study as st').innerJoin('Device as d', 'd.AETitle', 'st.StationAETitle').where('d.LargeEquipment', '=', 'Y'), 'st.StudyDateTime', s),
            'pacs',
            'd.InstitutionalDepartmentName',
            s.department,
          ).select((eb) => [
            eb.fn.countAll().as('n'),
            countIf(eb('st.ReportDateTime', 'is not', null)).as('reported'),
            countIf(eb.and([eb('st.ReportDateTime', 'is not', null), eb('st.PositiveFinding', '=', 'Y')])).as('positive'),
          ]),
        );
        return { performed: number(row.n), reported: number(row.reported), positive: number(row.positive) };
      }),

    reference: (department) =>
      once('reference', department, async () => {
        const [beds, staff, devices] = await Promise.all([
          one('his', (db) => ofDepartment(db.selectFrom('GY_KSDM').where('ZFBZ', '=', '0'), 'his', 'KSDM', department).select((eb) => eb.fn.sum('SYCWS').as('beds'))),
          one('his', (db) =>
            ofDepartment(db.selectFrom('GY_ZGXX').where('ZFBZ', '=', '0'), 'his', 'KSDM', department).select((eb) => [
              eb.fn.countAll().as('n'),
              countIf(eb('ZGLB', '=', '1')).as('doctors'),
              countIf(eb('ZGLB', '=', '2')).as('nurses'),
            ]),
          ),
          one('pacs', (db) =>
            ofDepartment(db.selectFrom('Device').where('LargeEquipment', '=', 'Y'), 'pacs', 'InstitutionalDepartmentName', department).select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum('SlotsPerHour').as('slots')]),
          ),
        ]);
        return {
          beds: number(beds.beds),
          staff: number(staff.n),
          doctors: number(staff.doctors),
          nurses: number(staff.nurses),
          largeEquipment: number(devices.n),
          slotsPerDay: number(devices.slots) * OPENING_HOURS,
        };
      }),
  };
}

// --- the scenarios -----------------------------------------------------------------------------

/** hospital-wide, no small-cell suppression, reads clinical and financial data */
const FINANCE: Viewer = { id: 'fin', name: 'Finance', roles: ['finance'], departments: [] };

const KPIS = 'query($p: PeriodInput!, $d: [ID!]) { kpis(period: $p, departments: $d) { code value previousValue lastYearValue department { code } } }';

type Field = 'value' | 'previousValue' | 'lastYearValue';
const FIELDS: readonly Field[] = ['value', 'previousValue', 'lastYearValue'];

interface KpiRow {
  code: string;
  value: number | null;
  previousValue: number | null;
  lastYearValue: number | null;
  department: { code: string } | null;
}

interface Case {
  name: string;
  period: Record<string, string | number>;
  department: string | null;
  /** the days of the period, the one before and the same a year before, [from, until) */
  windows: Record<Field, [string, string]>;
  /** indicators whose expected value is neither 0 nor null, so that the comparisons are not vacuous */
  nonZero: string[];
}

const CASES: Case[] = [
  {
    name: 'the hospital, 2026-Q1',
    period: { quarter: '2026-Q1' },
    department: null,
    windows: { value: ['2026-01-01', '2026-04-01'], previousValue: ['2025-10-01', '2026-01-01'], lastYearValue: ['2025-01-01', '2025-04-01'] },
    nonZero: ['OUTPATIENT_VISITS', 'EMERGENCY_VISITS', 'DISCHARGES', 'SURGERIES', 'MEDICAL_REVENUE', 'LARGE_EQUIPMENT_UTILIZATION', 'CRITICAL_VALUE_NOTIFICATION_RATE', 'CMI'],
  },
  {
    name: 'CARD, 2026-03',
    period: { month: '2026-03' },
    department: 'CARD',
    windows: { value: ['2026-03-01', '2026-04-01'], previousValue: ['2026-02-01', '2026-03-01'], lastYearValue: ['2025-03-01', '2025-04-01'] },
    nonZero: ['OUTPATIENT_VISITS', 'ADMISSIONS', 'DISCHARGES', 'BEDS', 'MEDICAL_REVENUE', 'LAB_TAT_MEDIAN', 'IMAGING_WAIT'],
  },
  {
    name: 'GSUR, 2025',
    period: { year: 2025 },
    department: 'GSUR',
    windows: { value: ['2025-01-01', '2026-01-01'], previousValue: ['2024-01-01', '2025-01-01'], lastYearValue: ['2024-01-01', '2025-01-01'] },
    nonZero: ['SURGERIES', 'LEVEL4_SURGERY_SHARE', 'PREOPERATIVE_LENGTH_OF_STAY', 'DISCHARGES', 'MEDICAL_REVENUE', 'INPATIENT_COST_PER_STAY'],
  },
];

/** money to the fen, everything else to 6 decimals */
const digitsOf = (code: string) => (KPI_CATALOG.find((k) => k.code === code)!.unit === 'yuan' ? 2 : 6);

export function defineKpiCorrectness(engine: OracleEngine): void {
  let sources: Sources;
  let runner: QueryRunner;
  let facts: VendorFacts;

  const raw: Raw = async <R = Record<string, unknown>>(system: SystemName, build: (db: Kysely<any>) => { compile(): any }): Promise<R[]> => {
    const kind = { his: 'HIS', lis: 'LIS', pacs: 'PACS', finance: 'FINANCE' }[system];
    const handle = sources.handles.find((h) => h.kind === kind)!;
    const db = handle.engine.dialect.builder.withSchema(namespaceOf(engine, system));
    return handle.engine.execute<R>(build(db).compile(), { source: 'oracle' });
  };

  const expected = (code: string, department: string | null, [from, until]: [string, string]) => ORACLES[code]!(facts, { department, from, until });

  beforeAll(async () => {
    sources = await openEngineSources(engine);
    runner = new QueryRunner(sources);
    facts = vendorFacts(engine, raw);
  });

  afterAll(async () => {
    await sources?.close();
  });

  it('has an oracle for every indicator of the catalog, and none for an indicator it lacks', () => {
    expect(Object.keys(ORACLES).sort()).toEqual(KPI_CATALOG.map((k) => k.code).sort());
  });

  describe.each(CASES)('$name', (c) => {
    let answered: Map<string, KpiRow>;

    beforeAll(async () => {
      const data = await runner.data<{ kpis: KpiRow[] }>(KPIS, { p: c.period, d: c.department ? [c.department] : null }, FINANCE);
      answered = new Map(data.kpis.map((row) => [row.code, row]));
      expect(answered.size).toBe(data.kpis.length);
    });

    it('answers every indicator of the catalog once, for the unit asked', () => {
      expect([...answered.keys()].sort()).toEqual(KPI_CATALOG.map((k) => k.code).sort());
      for (const row of answered.values()) expect(row.department).toEqual(c.department ? { code: c.department } : null);
    });

    it('has events in the period (the comparisons are not all zeros and nulls)', async () => {
      for (const code of c.nonZero) {
        const value = await expected(code, c.department, c.windows.value);
        expect([code, value !== null && value !== 0]).toEqual([code, true]);
      }
    });

    it.each(KPI_CATALOG.map((k) => k.code))('%s: value, previous period and same period last year match the vendor tables', async (code) => {
      const oracle = ORACLES[code];
      if (!oracle) throw new Error(`no oracle for ${code}: add one to ORACLES in tests/operations/kpi-correctness.ts`);
      const row = answered.get(code);
      expect(row).toBeDefined();
      const digits = digitsOf(code);
      const want: Record<string, unknown> = {};
      const got: Record<string, unknown> = {};
      for (const field of FIELDS) {
        const value = await expected(code, c.department, c.windows[field]);
        want[field] = value === null ? null : expect.closeTo(value, digits);
        got[field] = row![field];
      }
      expect(got).toEqual(want);
    });
  });
}
