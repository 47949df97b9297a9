import { createHash } from 'node:crypto';
import { generateDemo, idCardCheckDigit, MAX_BATCH_ROWS, normalizeDemoOptions, type DemoCell, type DemoOptions } from '../../src/demo/generator';
import { DEMO_ANOMALIES, DEMO_DEPARTMENTS } from '../../src/demo/hospital-departments';
import { VENDOR_SCHEMAS, type ColumnDef } from '../../src/demo/vendor-schemas';
import { TEST_DEMO } from '../support/test-env';

/**
 * The demo generator is the oracle of the engine suites, so it is checked on its own: it must be
 * deterministic, internally consistent (keys, references, types, money adding up), realistic in
 * its distributions, and carry exactly the anomalies the alerts are meant to find.
 */

type Table = { columns: ColumnDef[]; rows: DemoCell[][] };

function generate(options: DemoOptions): { tables: Map<string, Table>; batchSizes: number[] } {
  const tables = new Map<string, Table>();
  for (const schema of Object.values(VENDOR_SCHEMAS)) for (const def of schema.tables) tables.set(`${schema.system}.${def.name}`, { columns: def.columns, rows: [] });
  const batchSizes: number[] = [];
  for (const batch of generateDemo(options)) {
    batchSizes.push(batch.rows.length);
    const table = tables.get(`${batch.system}.${batch.table}`);
    if (!table) throw new Error(`unknown table ${batch.system}.${batch.table}`);
    for (const row of batch.rows) table.rows.push(row);
  }
  return { tables, batchSizes };
}

/** rows of a table as objects keyed by column name */
function records(tables: Map<string, Table>, key: string): Record<string, any>[] {
  const table = tables.get(key)!;
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c.name, row[i]])));
}

const demo = generate(TEST_DEMO);
const rows = (key: string) => records(demo.tables, key);

