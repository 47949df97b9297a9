import { DEMO_DEPARTMENTS, DEMO_ANOMALIES, type DemoDepartment } from '../hospital-departments';
import { calendarDaysBetween, DAY, formatDate, formatDateTime, HOUR, MINUTE, startOfDay, type Month } from './calendar';
import { chargeDelay, inpatientFeeLines, outpatientFeeLines, writeCharges } from './charges';
import { COMORBIDITIES, DEPARTMENT_IMAGING, DRG_BASE_RATE, DRG_GROUPS, OUTPATIENT_DIAGNOSES, type DrgGroupDef, type ImagingProtocol } from './clinical-catalog';
import { doctorOf, type DemoPatient, type DemoWorld } from './demo-world';
import { writeImagingStudy } from './imaging-studies';
import { choosePanel, writeLabOrder } from './lab-orders';
import { WeightedPicker } from './random';

/** Outpatient and emergency visits and inpatient stays of one month, with everything they cause. */

export const OUTPATIENT_VISITS_AT_SCALE_1 = 1_500;
export const EMERGENCY_VISITS_AT_SCALE_1 = 250;
export const ADMISSIONS_AT_SCALE_1 = 450;

const clinical = DEMO_DEPARTMENTS.filter((d) => d.kind === 'CLINICAL');
const outpatientDepartments = new WeightedPicker(clinical, (d) => d.outpatientWeight);
const inpatientDepartments = new WeightedPicker(clinical, (d) => d.inpatientWeight);
const groupsByDepartment = new Map(clinical.map((d) => [d.code, new WeightedPicker(DRG_GROUPS.filter((g) => g.department === d.code), (g) => g.frequency)] as const));

/** base drug share of a stay's cost by department: chemotherapy is drug-heavy, surgery is not */
const DRUG_SHARE: Record<string, number> = { ONCO: 0.36, HEMA: 0.36, RESP: 0.31, ICU: 0.33, CARD: 0.27, NEUR: 0.32, GAST: 0.3, ENDO: 0.32, NEPH: 0.3, PEDI: 0.3, EMER: 0.3 };
const SURGICAL_DRUG_SHARE = 0.22;
const HIGH_VALUE_CONSUMABLES = new Set(['FM19', 'IC29', 'IB19', 'FB15']);

/** LYFS codes of living discharges and their shares: home, other hospital, community, against advice, other */
const LIVING_OUTCOMES: readonly [string, number][] = [
  ['1', 0.945],
  ['2', 0.02],
  ['3', 0.015],
  ['4', 0.015],
  ['9', 0.005],
];

export interface MonthContext {
  month: Month;
  /** 0 for the first month of the data */
  index: number;
  /** months before the last: 0 for the last month */
  fromEnd: number;
}

interface RecentDischarge {
  patient: DemoPatient;
  at: number;
}

/** discharges per DRG group and month, to top up the planted anomaly */
export class StayLedger {
  readonly recentDischarges = new Map<string, RecentDischarge[]>();
  readonly dischargesByGroupMonth = new Map<string, number>();
  readonly dischargesByDepartmentMonth = new Map<string, number>();

  noteDischarge(departmentCode: string, group: string, patient: DemoPatient, at: number): void {
    const list = this.recentDischarges.get(departmentCode) ?? [];
    list.push({ patient, at });
    if (list.length > 400) list.splice(0, list.length - 400);
    this.recentDischarges.set(departmentCode, list);
    const month = formatDate(at).slice(0, 7);
    const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
    count(this.dischargesByGroupMonth, `${group}|${month}`);
    count(this.dischargesByDepartmentMonth, `${departmentCode}|${month}`);
  }
}

function seasonal(month: Month): number {
  const monthOfYear = new Date(month.start).getUTCMonth();
  const winter = 1 + 0.08 * Math.cos((monthOfYear / 12) * 2 * Math.PI);
  return monthOfYear === 1 ? winter * 0.85 : winter; // the Spring Festival empties February's clinics
}

function pickPatient(world: DemoWorld, dept: DemoDepartment, at: number, group?: DrgGroupDef): DemoPatient {
  const pool =
    dept.code === 'PEDI' ? world.pools.children : dept.code === 'OBGY' || group?.department === 'OBGY' ? world.pools.women : dept.code === 'EMER' && world.random.chance(0.15) ? world.pools.children : world.pools.adults;
  for (let attempt = 0; attempt < 20; attempt++) {
    const patient = world.random.pick(pool);
    if (patient.birthMs < at) return patient;
  }
  return world.random.pick(world.pools.adults);
}

