import { formatDateTime, MINUTE } from './calendar';
import { addRevenue, type DemoWorld } from './demo-world';

/**
 * Charge lines (费用明细), one per encounter and fee class. Amounts are kept in cents so that a
 * stay's lines add up exactly to the total cost the insurer's settlement reports.
 */

export type FeeClass = '01' | '02' | '03' | '04' | '05' | '06' | '07' | '08' | '09' | '10' | '11' | '12' | '99';

const FEE_NAMES: Record<FeeClass, string> = {
  '01': '西药费',
  '02': '中成药费',
  '03': '中草药费',
  '04': '卫生材料费',
  '05': '化验费',
  '06': '检查费',
  '07': '放射费',
  '08': '手术费',
  '09': '治疗费',
  '10': '护理费',
  '11': '床位费',
  '12': '诊察费',
  '99': '其他费',
};

export function revenueCategory(feeClass: FeeClass): 'drug' | 'consumable' | 'other' {
  if (feeClass === '01' || feeClass === '02' || feeClass === '03') return 'drug';
  return feeClass === '04' ? 'consumable' : 'other';
}

export interface ChargeTarget {
  encounterId: string;
  patientId: string;
  departmentCode: string;
  chargedAt: number;
}

/** Writes one line per fee class with a positive amount in cents; returns the total in cents. */
export function writeCharges(world: DemoWorld, target: ChargeTarget, cents: Partial<Record<FeeClass, number>>): number {
  const dept = world.departments.get(target.departmentCode)!;
  const when = Math.min(target.chargedAt, world.dataEnd - 1000);
  const month = formatDateTime(when).slice(0, 7);
  let total = 0;
  for (const [feeClass, amount] of Object.entries(cents) as [FeeClass, number][]) {
    if (!(amount > 0)) continue;
    const rounded = Math.round(amount);
    total += rounded;
    world.out.add('his', 'FY_FYMX', [world.ids.charge.take(), target.encounterId, target.patientId, dept.hisCode, feeClass, FEE_NAMES[feeClass], rounded / 100, formatDateTime(when)]);
    addRevenue(world, dept.code, month, revenueCategory(feeClass), rounded / 100);
  }
  return total;
}

export interface InpatientCostPlan {
  /** total in cents */
  total: number;
  lengthOfStay: number;
  drugShare: number;
  consumableShare: number;
  surgery: boolean;
  imaging: boolean;
}

/**
 * Splits a stay's total over fee classes: drugs and consumables by the given shares, lab and
 * exams by typical shares, per-day classes by length of stay, treatment takes the rest.
 */
export function inpatientFeeLines(world: DemoWorld, plan: InpatientCostPlan): Partial<Record<FeeClass, number>> {
  const { random } = world;
  const perDay = {
    '11': plan.lengthOfStay * 4_500,
    '10': plan.lengthOfStay * 3_000,
    '12': plan.lengthOfStay * 2_000,
  };
  const fixed = perDay['11'] + perDay['10'] + perDay['12'];
  const shares: Partial<Record<FeeClass, number>> = {
    '01': plan.drugShare * 0.85,
    '02': plan.drugShare * 0.15,
    '04': plan.consumableShare,
    '05': random.uniform(0.08, 0.12),
    '06': random.uniform(0.03, 0.06),
    '07': plan.imaging ? random.uniform(0.03, 0.06) : 0,
    '08': plan.surgery ? random.uniform(0.08, 0.12) : 0,
  };
  const shareSum = Object.values(shares).reduce((sum, s) => sum + s, 0);
  // the per-day classes and a treatment remainder of at least 5% must fit in the total
  const room = Math.max(0, plan.total - fixed);
  const factor = shareSum * plan.total > room * 0.95 ? (room * 0.95) / (shareSum * plan.total) : 1;
  const lines: Partial<Record<FeeClass, number>> = {};
  let assigned = 0;
  for (const [feeClass, share] of Object.entries(shares) as [FeeClass, number][]) {
    const amount = Math.round(share * factor * plan.total);
    lines[feeClass] = amount;
    assigned += amount;
  }
  for (const [feeClass, amount] of Object.entries(perDay) as [FeeClass, number][]) {
    const fitted = Math.min(amount, plan.total - assigned);
    lines[feeClass] = fitted;
    assigned += fitted;
  }
  lines['09'] = plan.total - assigned;
  return lines;
}

/** an outpatient or emergency visit's lines, in cents */
export function outpatientFeeLines(world: DemoWorld, options: { emergency: boolean; drugFactor: number; labCents: number; imaging: { feeClass: FeeClass; cents: number } | null }): Partial<Record<FeeClass, number>> {
  const { random } = world;
  const lines: Partial<Record<FeeClass, number>> = {};
  const add = (feeClass: FeeClass, cents: number) => {
    lines[feeClass] = (lines[feeClass] ?? 0) + Math.round(cents);
  };
  add('12', options.emergency ? 4_000 : random.chance(0.2) ? 5_000 : 2_500);
  if (random.chance(0.5)) add('01', random.logNormal(11_000, 0.6) * options.drugFactor);
  if (random.chance(0.15)) add('02', random.logNormal(6_000, 0.5) * options.drugFactor);
  if (options.labCents > 0) add('05', options.labCents);
  if (options.imaging) add(options.imaging.feeClass, options.imaging.cents);
  if (random.chance(0.15)) add('06', random.logNormal(8_000, 0.5));
  if (random.chance(options.emergency ? 0.35 : 0.1)) add('09', random.logNormal(6_000, 0.6));
  if (random.chance(options.emergency ? 0.3 : 0.1)) add('04', random.logNormal(3_000, 0.6));
  return lines;
}

export const chargeDelay = (world: DemoWorld) => world.random.int(5, 40) * MINUTE;