describe('the demo generator', () => {
  it('is a function of its options: same seed, same rows; another seed, other rows', () => {
    const digest = (options: DemoOptions) => {
      const hash = createHash('sha256');
      for (const batch of generateDemo(options)) hash.update(JSON.stringify(batch));
      return hash.digest('hex');
    };
    const small = { ...TEST_DEMO, scale: 0.03 };
    expect(digest(small)).toBe(digest(small));
    expect(digest({ ...small, seed: small.seed + 1 })).not.toBe(digest(small));
  });

  it('normalizes options and refuses nonsense with a message', () => {
    expect(normalizeDemoOptions({}, new Date(2026, 10, 26))).toEqual({ seed: 20260101, scale: 1, endMonth: '2026-10', months: 24 });
    expect(normalizeDemoOptions({}, new Date(2026, 0, 5)).endMonth).toBe('2025-12');
    expect(() => normalizeDemoOptions({ scale: 0 })).toThrow(/scale must be above 0/);
    expect(() => normalizeDemoOptions({ endMonth: '2026-13' })).toThrow(/not a month/);
  });

  it('streams bounded batches whose rows fit their tables’ columns, types and keys', () => {
    expect(Math.max(...demo.batchSizes)).toBeLessThanOrEqual(MAX_BATCH_ROWS);
    for (const [key, table] of demo.tables) {
      expect(table.rows.length).toBeGreaterThan(0);
      const schema = Object.values(VENDOR_SCHEMAS).flatMap((s) => s.tables.map((t) => ({ key: `${s.system}.${t.name}`, t }))).find((e) => e.key === key)!.t;
      const keyIndex = schema.columns.findIndex((c) => c.name === schema.primaryKey);
      const keys = new Set<DemoCell>();
      for (const row of table.rows) {
        expect(row).toHaveLength(table.columns.length);
        keys.add(row[keyIndex]!);
        table.columns.forEach((column, i) => {
          const value = row[i];
          if (value === null) {
            if (!column.nullable) throw new Error(`${key}.${column.name} is null but not nullable`);
            return;
          }
          const type = column.type;
          const fail = () => {
            throw new Error(`${key}.${column.name}: ${JSON.stringify(value)} does not fit ${JSON.stringify(type)}`);
          };
          if ((type.kind === 'varchar' || type.kind === 'nvarchar') && !(typeof value === 'string' && value.length <= type.length)) fail();
          if (type.kind === 'varchar' && !/^[\x20-\x7e]*$/.test(value as string)) fail();
          if (type.kind === 'int' && !Number.isInteger(value)) fail();
          if (type.kind === 'decimal' && !(typeof value === 'number' && Math.abs(Math.round(value * 10 ** type.scale) - value * 10 ** type.scale) < 1e-6)) fail();
          if (type.kind === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value as string)) fail();
          if (type.kind === 'datetime' && !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value as string)) fail();
        });
      }
      expect(keys.size).toBe(table.rows.length);
    }
  });

  it('keeps every reference between and within the four systems intact', () => {
    const patients = new Set(rows('his.GY_BRXX').map((p) => p.BRID));
    const staff = new Set(rows('his.GY_ZGXX').map((s) => s.ZGID));
    const hisDepartments = new Set(rows('his.GY_KSDM').filter((d) => d.ZFBZ === '0').map((d) => d.KSDM));
    const outpatient = rows('his.MZ_GHJL');
    const stays = rows('his.ZY_BRRY');
    const encounters = new Set([...outpatient.map((v) => v.GHXH), ...stays.map((s) => s.ZYH)]);
    for (const e of [...outpatient, ...stays]) {
      expect(patients.has(e.BRID)).toBe(true);
      expect(hisDepartments.has(e.KSDM)).toBe(true);
      expect(staff.has(e.YSDM ?? e.ZZYS)).toBe(true);
    }
    for (const d of rows('his.ZD_JZZD')) expect(encounters.has(d.JZH)).toBe(true);
    for (const s of rows('his.SS_SSJL')) expect([encounters.has(s.JZH), staff.has(s.SSYS), s.SSJB >= 1 && s.SSJB <= 4]).toEqual([true, true, true]);
    for (const c of rows('his.FY_FYMX')) expect(encounters.has(c.JZH) && patients.has(c.BRID) && hisDepartments.has(c.KSDM)).toBe(true);
    const requests = rows('lis.lab_request');
    const lisDepartments = new Set(DEMO_DEPARTMENTS.map((d) => d.lisCode));
    for (const r of requests) expect(encounters.has(r.his_visit_no) && patients.has(r.his_patient_id) && lisDepartments.has(r.req_dept)).toBe(true);
    const requestIds = new Set(requests.map((r) => r.req_id));
    for (const r of rows('lis.lab_result')) expect(requestIds.has(r.req_id)).toBe(true);
    const devices = new Set(rows('pacs.Device').map((d) => d.AETitle));
    const pacsServices = new Set(DEMO_DEPARTMENTS.map((d) => d.pacsCode));
    for (const s of rows('pacs.Study')) expect(encounters.has(s.AdmissionID) && patients.has(s.PatientID) && devices.has(s.StationAETitle) && pacsServices.has(s.RequestingService)).toBe(true);
    const costCenters = new Set(DEMO_DEPARTMENTS.map((d) => d.costCenter));
    for (const c of rows('finance.fa_dept_cost')) expect(costCenters.has(c.cc_code)).toBe(true);
  });

  it('settles each discharged stay once, with a total cost equal to its charge lines, dated at discharge', () => {
    const stays = rows('his.ZY_BRRY');
    const charges = new Map<string, { cents: number; dates: Set<string> }>();
    for (const c of rows('his.FY_FYMX')) {
      const entry = charges.get(c.JZH) ?? { cents: 0, dates: new Set<string>() };
      entry.cents += Math.round(c.JE * 100);
      entry.dates.add(c.FYRQ);
      charges.set(c.JZH, entry);
    }
    const settlements = new Map(rows('finance.ins_drg_settle').map((s) => [s.visit_no, s]));
    const groups = new Map(rows('finance.ins_drg_group').map((g) => [g.drg_code, g]));
    let open = 0;
    for (const stay of stays) {
      const settlement = settlements.get(stay.ZYH);
      if (stay.CYSJ === null) {
        open += 1;
        expect([stay.LYFS, settlement, charges.get(stay.ZYH)]).toEqual([null, undefined, undefined]);
        continue;
      }
      expect(settlement).toBeDefined();
      expect(Math.round(settlement!.total_cost * 100)).toBe(charges.get(stay.ZYH)!.cents);
      expect([...charges.get(stay.ZYH)!.dates]).toEqual([stay.CYSJ]);
      expect(settlement!.pay_standard).toBe(Math.round(11_000 * groups.get(settlement!.drg_code)!.drg_weight * 100) / 100);
      expect(settlement!.discharge_date).toBe(stay.CYSJ.slice(0, 10));
      expect(settlement!.discharge_mode).toBe(stay.LYFS);
      expect(settlement!.los).toBe(Math.max(1, Math.round((Date.parse(stay.CYSJ.slice(0, 10)) - Date.parse(stay.RYSJ.slice(0, 10))) / 86_400_000)));
    }
    expect(open).toBeGreaterThan(0); // stays still in hospital at the end of the data
    expect(settlements.size).toBe(stays.length - open);
  });

  it('gives every patient a valid, consistent identity', () => {
    const patients = rows('his.GY_BRXX');
    const withId = patients.filter((p) => p.SFZH !== null);
    expect(withId.length).toBeGreaterThan(patients.length * 0.9);
    for (const p of withId) {
      expect(p.SFZH).toMatch(/^\d{17}[\dX]$/);
      expect(p.SFZH[17]).toBe(idCardCheckDigit(p.SFZH.slice(0, 17)));
      expect(p.SFZH.slice(6, 14)).toBe(p.CSRQ.replaceAll('-', ''));
      expect(Number(p.SFZH[16]) % 2 === 1 ? '1' : '2').toBe(p.XB);
    }
    for (const p of patients) {
      if (p.LXDH !== null) expect(p.LXDH).toMatch(/^1[3-9]\d{9}$/);
      if (p.JTDZ !== null) expect(p.JTDZ).toMatch(/^(浙江省(杭州|宁波|温州|嘉兴|湖州|绍兴|金华)市|安徽省(合肥|滁州)市|江西省南昌市|江苏省南京市|上海市)/);
    }
    expect(idCardCheckDigit('11010519491231002')).toBe('X'); // the example of GB 11643-1999
  });

  it('plants the three anomalies the alerts must find', () => {
    const months = (n: number) => Array.from({ length: n }, (_, i) => new Date(Date.UTC(2026, 9 - (n - 1) + i, 1)).toISOString().slice(0, 7));
    // RESP's drug share climbs in each of the last four months
    const resp = DEMO_DEPARTMENTS.find((d) => d.code === DEMO_ANOMALIES.risingDrugShareDepartment)!.hisCode;
    const share = new Map<string, { drug: number; total: number }>();
    for (const c of rows('his.FY_FYMX')) {
      if (c.KSDM !== resp) continue;
      const entry = share.get(c.FYRQ.slice(0, 7)) ?? { drug: 0, total: 0 };
      if (['01', '02', '03'].includes(c.FYLB)) entry.drug += c.JE;
      entry.total += c.JE;
      share.set(c.FYRQ.slice(0, 7), entry);
    }
    const drugShare = (month: string) => share.get(month)!.drug / share.get(month)!.total;
    const last5 = months(5).map(drugShare);
    for (let i = 1; i < 5; i++) expect(last5[i]!).toBeGreaterThan(last5[i - 1]!);
    const before = months(24).slice(0, 19).map(drugShare);
    expect(last5[4]! - Math.max(...before)).toBeGreaterThan(0.05);

    // FM19 costs 20–30% over its payment standard in each of the last three months, not before
    const byMonth = new Map<string, { cost: number; pay: number; n: number }>();
    for (const s of rows('finance.ins_drg_settle')) {
      if (s.drg_code !== DEMO_ANOMALIES.drgOverPaymentStandard) continue;
      const entry = byMonth.get(s.discharge_date.slice(0, 7)) ?? { cost: 0, pay: 0, n: 0 };
      entry.cost += s.total_cost;
      entry.pay += s.pay_standard;
      entry.n += 1;
      byMonth.set(s.discharge_date.slice(0, 7), entry);
    }
    for (const month of months(3)) {
      const entry = byMonth.get(month)!;
      expect(entry.n).toBeGreaterThanOrEqual(3);
      expect(entry.cost / entry.pay).toBeGreaterThan(1.2);
      expect(entry.cost / entry.pay).toBeLessThan(1.3);
    }
    // and no other group, nor FM19 before, costs over 15% more for three months running
    const ratio = new Map<string, number>();
    const sums = new Map<string, { cost: number; pay: number }>();
    for (const s of rows('finance.ins_drg_settle')) {
      const key = `${s.drg_code}|${s.discharge_date.slice(0, 7)}`;
      const entry = sums.get(key) ?? { cost: 0, pay: 0 };
      entry.cost += s.total_cost;
      entry.pay += s.pay_standard;
      sums.set(key, entry);
    }
    for (const [key, entry] of sums) ratio.set(key, entry.cost / entry.pay);
    const runs: string[] = [];
    const all24 = months(24);
    for (const group of new Set(rows('finance.ins_drg_group').map((g) => g.drg_code))) {
      for (let i = 2; i < all24.length; i++) {
        if ([0, 1, 2].every((k) => (ratio.get(`${group}|${all24[i - k]}`) ?? 0) > 1.15)) runs.push(`${group} to ${all24[i]}`);
      }
    }
    expect(runs).toEqual([`${DEMO_ANOMALIES.drgOverPaymentStandard} to 2026-10`]);

    // CT02 never works after noon; its siblings do
    const afternoon = (aeTitle: string) => rows('pacs.Study').filter((s) => s.StationAETitle === aeTitle && s.StudyDateTime !== null && Number(s.StudyDateTime.slice(11, 13)) >= 12).length;
    expect(afternoon(DEMO_ANOMALIES.idleAfternoonScanner)).toBe(0);
    expect(afternoon('CT01')).toBeGreaterThan(0);
    expect(afternoon('CT03')).toBeGreaterThan(0);
  });

  it('looks like a 160-bed hospital at scale 1 (counts printed for the README)', () => {
    const full = generate({ ...TEST_DEMO, scale: 1 });
    const counts = Object.fromEntries([...full.tables].map(([key, t]) => [key, t.rows.length]));
    process.stdout.write(`demo at scale 1: ${JSON.stringify(counts)}\n`);
    const all = (key: string) => records(full.tables, key);
    const months = TEST_DEMO.months;
    const visits = all('his.MZ_GHJL');
    expect(visits.filter((v) => v.JZLX === '1').length / months).toBeGreaterThan(1_300);
    expect(visits.filter((v) => v.JZLX === '1').length / months).toBeLessThan(1_700);
    expect(visits.filter((v) => v.JZLX === '2').length / months).toBeGreaterThan(200);
    expect(visits.filter((v) => v.ZFBZ === '1').length / visits.length).toBeCloseTo(0.01, 2);
    expect(all('his.ZY_BRRY').length / months).toBeGreaterThan(400);
    expect(all('his.GY_BRXX')).toHaveLength(12_000);

    const settlements = all('finance.ins_drg_settle');
    const meanStay = settlements.reduce((s, r) => s + r.los, 0) / settlements.length;
    expect(meanStay).toBeGreaterThan(7);
    expect(meanStay).toBeLessThan(8.5);
    const meanWeight = settlements.reduce((s, r) => s + r.drg_weight, 0) / settlements.length;
    expect(meanWeight).toBeGreaterThan(0.9);
    expect(meanWeight).toBeLessThan(1.5);

    let drug = 0;
    let total = 0;
    for (const c of all('his.FY_FYMX')) {
      if (['01', '02', '03'].includes(c.FYLB)) drug += c.JE;
      total += c.JE;
    }
    expect(drug / total).toBeGreaterThan(0.25);
    expect(drug / total).toBeLessThan(0.35);

    const turnaround = all('lis.lab_request')
      .filter((r) => r.report_time !== null)
      .map((r) => (Date.parse(r.report_time) - Date.parse(r.req_time)) / 3_600_000)
      .sort((a, b) => a - b);
    const median = turnaround[Math.floor(turnaround.length / 2)]!;
    expect(median).toBeGreaterThan(0.75);
    expect(median).toBeLessThan(4);

    const results = all('lis.lab_result');
    const critical = results.filter((r) => r.crit_flag === 1);
    expect(critical.length / results.length).toBeGreaterThan(0.002);
    expect(critical.length / results.length).toBeLessThan(0.01);
    const requestTime = new Map(all('lis.lab_request').map((r) => [r.req_id, r.report_time]));
    const inTime = critical.filter((r) => (Date.parse(r.crit_notify_time) - Date.parse(requestTime.get(r.req_id))) / 60_000 <= 15).length;
    expect(inTime / critical.length).toBeGreaterThan(0.85);
    expect(full.tables.get('pacs.Device')!.rows).toHaveLength(12);
  });
});