function timeInMonth(world: DemoWorld, month: Month, hours: readonly [number, number]): number {
  const day = month.start + world.random.int(0, month.days - 1) * DAY;
  return day + world.random.int(hours[0], hours[1]) * HOUR + world.random.int(0, 59) * MINUTE + world.random.int(0, 59) * 1000;
}

function imagingPrice(protocol: ImagingProtocol): { feeClass: '06' | '07'; cents: number } {
  // ultrasound is billed as an examination, X-ray based modalities as radiology
  return { feeClass: protocol.modality === 'US' ? '06' : '07', cents: protocol.price * 100 };
}

function pickProtocol(world: DemoWorld, departmentCode: string): ImagingProtocol | null {
  const protocols = DEPARTMENT_IMAGING[departmentCode] ?? [];
  if (protocols.length === 0) return null;
  // the first protocol of a department is its most frequent
  return world.random.chance(0.5) ? protocols[0]! : world.random.pick(protocols);
}

export function writeMonthVisits(world: DemoWorld, context: MonthContext): void {
  const { random } = world;
  const volume = seasonal(context.month) * (1 + 0.03 * (context.index / 12));
  const visits = random.count(OUTPATIENT_VISITS_AT_SCALE_1 * world.scale * volume);
  const emergencies = random.count(EMERGENCY_VISITS_AT_SCALE_1 * world.scale * volume);
  const planned: { dept: DemoDepartment; emergency: boolean; at: number }[] = [];
  for (let i = 0; i < visits; i++) planned.push({ dept: outpatientDepartments.pick(random), emergency: false, at: timeInMonth(world, context.month, random.chance(0.65) ? [8, 11] : [13, 16]) });
  for (let i = 0; i < emergencies; i++) planned.push({ dept: world.departments.get(random.chance(0.8) ? 'EMER' : 'PEDI')!, emergency: true, at: timeInMonth(world, context.month, [0, 23]) });
  planned.sort((a, b) => a.at - b.at);
  for (const visit of planned) writeVisit(world, context, visit.dept, visit.emergency, visit.at);
}

function writeVisit(world: DemoWorld, context: MonthContext, dept: DemoDepartment, emergency: boolean, at: number): void {
  const { random, out, dataEnd } = world;
  const patient = pickPatient(world, dept, at);
  const id = world.ids.registration.take();
  const voided = random.chance(0.01); // registration withdrawn (退号)
  const ended = at + random.int(emergency ? 20 : 8, emergency ? 180 : 60) * MINUTE;
  out.add('his', 'MZ_GHJL', [id, patient.id, dept.hisCode, doctorOf(world, dept.code), formatDateTime(at), ended < dataEnd ? formatDateTime(ended) : null, emergency ? '2' : '1', voided ? '1' : '0']);
  if (voided) return;
  const [code, name] = random.pick(OUTPATIENT_DIAGNOSES[dept.code] ?? OUTPATIENT_DIAGNOSES.EMER!);
  out.add('his', 'ZD_JZZD', [world.ids.diagnosis.take(), id, '1', 1, code, name]);

  let labCents = 0;
  if (random.chance(emergency ? 0.5 : 0.3)) {
    const panel = choosePanel(random, dept.code, random.chance(0.5));
    labCents = panel.price * 100;
    writeLabOrder(world, { encounterId: id, patientId: patient.id, departmentCode: dept.code, orderedAt: at + random.int(5, 30) * MINUTE, urgent: emergency, inpatient: false, panel });
  }
  let imaging: { feeClass: '06' | '07'; cents: number } | null = null;
  const protocol = random.chance(emergency ? 0.3 : 0.12) ? pickProtocol(world, dept.code) : null;
  if (protocol) {
    const accession = writeImagingStudy(world, { encounterId: id, patientId: patient.id, departmentCode: dept.code, requestedAt: at + random.int(5, 30) * MINUTE, urgent: emergency, protocol });
    if (accession) imaging = imagingPrice(protocol);
  }
  const drugFactor = dept.code === DEMO_ANOMALIES.risingDrugShareDepartment ? 1 + 3 * risingDrugBoost(context) : 1;
  writeCharges(world, { encounterId: id, patientId: patient.id, departmentCode: dept.code, chargedAt: at + chargeDelay(world) }, outpatientFeeLines(world, { emergency, drugFactor, labCents, imaging }));
}

/**
 * A stay's cost relative to its payment standard: most a little under it, and the few high- and
 * low-ratio cases (高倍率/低倍率病例) every DRG hospital has.
 */
function stayCostFactor(world: DemoWorld): number {
  const draw = world.random.float();
  if (draw < 0.015) return world.random.uniform(2.0, 3.2);
  if (draw < 0.03) return world.random.uniform(0.25, 0.4);
  return world.random.logNormal(0.88, 0.1);
}

