import type { Kysely } from 'kysely';
import { MappingError } from '../../adapters/mapping/mapping-error';
import { generateDemo } from '../../src/demo/generator';
import { DEMO_DEPARTMENTS } from '../../src/demo/hospital-departments';
import { VENDOR_SCHEMAS, type SystemName } from '../../src/demo/vendor-schemas';
import type { Sources } from '../../src/sources';
import { engineConfig, namespaceOf, openEngineSources, QueryRunner, type TestEngine } from '../support/engine-sources';
import { TEST_DEMO } from '../support/test-env';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { PROJECT_ROOT } from '../../src/paths';

/**
 * The engine suite: the same scenarios on every engine, over the same demo data. Expected values
 * come from an oracle independent of the gateway: raw SQL on the vendor tables, or the rows the
 * demo generator produced.
 */

const KIND_BY_HIS_CODE: Record<string, string> = { '1': 'OUTPATIENT', '2': 'EMERGENCY', '3': 'INPATIENT' };
const hisCode = (code: string) => DEMO_DEPARTMENTS.find((d) => d.code === code)!.hisCode;

/** per-table rows of the generated demo, for totals the tests can compute on their own */
function generatedRows(): Map<string, { columns: string[]; rows: (string | number | null)[][] }> {
  const tables = new Map<string, { columns: string[]; rows: (string | number | null)[][] }>();
  for (const schema of Object.values(VENDOR_SCHEMAS)) {
    for (const table of schema.tables) tables.set(`${schema.system}.${table.name}`, { columns: table.columns.map((c) => c.name), rows: [] });
  }
  for (const batch of generateDemo(TEST_DEMO)) tables.get(`${batch.system}.${batch.table}`)!.rows.push(...batch.rows);
  return tables;
}

