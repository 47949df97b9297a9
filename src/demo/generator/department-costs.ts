import { DEMO_DEPARTMENTS } from '../hospital-departments';
import type { DemoWorld } from './demo-world';

/**
 * The finance system's monthly cost accounting (科室成本核算): personnel from headcount, drugs and
 * consumables from what the department charged (zero mark-up: cost ≈ revenue), the rest fixed.
 */

const MONTHLY_PAY: Record<string, number> = { DOCTOR: 16_000, NURSE: 10_000, TECHNICIAN: 11_000, PHARMACIST: 10_000, ADMINISTRATIVE: 9_000 };
const EQUIPMENT_DEPRECIATION: Record<string, number> = { RAD: 260_000, ULTR: 40_000, LAB: 60_000, ICU: 50_000, ANES: 30_000, PATH: 15_000 };

const cents = (yuan: number) => Math.round(yuan * 100) / 100;

export function writeDepartmentCosts(world: DemoWorld): void {
  const { random, out, scale } = world;
  for (const month of world.months) {
    for (const dept of DEMO_DEPARTMENTS) {
      const staff = (world.staff.get(dept.code) ?? []).filter((s) => s.active);
      const revenue = world.revenue.get(`${dept.code}|${month.label}`) ?? { drug: 0, consumable: 0, total: 0 };
      const lines: [string, number][] = [
        ['5001', staff.reduce((sum, s) => sum + MONTHLY_PAY[s.kind]! * random.uniform(0.95, 1.08), 0)],
        ['5002', revenue.consumable * random.uniform(0.95, 0.99) + (dept.kind === 'MEDICAL_TECHNOLOGY' ? 20_000 * scale * random.uniform(0.9, 1.1) : 0)],
        ['5003', revenue.drug * random.uniform(0.97, 1)],
        ['5004', ((EQUIPMENT_DEPRECIATION[dept.code] ?? 0) + dept.beds * 1_500 + 3_000) * scale],
        ['5005', (dept.code === 'INFO' ? 30_000 : 2_000) * scale],
        ['5006', revenue.total * 0.001],
        ['5009', (dept.beds * 800 + 5_000) * scale * random.uniform(0.9, 1.1)],
      ];
      for (const [item, amount] of lines) {
        if (amount <= 0) continue;
        out.add('finance', 'fa_dept_cost', [world.ids.cost.take(), dept.costCenter, month.compact, item, cents(amount)]);
      }
    }
  }
}