/** how much the anomalous department's drug share has climbed: nothing until the last four months */
function risingDrugBoost(context: MonthContext): number {
  return context.fromEnd < 4 ? (4 - context.fromEnd) * 0.05 : 0;
}

export function writeMonthStays(world: DemoWorld, context: MonthContext, ledger: StayLedger): void {
  const { random } = world;
  const volume = seasonal(context.month) * (1 + 0.03 * (context.index / 12));
  const admissions = random.count(ADMISSIONS_AT_SCALE_1 * world.scale * volume);
  const planned: { dept: DemoDepartment; at: number }[] = [];
  for (let i = 0; i < admissions; i++) {
    const dept = inpatientDepartments.pick(random);
    planned.push({ dept, at: timeInMonth(world, context.month, dept.code === 'EMER' || random.chance(0.2) ? [0, 23] : [8, 17]) });
  }
  planned.sort((a, b) => a.at - b.at);
  for (const stay of planned) writeStay(world, context, ledger, stay.dept, groupsByDepartment.get(stay.dept.code)!.pick(random), stay.at);
  topUpPlantedAnomalies(world, context, ledger);
}

/**
 * The planted anomalies must show at every scale, even where a small demo would leave a month
 * with one case: the DRG group needs three discharges in each of its three months, the
 * department with the rising drug share three in each of its last five (one month of baseline).
 */
function topUpPlantedAnomalies(world: DemoWorld, context: MonthContext, ledger: StayLedger): void {
  const group = DRG_GROUPS.find((g) => g.code === DEMO_ANOMALIES.drgOverPaymentStandard)!;
  if (context.fromEnd < 3) {
    while ((ledger.dischargesByGroupMonth.get(`${group.code}|${context.month.label}`) ?? 0) < 3) {
      writeStay(world, context, ledger, world.departments.get(group.department)!, group, shortStayAdmission(world, context.month), world.random.int(2, 6));
    }
  }
  const rising = world.departments.get(DEMO_ANOMALIES.risingDrugShareDepartment)!;
  if (context.fromEnd < 5) {
    while ((ledger.dischargesByDepartmentMonth.get(`${rising.code}|${context.month.label}`) ?? 0) < 3) {
      writeStay(world, context, ledger, rising, groupsByDepartment.get(rising.code)!.pick(world.random), shortStayAdmission(world, context.month), world.random.int(4, 8));
    }
  }
}

/** an admission early enough in the month for a short stay to end within it */
function shortStayAdmission(world: DemoWorld, month: Month): number {
  return month.start + world.random.int(0, month.days - 10) * DAY + world.random.int(8, 16) * HOUR + world.random.int(0, 59) * MINUTE;
}

