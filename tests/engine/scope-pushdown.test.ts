import { openEngineSources, QueryRunner } from '../support/engine-sources';
import type { Sources } from '../../src/sources';

/**
 * A patient read under a department scope carries the scope as EXISTS over the encounters; the
 * ids being read are repeated inside it, so the source probes encounters by patient instead of
 * hashing every encounter of the scope — and the rows are the same as without the repetition.
 */
describe('row scope EXISTS narrowed by the ids being read (embedded engine)', () => {
  let sources: Sources;
  let runner: QueryRunner;
  beforeAll(async () => {
    sources = await openEngineSources('embedded');
    runner = new QueryRunner(sources);
  });
  afterAll(() => sources.close());

  it('repeats the patient ids inside the scope EXISTS and returns every patient of the page', async () => {
    const viewer = { id: 'doc', name: null, roles: ['clinician'], departments: ['CARD'] };
    const run = await runner.run(`{ department(code: "CARD") { encounters(first: 30) { edges { node { id patient { id name } } } } } }`, {}, viewer);
    expect(run.errors).toBeUndefined();
    const patients = (run.data as any).department.encounters.edges.map((e: any) => e.node.patient);
    expect(patients.length).toBe(30);
    expect(patients.every((p: any) => p && typeof p.name === 'string')).toBe(true);
    const statement = run.statements.find((s) => s.sql.includes('"GY_BRXX"'))!;
    const inner = /exists \((.*)\)/.exec(statement.sql)![1]!;
    expect(inner).toMatch(/"tx"\."BRID" = "t"\."BRID"/);
    expect(inner).toMatch(/"tx"\."BRID" in \(/);
    const ids = new Set(patients.map((p: any) => p.id));
    for (const id of ids) expect(statement.parameters.filter((value) => value === id)).toHaveLength(2);
  });
});
