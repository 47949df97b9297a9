import { openEngineSources, QueryRunner } from '../support/engine-sources';
import type { Sources } from '../../src/sources';

/**
 * A patient read by id under a department scope carries the scope as EXISTS over the encounters;
 * the ids being read are repeated inside it, so the source probes encounters by patient instead
 * of hashing every encounter of the scope — and the rows are the same as without the repetition.
 * The patient of an encounter the viewer may read is read without it: the encounter itself is
 * the row the EXISTS would find (row-scope.ts, SCOPE_IMPLIED_BY_PARENT).
 */
describe('row scope of patients read by id (embedded engine)', () => {
  let sources: Sources;
  let runner: QueryRunner;
  const viewer = { id: 'doc', name: null, roles: ['clinician'], departments: ['CARD'] };
  beforeAll(async () => {
    sources = await openEngineSources('embedded');
    runner = new QueryRunner(sources);
  });
  afterAll(() => sources.close());

  it('repeats the patient ids inside the scope EXISTS and returns every patient of the page', async () => {
    const run = await runner.run(`{ labOrders(filter: { departments: ["CARD"] }, first: 30) { edges { node { id patient { id name } } } } }`, {}, viewer);
    expect(run.errors).toBeUndefined();
    const patients = (run.data as any).labOrders.edges.map((e: any) => e.node.patient);
    expect(patients.length).toBe(30);
    expect(patients.every((p: any) => p && typeof p.name === 'string')).toBe(true);
    const statement = run.statements.find((s) => s.sql.includes('"GY_BRXX"'))!;
    const inner = /exists \((.*)\)/.exec(statement.sql)![1]!;
    expect(inner).toMatch(/"tx"\."BRID" = "t"\."BRID"/);
    expect(inner).toMatch(/"tx"\."BRID" in \(/);
    const ids = new Set(patients.map((p: any) => p.id));
    for (const id of ids) expect(statement.parameters.filter((value) => value === id)).toHaveLength(2);
  });

  it('reads the patients of readable encounters without the EXISTS, and they are the ones the scoped lookup finds', async () => {
    const run = await runner.run(`{ department(code: "CARD") { encounters(first: 30) { edges { node { id patient { id name gender } diagnoses { code } } } } } }`, {}, viewer);
    expect(run.errors).toBeUndefined();
    const patients = (run.data as any).department.encounters.edges.map((e: any) => e.node.patient);
    expect(patients.length).toBe(30);
    const statement = run.statements.find((s) => s.sql.includes('"GY_BRXX"'))!;
    expect(statement.sql).not.toMatch(/exists/i);
    // the diagnoses of those encounters likewise
    expect(run.statements.find((s) => s.sql.includes('"ZD_JZZD"'))!.sql).not.toMatch(/exists/i);
    // the oracle: each patient looked up by id with the scope in the statement, one by one
    for (const patient of patients) {
      const lookup = await runner.run(`query($id: ID!) { patient(id: $id) { id name gender } }`, { id: patient.id }, viewer);
      expect(lookup.errors).toBeUndefined();
      expect((lookup.data as any).patient).toEqual(patient);
      expect(lookup.statements[0]!.sql).toMatch(/exists/i);
      // each statement starts from the same cached column list and carries only its own values
      const others = new Set(patients.map((p: any) => p.id).filter((id: string) => id !== patient.id));
      expect(lookup.statements[0]!.parameters.filter((value) => others.has(value))).toEqual([]);
    }
  });

  it('keeps the scope on a patient asked for by id, so that one outside it stays out of reach', async () => {
    const cardPatients = new Set<string>();
    const card = await runner.run(`{ department(code: "CARD") { encounters(first: 500) { edges { node { patient { id } } } } } }`, {}, viewer);
    for (const edge of (card.data as any).department.encounters.edges) cardPatients.add(edge.node.patient.id);
    const orthOnly = await runner.run(`{ department(code: "ORTH") { encounters(first: 200) { edges { node { patient { id } } } } } }`, {}, { ...viewer, departments: ['ORTH'] });
    const outside = (orthOnly.data as any).department.encounters.edges.map((e: any) => e.node.patient.id).find((id: string) => !cardPatients.has(id));
    expect(outside).toBeDefined();
    const lookup = await runner.run(`query($id: ID!) { patient(id: $id) { id name } }`, { id: outside }, viewer);
    expect((lookup.data as any).patient).toBeNull();
  });
});
