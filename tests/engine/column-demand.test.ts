import { openEngineSources, QueryRunner } from '../support/engine-sources';
import type { Sources } from '../../src/sources';

/**
 * Statements read the columns the request's document needs, not every mapped column: a list of
 * names does not fetch ID numbers, phones and addresses it will not return — and computed
 * fields still get what they are computed from.
 */
describe('columns selected only when requested (embedded engine)', () => {
  let sources: Sources;
  let runner: QueryRunner;

  beforeAll(async () => {
    sources = await openEngineSources('embedded');
    runner = new QueryRunner(sources);
  });
  afterAll(() => sources.close());

  const statementOn = (statements: { sql: string }[], table: string) => {
    const found = statements.find((s) => s.sql.includes(`"${table}"`));
    if (!found) throw new Error(`no statement on ${table}: ${statements.map((s) => s.sql.slice(0, 120)).join('\n')}`);
    return found.sql;
  };

  it('a patient page with names reads no identity number, phone or address columns', async () => {
    const run = await runner.run(`{ patients(first: 5) { edges { node { id name } } } }`);
    expect(run.errors).toBeUndefined();
    expect((run.data as any).patients.edges).toHaveLength(5);
    const sql = statementOn(run.statements, 'GY_BRXX');
    expect(sql).toContain('"XM"');
    for (const column of ['"SFZH"', '"LXDH"', '"JTDZ"', '"CSRQ"']) expect(sql).not.toContain(column);
  });

  it('asking for the phone reads it', async () => {
    const run = await runner.run(`{ patients(first: 5) { edges { node { id phone } } } }`);
    expect(run.errors).toBeUndefined();
    expect((run.data as any).patients.edges.every((e: any) => typeof e.node.phone === 'string')).toBe(true);
    expect(statementOn(run.statements, 'GY_BRXX')).toContain('"LXDH"');
  });

  it('lab results of encounters read the three result columns asked for and the link to their order', async () => {
    const run = await runner.run(`{ encounters(first: 20, filter: { kind: INPATIENT }) { edges { node { id labOrders { id results { analyteCode value } } } } } }`);
    expect(run.errors).toBeUndefined();
    const sql = statementOn(run.statements, 'lab_result');
    expect(sql).toContain('"item_code"');
    expect(sql).toContain('"req_id"');
    for (const column of ['"ref_range"', '"crit_notify_time"', '"unit"']) expect(sql).not.toContain(column);
    const results = (run.data as any).encounters.edges.flatMap((e: any) => e.node.labOrders.flatMap((o: any) => o.results));
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r: any) => typeof r.analyteCode === 'string')).toBe(true);
  });

  it('a computed field reads what it is computed from (length of stay: admission and discharge)', async () => {
    const pruned = await runner.data(`{ encounters(first: 50, filter: { kind: INPATIENT }) { edges { node { id lengthOfStay } } } }`);
    const full = await runner.data(`{ encounters(first: 50, filter: { kind: INPATIENT }) { edges { node { id lengthOfStay admittedAt dischargedAt dischargeOutcome } } } }`);
    const stays = (data: any) => data.encounters.edges.map((e: any) => e.node.lengthOfStay);
    expect(stays(pruned).filter((n: unknown) => typeof n === 'number').length).toBeGreaterThan(10);
    expect(stays(pruned)).toEqual(stays(full));
  });

  it('the same rows come back whether columns are pruned or not (nested relations, cursors)', async () => {
    const query = `query($after: String) { departments(filter: { kind: CLINICAL }) { code encounters(first: 3, after: $after) { pageInfo { endCursor } edges { node { id patient { id name } imagingStudies { modality } } } } } }`;
    const first = await runner.data(query);
    const card = first.departments.find((d: any) => d.code === 'CARD');
    const next = await runner.data(query, { after: card.encounters.pageInfo.endCursor });
    const ids = (data: any) => data.departments.find((d: any) => d.code === 'CARD').encounters.edges.map((e: any) => e.node.id);
    expect(ids(next)).toHaveLength(3);
    expect(ids(next).some((id: string) => ids(first).includes(id))).toBe(false);
    expect(first.departments.flatMap((d: any) => d.encounters.edges).every((e: any) => typeof e.node.patient.name === 'string')).toBe(true);
  });
});
