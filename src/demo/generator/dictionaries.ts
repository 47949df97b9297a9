import { DEMO_DEPARTMENTS, type DemoDepartment } from '../hospital-departments';
import { DEVICES, DRG_GROUPS } from './clinical-catalog';
import type { DemoStaffMember, DemoWorld } from './demo-world';
import { chineseName } from './people';

/** The HIS department and staff dictionaries, the PACS device list and the DRG group table. */

const KSLB: Record<DemoDepartment['kind'], string> = { CLINICAL: '1', MEDICAL_TECHNOLOGY: '2', ADMINISTRATIVE: '3' };
const ZGLB: Record<DemoStaffMember['kind'], string> = { DOCTOR: '1', NURSE: '2', TECHNICIAN: '3', PHARMACIST: '4', ADMINISTRATIVE: '5' };

const TITLES: Record<DemoStaffMember['kind'], readonly string[]> = {
  DOCTOR: ['主任医师', '副主任医师', '主治医师', '主治医师', '住院医师', '住院医师'],
  NURSE: ['主任护师', '副主任护师', '主管护师', '护师', '护师', '护士'],
  TECHNICIAN: ['主任技师', '副主任技师', '主管技师', '技师', '技士'],
  PHARMACIST: ['主任药师', '主管药师', '药师', '药士'],
  ADMINISTRATIVE: ['高级经济师', '经济师', '助理经济师'],
};

/** headcount at scale 1: wards grow with beds and clinics, technology departments are fixed */
const MEDICAL_TECHNOLOGY_STAFF: Record<string, Partial<Record<DemoStaffMember['kind'], number>>> = {
  LAB: { DOCTOR: 2, TECHNICIAN: 12 },
  RAD: { DOCTOR: 6, TECHNICIAN: 10 },
  ULTR: { DOCTOR: 6, TECHNICIAN: 2 },
  PATH: { DOCTOR: 3, TECHNICIAN: 3 },
  PHAR: { PHARMACIST: 12 },
  ANES: { DOCTOR: 8, NURSE: 4 },
};

function headcount(dept: DemoDepartment): Partial<Record<DemoStaffMember['kind'], number>> {
  if (dept.kind === 'CLINICAL') return { DOCTOR: Math.round(dept.beds * 0.4 + dept.outpatientWeight * 0.3 + 2), NURSE: Math.round(dept.beds * 0.6 + 2) };
  if (dept.kind === 'MEDICAL_TECHNOLOGY') return MEDICAL_TECHNOLOGY_STAFF[dept.code] ?? { TECHNICIAN: 4 };
  return { ADMINISTRATIVE: dept.code === 'MEDA' ? 8 : 6 };
}

export function writeDictionaries(world: DemoWorld): void {
  const { random, scale, out } = world;
  for (const dept of DEMO_DEPARTMENTS) {
    const beds = dept.beds > 0 ? Math.max(1, Math.round(dept.beds * scale)) : 0;
    out.add('his', 'GY_KSDM', [dept.hisCode, dept.nameZh, KSLB[dept.kind], beds, '0']);
  }
  // a department merged away years ago: the dictionary keeps it, voided, as real HIS do
  out.add('his', 'GY_KSDM', ['0199', '老年病科', '1', 0, '1']);

  let staffNumber = 1;
  for (const dept of DEMO_DEPARTMENTS) {
    const members: DemoStaffMember[] = [];
    for (const [kind, count] of Object.entries(headcount(dept)) as [DemoStaffMember['kind'], number][]) {
      const minimum = dept.kind === 'CLINICAL' && kind === 'DOCTOR' ? 2 : 1;
      const scaled = Math.max(minimum, Math.round(count * scale));
      for (let i = 0; i < scaled; i++) {
        // the first `minimum` doctors stay on staff; a few others have left (kept, voided)
        const active = i < minimum || !random.chance(0.03);
        const member: DemoStaffMember = { id: `E${String(staffNumber++).padStart(5, '0')}`, kind, active };
        members.push(member);
        const sex = kind === 'NURSE' ? (random.chance(0.9) ? 'F' : 'M') : random.chance(0.5) ? 'M' : 'F';
        out.add('his', 'GY_ZGXX', [member.id, chineseName(random, sex), dept.hisCode, ZGLB[kind], random.chance(0.05) ? null : random.pick(TITLES[kind]), active ? '0' : '1']);
      }
    }
    world.staff.set(dept.code, members);
  }

  for (const device of DEVICES) {
    const dept = world.departments.get(device.department)!;
    out.add('pacs', 'Device', [device.aeTitle, device.name, device.modality, dept.pacsCode, device.manufacturer, device.slotsPerHour, device.large ? 'Y' : 'N']);
  }

  for (const group of DRG_GROUPS) {
    // the hospital's reference values: last year's averages, close to but not the payment standard
    const referenceCost = Math.round(group.weight * 11_000 * random.uniform(0.86, 0.92) * 100) / 100;
    out.add('finance', 'ins_drg_group', [group.code, group.name, group.weight, group.lowRisk ? '1' : '0', referenceCost, group.averageStay]);
  }
}