export function defineEngineScenarios(engine: TestEngine): void {
  let sources: Sources;
  let runner: QueryRunner;

  const raw = async <R = Record<string, unknown>>(system: SystemName, build: (db: Kysely<any>) => { compile(): any }): Promise<R[]> => {
    const kind = { his: 'HIS', lis: 'LIS', pacs: 'PACS', finance: 'FINANCE' }[system];
    const handle = sources.handles.find((h) => h.kind === kind)!;
    const db = handle.engine.dialect.builder.withSchema(namespaceOf(engine, system));
    return handle.engine.execute<R>(build(db).compile(), { source: 'oracle' });
  };

  beforeAll(async () => {
    sources = await openEngineSources(engine);
    runner = new QueryRunner(sources);
  });

  afterAll(async () => {
    await sources?.close();
  });

  describe('lookups', () => {
    it('reads a department through the HIS mapping and crosswalk', async () => {
      const data = await runner.data('{ department(code: "CARD") { code name kind beds } }');
      const [row] = await raw<{ SYCWS: number }>('his', (db) => db.selectFrom('GY_KSDM').select('SYCWS').where('KSDM', '=', hisCode('CARD')));
      expect(data.department).toEqual({ code: 'CARD', name: '心血管内科', kind: 'CLINICAL', beds: row!.SYCWS });
      const voided = await runner.data('{ departments { code } }');
      expect(voided.departments).toHaveLength(DEMO_DEPARTMENTS.length);
    });

    it('reads a patient with every identity field translated', async () => {
      const [row] = await raw<Record<string, string>>('his', (db) =>
        db
          .selectFrom('GY_BRXX')
          .selectAll()
          .where('SFZH', 'is not', null)
          .where('XB', '=', '2')
          .where(({ exists, selectFrom }) => exists(selectFrom('ZY_BRRY').select('ZYH').whereRef('ZY_BRRY.BRID', '=', 'GY_BRXX.BRID')))
          .orderBy('BRID')
          .limit(1),
      );
      const data = await runner.data('query($id: ID!) { patient(id: $id) { id name gender birthDate idCardNumber phone address insuranceType } }', { id: row!.BRID });
      const insurance: Record<string, string> = { '01': 'URBAN_EMPLOYEE', '02': 'URBAN_RURAL_RESIDENT', '03': 'SELF_PAY', '04': 'COMMERCIAL', '05': 'PUBLIC_FUNDED', '99': 'OTHER' };
      expect(data.patient).toEqual({
        id: row!.BRID,
        name: row!.XM,
        gender: 'FEMALE',
        birthDate: String(row!.CSRQ).slice(0, 10),
        idCardNumber: row!.SFZH,
        phone: row!.LXDH,
        address: row!.JTDZ,
        insuranceType: insurance[row!.YBLX!],
      });
      expect((await runner.data('{ patient(id: "NO-SUCH-PATIENT") { id } }')).patient).toBeNull();
    });
  });

  describe('relations across the four systems', () => {
    it('walks an inpatient stay to its patient, lab results, imaging, charges and DRG case', async () => {
      const [stay] = await raw<{ visit_no: string; total_cost: number; drg_code: string }>('finance', (db) =>
        db.selectFrom('ins_drg_settle').select(['visit_no', 'total_cost', 'drg_code']).orderBy('settle_no').limit(1),
      );
      const data = await runner.data(
        `query($id: ID!) { encounter(id: $id) { id kind patient { id } department { code }
            labOrders { id department { code } results { id analyteCode } }
            imagingStudies { id equipment { id modality } }
            charges { category amount }
            drgCase { drgCode totalCost encounter { id } } } }`,
        { id: stay!.visit_no },
      );
      const encounter = data.encounter;
      expect(encounter.kind).toBe('INPATIENT');
      const [his] = await raw<{ BRID: string; KSDM: string }>('his', (db) => db.selectFrom('ZY_BRRY').select(['BRID', 'KSDM']).where('ZYH', '=', stay!.visit_no));
      expect(encounter.patient.id).toBe(his!.BRID);
      expect(encounter.department.code).toBe(DEMO_DEPARTMENTS.find((d) => d.hisCode === his!.KSDM)!.code);

      const orders = await raw<{ req_id: string }>('lis', (db) => db.selectFrom('lab_request').select('req_id').where('his_visit_no', '=', stay!.visit_no));
      expect(encounter.labOrders.map((o: { id: string }) => o.id).sort()).toEqual(orders.map((o) => o.req_id).sort());
      const results = await raw<{ n: number }>('lis', (db) =>
        db.selectFrom('lab_result as r').innerJoin('lab_request as q', 'q.req_id', 'r.req_id').select((eb) => eb.fn.countAll<number>().as('n')).where('q.his_visit_no', '=', stay!.visit_no),
      );
      expect(encounter.labOrders.reduce((sum: number, o: { results: unknown[] }) => sum + o.results.length, 0)).toBe(Number(results[0]!.n));
      for (const order of encounter.labOrders) expect(order.department.code).toBe(encounter.department.code);

      const studies = await raw<{ AccessionNumber: string }>('pacs', (db) => db.selectFrom('Study').select('AccessionNumber').where('AdmissionID', '=', stay!.visit_no));
      expect(encounter.imagingStudies.map((s: { id: string }) => s.id).sort()).toEqual(studies.map((s) => s.AccessionNumber).sort());

      const charged = encounter.charges.reduce((sum: number, c: { amount: number }) => sum + c.amount, 0);
      expect(charged).toBeCloseTo(Number(stay!.total_cost), 2);
      expect(encounter.drgCase).toEqual({ drgCode: stay!.drg_code, totalCost: Number(stay!.total_cost), encounter: { id: stay!.visit_no } });
    });
  });

  describe('filters', () => {
    it('counts a department’s inpatient admissions of a month as the HIS does', async () => {
      const month = '2026-03';
      const data = await runner.data(`{ encounters(filter: { departments: ["CARD"], period: { month: "${month}" }, kind: INPATIENT }, first: 0) { totalCount } }`);
      const [row] = await raw<{ n: number }>('his', (db) =>
        db
          .selectFrom('ZY_BRRY')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('KSDM', '=', hisCode('CARD'))
          .where('ZFBZ', '=', '0')
          .where('RYSJ', '>=', engine === 'mssql' ? '2026-03-01T00:00:00' : '2026-03-01 00:00:00')
          .where('RYSJ', '<', engine === 'mssql' ? '2026-04-01T00:00:00' : '2026-04-01 00:00:00'),
      );
      expect(Number(row!.n)).toBeGreaterThan(0);
      expect(data.encounters.totalCount).toBe(Number(row!.n));
    });

    it('finds patients by the departments they were treated in (EXISTS pushed down)', async () => {
      const data = await runner.data('{ patients(filter: { departments: ["NSUR"] }, first: 10000) { totalCount edges { node { id } } } }');
      const rows = await raw<{ BRID: string }>('his', (db) => db.selectFrom('V_JZJL').select('BRID').distinct().where('KSDM', '=', hisCode('NSUR')));
      expect(data.patients.totalCount).toBe(rows.length);
      expect(data.patients.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual(rows.map((r) => r.BRID).sort());
    });

    it('matches the generator’s own counts per kind of encounter', async () => {
      const generated = generatedRows();
      const outpatient = generated.get('his.MZ_GHJL')!;
      const inpatient = generated.get('his.ZY_BRRY')!;
      const expected: Record<string, number> = { OUTPATIENT: 0, EMERGENCY: 0, INPATIENT: 0 };
      const col = (table: typeof outpatient, name: string) => table.columns.indexOf(name);
      for (const row of outpatient.rows) if (row[col(outpatient, 'ZFBZ')] === '0') expected[KIND_BY_HIS_CODE[row[col(outpatient, 'JZLX')] as string]!]! += 1;
      for (const row of inpatient.rows) if (row[col(inpatient, 'ZFBZ')] === '0') expected.INPATIENT! += 1;
      const data = await runner.data(`{
        o: encounters(filter: { kind: OUTPATIENT }, first: 0) { totalCount }
        e: encounters(filter: { kind: EMERGENCY }, first: 0) { totalCount }
        i: encounters(filter: { kind: INPATIENT }, first: 0) { totalCount } }`);
      expect({ OUTPATIENT: data.o.totalCount, EMERGENCY: data.e.totalCount, INPATIENT: data.i.totalCount }).toEqual(expected);
    });

    it('rejects a malformed period with BAD_USER_INPUT', async () => {
      const result = await runner.run('{ encounters(filter: { period: { month: "2026-3" } }) { totalCount } }');
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toContain("'2026-3' is not a month");
    });
  });

  describe('pagination', () => {
    it('walks every page of a list exactly once, in order, as many items as totalCount says', async () => {
      const query = `query($after: String) { labOrders(filter: { departments: ["RESP"], period: { quarter: "2026-Q1" } }, first: 37, after: $after) {
          totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id orderedAt } } } }`;
      const seen: { id: string; orderedAt: string }[] = [];
      let after: string | null = null;
      let total = -1;
      for (let pages = 0; pages < 1000; pages++) {
        const data: any = await runner.data(query, { after });
        total = data.labOrders.totalCount;
        seen.push(...data.labOrders.edges.map((e: { node: { id: string; orderedAt: string } }) => e.node));
        if (!data.labOrders.pageInfo.hasNextPage) break;
        expect(data.labOrders.edges.at(-1).cursor).toBe(data.labOrders.pageInfo.endCursor);
        after = data.labOrders.pageInfo.endCursor;
      }
      expect(total).toBeGreaterThan(37);
      expect(seen).toHaveLength(total);
      expect(new Set(seen.map((s) => s.id)).size).toBe(total);
      const rows = await raw<{ req_id: string }>('lis', (db) =>
        db
          .selectFrom('lab_request')
          .select('req_id')
          .where('req_dept', '=', DEMO_DEPARTMENTS.find((d) => d.code === 'RESP')!.lisCode)
          .where('req_time', '>=', engine === 'mssql' ? '2026-01-01T00:00:00' : '2026-01-01 00:00:00')
          .where('req_time', '<', engine === 'mssql' ? '2026-04-01T00:00:00' : '2026-04-01 00:00:00')
          .orderBy('req_time')
          .orderBy('req_id'),
      );
      expect(seen.map((s) => s.id)).toEqual(rows.map((r) => r.req_id));
    });

    it('pages each department’s encounters in one statement per level', async () => {
      const query = `query($after: String) { departments(filter: { codes: ["CARD", "ORTH"] }) { code
          encounters(filter: { kind: INPATIENT }, first: 5, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id department { code } } } } } }`;
      const first = await runner.run(query, { after: null });
      expect(first.errors).toBeUndefined();
      const departments = (first.data as any).departments;
      for (const department of departments) {
        expect(department.encounters.edges).toHaveLength(5);
        for (const edge of department.encounters.edges) expect(edge.node.department.code).toBe(department.code);
      }
      // departments, one windowed page query, one grouped count; departments of nodes are cached
      expect(first.statements).toHaveLength(3);
    });

    it('refuses a cursor from another list and a page size over the limit', async () => {
      const data = await runner.data('{ patients(first: 1) { pageInfo { endCursor } } }');
      const mixed = await runner.run('query($after: String) { encounters(filter: {}, first: 1, after: $after) { totalCount } }', { after: data.patients.pageInfo.endCursor });
      expect(mixed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
      const big = await runner.run('{ encounters(filter: {}, first: 10001) { totalCount } }');
      expect(big.errors?.[0]?.message).toContain('at most 10000');
    });
  });

  describe('code crosswalks', () => {
    it('translates every system’s department codes to the canonical code', async () => {
      const data = await runner.data(`{
        l: labOrders(filter: { departments: ["RESP"] }, first: 3) { edges { node { department { code name } } } }
        i: imagingStudies(filter: { departments: ["RESP"] }, first: 3) { edges { node { department { code } } } }
        d: drgCases(filter: { departments: ["RESP"] }, first: 3) { edges { node { department { code } } } }
        e: department(code: "RAD") { equipment { id department { code } } } }`);
      for (const list of [data.l, data.i, data.d]) {
        expect(list.edges.length).toBe(3);
        for (const edge of list.edges) expect(edge.node.department.code).toBe('RESP');
      }
      expect(data.l.edges[0].node.department.name).toBe('呼吸与危重症医学科');
      expect(data.e.equipment.length).toBeGreaterThan(0);
      for (const equipment of data.e.equipment) expect(equipment.department.code).toBe('RAD');
    });

    it('translates value codes in both directions (fee classes many-to-one, months as YYYYMM)', async () => {
      const data = await runner.data('{ department(code: "CARD") { costs(period: { month: "2026-03" }) { month category amount } } }');
      const rows = await raw<{ cost_item: string; amount: number }>('finance', (db) =>
        db.selectFrom('fa_dept_cost').select(['cost_item', 'amount']).where('cc_code', '=', 'CC1101').where('cost_month', '=', '202603'),
      );
      expect(data.department.costs).toHaveLength(rows.length);
      expect(new Set(data.department.costs.map((c: { month: string }) => c.month))).toEqual(new Set(['2026-03']));
      const personnel = rows.find((r) => r.cost_item === '5001')!;
      expect(data.department.costs.find((c: { category: string }) => c.category === 'PERSONNEL').amount).toBeCloseTo(Number(personnel.amount), 2);
    });
  });

  describe('batching', () => {
    const NESTED = `query($first: Int) { departments(filter: { kind: CLINICAL }) { code
        encounters(first: $first) { edges { node { id lengthOfStay
          patient { id gender }
          diagnoses { code }
          labOrders { id results { analyteCode abnormalFlag } }
          imagingStudies { modality equipment { id } }
          charges { category amount }
          drgCase { drgCode weight } } } } } }`;

    it('sends a number of statements that depends on the query depth, not on the rows returned', async () => {
      const small = await runner.run(NESTED, { first: 2 });
      const large = await runner.run(NESTED, { first: 400 });
      expect(small.errors).toBeUndefined();
      expect(large.errors).toBeUndefined();
      const rows = (result: typeof large) =>
        (result.data as any).departments.reduce((sum: number, d: any) => sum + d.encounters.edges.reduce((s: number, e: any) => s + 1 + e.node.labOrders.reduce((t: number, o: any) => t + 1 + o.results.length, 0), 0), 0);
      expect(rows(large)).toBeGreaterThan(3_000);
      expect(rows(large)).toBeGreaterThan(20 * rows(small));
      // departments, encounters per department, then one statement per relation and level:
      // patient, diagnoses, lab orders, lab results, imaging, equipment, charges, DRG case.
      expect(small.statements).toHaveLength(10);
      expect(large.statements).toHaveLength(small.statements.length);
    });
  });

  describe('permissions pushed into SQL', () => {
    const clinician = { id: 'doc', name: 'Doc', roles: ['clinician'], departments: ['CARD'] };
    const ops = { id: 'ops', name: 'Ops', roles: ['ops_assistant'], departments: ['CARD'] };
    const director = { id: 'dir', name: 'Dir', roles: ['dept_director'], departments: ['CARD'] };
    const finance = { id: 'fin', name: 'Fin', roles: ['finance'], departments: [] };
    const analyst = { id: 'ana', name: 'Ana', roles: ['analyst'], departments: [] };

    it('lists a clinician’s patients as those with an encounter in their departments, scope in every statement', async () => {
      const result = await runner.run('{ patients(first: 10000) { totalCount edges { node { id } } } }', undefined, clinician);
      expect(result.errors).toBeUndefined();
      const rows = await raw<{ BRID: string }>('his', (db) => db.selectFrom('V_JZJL').select('BRID').distinct().where('KSDM', '=', hisCode('CARD')));
      const data = result.data as any;
      expect(data.patients.totalCount).toBe(rows.length);
      expect(data.patients.edges.map((e: any) => e.node.id).sort()).toEqual(rows.map((r) => r.BRID).sort());
      expect(result.statements).toHaveLength(2);
      for (const statement of result.statements) {
        expect(statement.sql).toMatch(/exists \(select/i);
        expect(statement.parameters).toContain(hisCode('CARD'));
      }
    });

    it('scopes counts and relations: another department’s rows are not there, nor reachable', async () => {
      const cardLis = DEMO_DEPARTMENTS.find((d) => d.code === 'CARD')!.lisCode;
      const result = await runner.run('{ own: labOrders(filter: {}, first: 1) { totalCount } other: labOrders(filter: { departments: ["RESP"] }, first: 5) { totalCount edges { node { id } } } }', undefined, ops);
      expect(result.errors).toBeUndefined();
      const [own] = await raw<{ n: number }>('lis', (db) => db.selectFrom('lab_request').select((eb) => eb.fn.countAll<number>().as('n')).where('req_dept', '=', cardLis));
      expect((result.data as any).own.totalCount).toBe(Number(own!.n));
      expect((result.data as any).other).toEqual({ totalCount: 0, edges: [] });
      for (const statement of result.statements) expect(statement.parameters).toContain(cardLis);

      // a patient treated in CARD and elsewhere: the clinician sees the CARD encounters only
      const [mixed] = await raw<{ BRID: string }>('his', (db) =>
        db.selectFrom('V_JZJL as a').innerJoin('V_JZJL as b', 'a.BRID', 'b.BRID').select('a.BRID').where('a.KSDM', '=', hisCode('CARD')).where('b.KSDM', '<>', hisCode('CARD')).orderBy('a.BRID').limit(1),
      );
      const seen = await runner.data('query($id: ID!) { patient(id: $id) { id encounters { department { code } } } }', { id: mixed!.BRID }, clinician);
      expect(seen.patient.encounters.length).toBeGreaterThan(0);
      expect(new Set(seen.patient.encounters.map((e: any) => e.department.code))).toEqual(new Set(['CARD']));
    });

    it('reads each department of a scope in its own branch, without the scope list, and no branch for a department outside it', async () => {
      const director = { id: 'test-director-2', name: null, roles: ['dept_director'], departments: ['CARD', 'ORTH'] };
      const result = await runner.run('{ departments(filter: { codes: ["CARD", "ORTH", "RESP"] }) { code encounters(first: 3) { edges { node { id department { code } } } } } }', undefined, director);
      expect(result.errors).toBeUndefined();
      const pages = new Map((result.data as any).departments.map((d: any) => [d.code, d.encounters.edges.map((e: any) => e.node.id)]));
      for (const code of ['CARD', 'ORTH']) {
        const rows = await raw<{ JZH: string }>('his', (db) => db.selectFrom('V_JZJL').select('JZH').where('KSDM', '=', hisCode(code)).orderBy('KSSJ').orderBy('JZH').limit(3));
        expect(pages.get(code)).toEqual(rows.map((r) => r.JZH));
      }
      expect(pages.get('RESP')).toEqual([]);
      const grouped = result.statements.find((s) => / union all /i.test(s.sql))!;
      expect(grouped.sql.split(/ union all /i)).toHaveLength(2);
      // each branch: its department and its limit; RESP, which the director may not read, is not asked for
      expect(grouped.parameters).toEqual(expect.arrayContaining([hisCode('CARD'), hisCode('ORTH')]));
      expect(grouped.parameters).not.toContain(hisCode('RESP'));
      expect(grouped.parameters.filter((p) => p === hisCode('CARD'))).toHaveLength(1);
    });

    it('answers the same for a hidden record as for a missing one', async () => {
      const [elsewhere] = await raw<{ BRID: string }>('his', (db) =>
        db
          .selectFrom('GY_BRXX as p')
          .select('p.BRID')
          .where(({ not, exists, selectFrom }) => not(exists(selectFrom('V_JZJL as e').select('e.BRID').whereRef('e.BRID', '=', 'p.BRID').where('e.KSDM', '=', hisCode('CARD')))))
          .orderBy('p.BRID')
          .limit(1),
      );
      const hidden = await runner.run('query($id: ID!) { patient(id: $id) { id name } }', { id: elsewhere!.BRID }, clinician);
      const missing = await runner.run('query($id: ID!) { patient(id: $id) { id name } }', { id: 'NO-SUCH-PATIENT' }, clinician);
      expect([hidden.data, hidden.errors]).toEqual([{ patient: null }, undefined]);
      expect([missing.data, missing.errors]).toEqual([hidden.data, hidden.errors]);
    });

    it('treats a filter or lookup by a sensitive field as a read of it: forbidden unless read in clear', async () => {
      const [patient] = await raw<{ BRID: string; XM: string; SFZH: string }>('his', (db) =>
        db.selectFrom('GY_BRXX as p').select(['p.BRID', 'p.XM', 'p.SFZH']).where('p.SFZH', 'is not', null)
          .where(({ exists, selectFrom }) => exists(selectFrom('V_JZJL as e').select('e.BRID').whereRef('e.BRID', '=', 'p.BRID').where('e.KSDM', '=', hisCode('CARD'))))
          .orderBy('p.BRID').limit(1),
      );
      const byName = `{ patients(filter: { name: ${JSON.stringify(patient!.XM)} }) { totalCount edges { node { id } } } }`;
      const byId = `{ patients(filter: { idCardNumber: ${JSON.stringify(patient!.SFZH)} }) { totalCount } }`;
      for (const [viewer, query] of [[analyst, byName], [analyst, byId], [director, byId], [finance, byName], [ops, byName]] as const) {
        const result = await runner.run(query, undefined, viewer);
        expect(result.data).toBeUndefined();
        expect(result.statements).toHaveLength(0);
        expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(result.errors?.[0]?.message).not.toContain(patient!.XM);
      }
      const lookup = await runner.run(`{ patient(id: ${JSON.stringify(patient!.BRID)}) { gender } }`, undefined, analyst);
      expect(lookup.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', argument: 'Query.patient(id)' });
      const allowed = await runner.data(byName, undefined, clinician);
      expect(allowed.patients.edges.map((e: any) => e.node.id)).toContain(patient!.BRID);
    });

    it('withholds counts over fewer than k patients from analysts, not from finance', async () => {
      const small = await raw<{ KSDM: string; n: number }>('his', (db) =>
        db.selectFrom('ZY_BRRY').select(['KSDM', (eb) => eb.fn.count<number>('BRID').distinct().as('n')])
          .where('ZFBZ', '=', '0').where('RYSJ', '>=', engine === 'mssql' ? '2026-03-01T00:00:00' : '2026-03-01 00:00:00').where('RYSJ', '<', engine === 'mssql' ? '2026-04-01T00:00:00' : '2026-04-01 00:00:00')
          .groupBy('KSDM').orderBy('KSDM'),
      );
      const tiny = small.find((row) => Number(row.n) > 0 && Number(row.n) < 5 && DEMO_DEPARTMENTS.some((d) => d.hisCode === row.KSDM))!;
      const code = DEMO_DEPARTMENTS.find((d) => d.hisCode === tiny.KSDM)!.code;
      const query = `{ e: encounters(filter: { departments: ["${code}"], period: { month: "2026-03" }, kind: INPATIENT }, first: 0) { totalCount totalCountSuppressed }
        all: encounters(filter: { period: { month: "2026-03" }, kind: INPATIENT }, first: 0) { totalCount totalCountSuppressed }
        d: departments(filter: { codes: ["${code}"] }) { encounters(filter: { period: { month: "2026-03" }, kind: INPATIENT }, first: 0) { totalCount totalCountSuppressed } } }`;
      const seenByAnalyst = await runner.data(query, undefined, analyst);
      expect(seenByAnalyst.e).toEqual({ totalCount: null, totalCountSuppressed: true });
      expect(seenByAnalyst.d[0].encounters).toEqual({ totalCount: null, totalCountSuppressed: true });
      expect(seenByAnalyst.all.totalCountSuppressed).toBe(false);
      expect(seenByAnalyst.all.totalCount).toBeGreaterThan(5);
      const seenByFinance = await runner.data(query, undefined, finance);
      expect(seenByFinance.e.totalCountSuppressed).toBe(false);
      expect(seenByFinance.e.totalCount).toBeGreaterThan(0);
      expect(seenByFinance.d[0].encounters.totalCount).toBe(seenByFinance.e.totalCount);
    });
  });

  describe('mapping checked against the live source', () => {
    it('refuses to start when a mapped column does not exist, naming it', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'gw-mapping-'));
      const file = path.join(dir, 'his.yaml');
      writeFileSync(file, readFileSync(path.join(PROJECT_ROOT, 'mappings', 'demo', 'his.yaml'), 'utf8').replace('      address: JTDZ', '      address: JTDZZ'));
      const error = await openEngineSources(engine, engineConfig(engine, { mapping: { his: file } })).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MappingError);
      expect((error as MappingError).problems).toEqual([expect.objectContaining({ file, entity: 'Patient', key: 'fields' })]);
      expect((error as MappingError).message).toContain("column 'JTDZZ' does not exist in 'GY_BRXX'");
    });
  });
}