function writeStay(world: DemoWorld, context: MonthContext, ledger: StayLedger, dept: DemoDepartment, group: DrgGroupDef, admittedAt: number, fixedStay?: number): void {
  const { random, out, dataEnd } = world;
  let patient = pickPatient(world, dept, admittedAt, group);
  let readmission = false;
  if (random.chance(0.03)) {
    const recent = (ledger.recentDischarges.get(dept.code) ?? []).filter((d) => d.at < admittedAt && admittedAt - d.at <= 31 * DAY);
    if (recent.length > 0) {
      patient = random.pick(recent).patient;
      readmission = true;
    }
  }
  const stayDays = fixedStay ?? Math.max(1, Math.round(random.logNormal(group.averageStay * 0.95, 0.3)));
  const dischargedAt = startOfDay(admittedAt) + stayDays * DAY + random.int(9, 16) * HOUR + random.int(0, 59) * MINUTE;
  const discharged = dischargedAt < dataEnd;
  const died = discharged && random.chance(group.mortality);
  let outcomeDraw = random.float();
  const outcome = died ? '5' : (LIVING_OUTCOMES.find(([, share]) => (outcomeDraw -= share) < 0)?.[0] ?? '1');
  const doctor = doctorOf(world, dept.code);
  const id = world.ids.stay.take();
  out.add('his', 'ZY_BRRY', [id, patient.id, dept.hisCode, doctor, formatDateTime(admittedAt), discharged ? formatDateTime(dischargedAt) : null, discharged ? outcome : null, readmission ? '1' : '0', '0']);

  out.add('his', 'ZD_JZZD', [world.ids.diagnosis.take(), id, '1', 1, group.diagnosis[0], group.diagnosis[1]]);
  const ageYears = (admittedAt - patient.birthMs) / (365.25 * DAY);
  const secondary = ageYears < 14 ? 0 : random.int(0, ageYears > 60 ? 3 : 1);
  const chosen = new Set<string>([group.diagnosis[0]]);
  for (let n = 0; n < secondary; n++) {
    const [code, name] = random.pick(COMORBIDITIES);
    if (chosen.has(code)) continue;
    chosen.add(code);
    out.add('his', 'ZD_JZZD', [world.ids.diagnosis.take(), id, '2', chosen.size, code, name]);
  }

  const until = Math.min(discharged ? dischargedAt : dataEnd, dataEnd);
  if (group.procedure) {
    const preoperativeDays = Math.min(stayDays - 1, random.int(0, 3));
    const operatedAt = startOfDay(admittedAt) + Math.max(0, preoperativeDays) * DAY + random.int(8, 17) * HOUR + random.int(0, 59) * MINUTE;
    if (operatedAt < until && operatedAt > admittedAt) {
      const complication = random.chance(group.procedure.level === 4 ? 0.05 : 0.02);
      const surgeon = random.chance(0.8) ? doctor : doctorOf(world, dept.code);
      out.add('his', 'SS_SSJL', [world.ids.operation.take(), id, group.procedure.code, group.procedure.name, group.procedure.level, formatDateTime(operatedAt), random.chance(group.procedure.minimallyInvasive) ? '1' : '0', complication ? '1' : '0', surgeon]);
    }
  }

  const orders = dept.code === 'ICU' ? random.int(5, 9) : random.int(2, 6);
  const span = Math.max(HOUR, until - admittedAt);
  for (let n = 0; n < orders; n++) {
    const orderedAt = n === 0 ? admittedAt + random.int(20, 120) * MINUTE : admittedAt + Math.round(random.float() * span);
    if (orderedAt >= until) continue;
    writeLabOrder(world, { encounterId: id, patientId: patient.id, departmentCode: dept.code, orderedAt, urgent: dept.code === 'ICU' || dept.code === 'EMER', inpatient: true, panel: choosePanel(random, dept.code, n < 2) });
  }
  let imaged = false;
  if (random.chance(0.5)) {
    const studies = random.int(1, 2);
    for (let n = 0; n < studies; n++) {
      const protocol = pickProtocol(world, dept.code);
      const requestedAt = admittedAt + Math.round(random.float() * Math.min(span, 3 * DAY));
      if (protocol && requestedAt < until && writeImagingStudy(world, { encounterId: id, patientId: patient.id, departmentCode: dept.code, requestedAt, urgent: dept.code === 'ICU', protocol })) imaged = true;
    }
  }

  if (!discharged) return; // in hospital: charges are settled at discharge
  const lengthOfStay = Math.max(1, calendarDaysBetween(admittedAt, dischargedAt));
  const dischargeMonthsFromEnd = world.months.length - 1 - world.months.findIndex((m) => dischargedAt >= m.start && dischargedAt < m.end);
  const paymentStandard = Math.round(DRG_BASE_RATE * group.weight * 100);
  const costFactor = group.code === DEMO_ANOMALIES.drgOverPaymentStandard && dischargeMonthsFromEnd < 3 ? random.uniform(1.2, 1.3) : stayCostFactor(world);
  const surgical = Boolean(group.procedure && group.procedure.level >= 2);
  const baseDrugShare = DRUG_SHARE[dept.code] ?? SURGICAL_DRUG_SHARE;
  const drugShare = baseDrugShare + random.normal(0, 0.015) + (dept.code === DEMO_ANOMALIES.risingDrugShareDepartment ? risingDrugBoost({ ...context, fromEnd: dischargeMonthsFromEnd }) : 0);
  const consumableShare = HIGH_VALUE_CONSUMABLES.has(group.code) ? random.uniform(0.3, 0.38) : surgical ? random.uniform(0.16, 0.24) : random.uniform(0.06, 0.1);
  const totalCents = writeCharges(
    world,
    { encounterId: id, patientId: patient.id, departmentCode: dept.code, chargedAt: dischargedAt },
    inpatientFeeLines(world, { total: Math.round(paymentStandard * costFactor), lengthOfStay, drugShare, consumableShare, surgery: surgical, imaging: imaged }),
  );
  ledger.noteDischarge(dept.code, group.code, patient, dischargedAt);

  const insurerShare: Record<string, number> = { '01': 0.85, '02': 0.7, '05': 0.9 };
  const settledAt = Math.min(dischargedAt + random.int(30, 240) * MINUTE, dataEnd - 1000);
  out.add('finance', 'ins_drg_settle', [
    world.ids.settlement.take(),
    id,
    patient.id,
    dept.costCenter,
    doctor,
    group.code,
    group.name,
    group.weight,
    paymentStandard / 100,
    totalCents / 100,
    Math.round(paymentStandard * (insurerShare[patient.insurance] ?? 0)) / 100,
    formatDate(dischargedAt),
    lengthOfStay,
    outcome,
    formatDateTime(settledAt),
  ]);
}
