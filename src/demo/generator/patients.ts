import type { DemoPatient, DemoWorld } from './demo-world';
import { formatDate } from './calendar';
import { address, birthFor, chineseName, idCardNumber, mobileNumber, patientAge, pickRegion } from './people';

/** 医保类型 shares of a city hospital's patients: employees, residents, self-pay, commercial, public, other */
const INSURANCE: readonly [string, number][] = [
  ['01', 0.45],
  ['02', 0.38],
  ['03', 0.1],
  ['04', 0.03],
  ['05', 0.03],
  ['99', 0.01],
];

export const PATIENTS_AT_SCALE_1 = 12_000;

export function writePatients(world: DemoWorld): void {
  const { random, out, scale } = world;
  const count = Math.max(60, Math.round(PATIENTS_AT_SCALE_1 * scale));
  const firstDay = world.months[0]!.start;
  for (let n = 1; n <= count; n++) {
    const age = patientAge(random);
    const birthMs = birthFor(random, age, world.dataEnd);
    const sexCode = random.chance(0.002) ? '9' : random.chance(0.5) ? '1' : '2';
    const sex = sexCode === '2' ? 'F' : 'M';
    const region = pickRegion(random);
    // no ID number: gender not stated, or a foreign or newborn patient registered without one
    const idCard = sexCode === '9' || random.chance(0.03) ? null : idCardNumber(random, region, birthMs, sex);
    let insuranceDraw = random.float();
    const insurance = INSURANCE.find(([, share]) => (insuranceDraw -= share) < 0)?.[0] ?? '99';
    const patient: DemoPatient = { id: `BR${String(n).padStart(8, '0')}`, sex, birthMs, insurance };
    world.patients.push(patient);
    // pools by age when the data starts, so a child stays a child in every month of the demo
    const ageAtStart = (firstDay - birthMs) / (365.25 * 86_400_000);
    if (ageAtStart < 14) world.pools.children.push(patient);
    else {
      world.pools.adults.push(patient);
      if (sex === 'F' && ageAtStart < 50) world.pools.women.push(patient);
    }
    out.add('his', 'GY_BRXX', [
      patient.id,
      chineseName(random, sex),
      sexCode,
      formatDate(birthMs),
      idCard,
      random.chance(0.02) ? null : mobileNumber(random),
      random.chance(0.01) ? null : address(random, region),
      insurance,
    ]);
  }
}
