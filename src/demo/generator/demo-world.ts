import { DEMO_DEPARTMENTS, type DemoDepartment } from '../hospital-departments';
import type { BatchWriter } from './batch-writer';
import type { Month } from './calendar';
import type { Random } from './random';

/** The generator's shared state: what later steps need to know about what earlier steps wrote. */

export interface DemoStaffMember {
  id: string;
  kind: 'DOCTOR' | 'NURSE' | 'TECHNICIAN' | 'PHARMACIST' | 'ADMINISTRATIVE';
  active: boolean;
}

export interface DemoPatient {
  id: string;
  sex: 'M' | 'F';
  birthMs: number;
  insurance: string;
}

/** Revenue by department and month (charge date), which the finance system's cost lines follow. */
export interface DepartmentRevenue {
  drug: number;
  consumable: number;
  total: number;
}

export class IdSequence {
  private next = 1;
  constructor(
    private readonly prefix: string,
    private readonly digits: number,
  ) {}
  take(): string {
    return this.prefix + String(this.next++).padStart(this.digits, '0');
  }
}

export interface DemoWorld {
  random: Random;
  scale: number;
  out: BatchWriter;
  months: readonly Month[];
  /** the first instant after the data: later events have not happened yet */
  dataEnd: number;
  departments: ReadonlyMap<string, DemoDepartment>;
  staff: Map<string, DemoStaffMember[]>;
  patients: DemoPatient[];
  /** patient pools by who a department treats */
  pools: { children: DemoPatient[]; women: DemoPatient[]; adults: DemoPatient[] };
  revenue: Map<string, DepartmentRevenue>;
  ids: {
    registration: IdSequence;
    stay: IdSequence;
    diagnosis: IdSequence;
    operation: IdSequence;
    charge: IdSequence;
    labRequest: IdSequence;
    accession: IdSequence;
    settlement: IdSequence;
    cost: IdSequence;
  };
  studyUidSequence: number;
}

export function newIds(): DemoWorld['ids'] {
  return {
    registration: new IdSequence('MZ', 10),
    stay: new IdSequence('ZY', 10),
    diagnosis: new IdSequence('ZD', 10),
    operation: new IdSequence('SS', 10),
    charge: new IdSequence('FY', 12),
    labRequest: new IdSequence('LR', 10),
    accession: new IdSequence('RIS', 10),
    settlement: new IdSequence('JS', 10),
    cost: new IdSequence('FC', 10),
  };
}

export function departmentMap(): Map<string, DemoDepartment> {
  return new Map(DEMO_DEPARTMENTS.map((d) => [d.code, d]));
}

export function department(world: DemoWorld, code: string): DemoDepartment {
  const found = world.departments.get(code);
  if (!found) throw new Error(`the demo catalog names an unknown department ${code}`);
  return found;
}

/** an active doctor of the department (every clinical department has at least two) */
export function doctorOf(world: DemoWorld, code: string): string {
  const doctors = (world.staff.get(code) ?? []).filter((s) => s.kind === 'DOCTOR' && s.active);
  return world.random.pick(doctors).id;
}

export function addRevenue(world: DemoWorld, departmentCode: string, monthLabel: string, category: 'drug' | 'consumable' | 'other', amount: number): void {
  const key = `${departmentCode}|${monthLabel}`;
  let entry = world.revenue.get(key);
  if (!entry) {
    entry = { drug: 0, consumable: 0, total: 0 };
    world.revenue.set(key, entry);
  }
  if (category === 'drug') entry.drug += amount;
  if (category === 'consumable') entry.consumable += amount;
  entry.total += amount;
}
