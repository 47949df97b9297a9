import { NESTED, rowsOf } from '../../bench/scenarios/nested-list';
import { ensureServerData } from '../../bench/server-data';
import { rowsOfPostGraphile, startPostGraphile, type PostGraphilePeer } from '../../bench/peers/postgraphile';
import { startUnsecuredServer } from '../../bench/unsecured-server';
import { postGraphQL } from '../../bench/bench-gateway';
import { FIND_KEYS, wallKeys } from '../../bench/scenarios/wall-requests';
import type { Sources } from '../../src/sources';
import { engineConfig, openEngineSources, QueryRunner } from '../support/engine-sources';
import { demoFingerprint, describeWithEngine, PG_URL, TEST_DEMO } from '../support/test-env';

/**
 * The PostGraphile peer of the benchmarks answers scenario (a) with the same rows as the gateway,
 * over the same PostgreSQL data (the test demo).
 */
describeWithEngine('postgres', 'PostGraphile peer (bench, issue 8)', () => {
  let sources: Sources;
  let runner: QueryRunner;
  let peer: PostGraphilePeer;

  beforeAll(async () => {
    // The test demo in schemas of its own (gwpeer_his, …), loaded once and reused while the demo
    // is unchanged: the global setup reloads gwtest_* on every jest run, and other engineers'
    // runs would drop those schemas under this suite.
    const { namespaces: schemas } = await ensureServerData('postgres', TEST_DEMO, () => {}, { url: PG_URL, prefix: 'gwpeer_', version: demoFingerprint() });
    const config = engineConfig('postgres');
    for (const system of ['his', 'lis', 'pacs', 'finance'] as const) config.sources[system]!.schema = schemas[system];
    sources = await openEngineSources('postgres', config);
    runner = new QueryRunner(sources);
    peer = await startPostGraphile({ connectionString: PG_URL, schemas, poolSize: 4 });
  }, 120_000);

  afterAll(async () => {
    await peer?.close();
    await sources?.close();
  });

  /** each department's encounters in order, with the rows under each encounter */
  const gatewayShape = (data: any) =>
    data.departments.map((d: any) =>
      d.encounters.edges.map(({ node }: any) => [node.id, node.patient?.id ?? null, node.labOrders.map((o: any) => o.results.length), node.imagingStudies.length]),
    );
  const peerShape = (data: any) =>
    data.allDepartments.nodes.map((d: any) =>
      d.encounters.edges.map(({ node }: any) => [node.jzh, node.patient?.brid ?? null, node.labOrders.nodes.map((o: any) => o.results.nodes.length), node.imagingStudies.nodes.length]),
    );

  it('returns the same rows as the gateway for the nested list (first 5), in one statement', async () => {
    const gateway = await runner.run(NESTED, { first: 5 });
    expect(gateway.errors).toBeUndefined();
    const before = peer.statements();
    const result = await peer.execute(peer.nestedQuery, { first: 5 });
    const statements = peer.statements() - before;
    expect(result.errors).toBeUndefined();
    const rows = rowsOf(gateway);
    expect(rows).toBeGreaterThan(100);
    expect(rowsOfPostGraphile(result.data)).toBe(rows);
    // not only as many rows: the same encounters in the same order, the same children under each
    expect(peerShape(result.data)).toEqual(gatewayShape(gateway.data));
    expect(statements).toBe(1);
    expect(gateway.statements.length).toBe(6);
  });

  it('answers over HTTP with the same rows', async () => {
    const gateway = await runner.run(NESTED, { first: 5 });
    const response = await peer.post(peer.nestedQuery, { first: 5 });
    expect(response.errors).toBeUndefined();
    expect(rowsOfPostGraphile(response.data)).toBe(rowsOf(gateway));
    expect(peer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
  });

  it("offers small queries for scenario (d) that match the gateway's", async () => {
    const nested = await runner.data(NESTED, { first: 1 });
    const encounter = nested.departments.find((d: any) => d.encounters.edges[0]?.node.labOrders.length > 0).encounters.edges[0].node;

    const statementsOf = async (run: () => Promise<unknown>) => {
      const before = peer.statements();
      await run();
      return peer.statements() - before;
    };
    const departments = peer.smallQueries.departments;
    const gatewayDepartments = await runner.data(departments.gateway, departments.variables().gateway);
    const peerDepartments = await peer.execute(departments.postgraphile, departments.variables().postgraphile);
    expect(peerDepartments.errors).toBeUndefined();
    expect((peerDepartments.data as any).allDepartments.nodes.map((d: any) => d.ksmc)).toEqual(gatewayDepartments.departments.map((d: any) => d.name));
    expect(peer.smallQuery).toBe(departments.postgraphile);
    // statements per request: PostGraphile one each; the gateway one per source table read
    const gatewayStatements = { departments: 1, patient: 1, encounterLabs: 3 };
    for (const [name, small] of Object.entries(peer.smallQueries)) {
      const key = name === 'patient' ? encounter.patient.id : encounter.id;
      expect(await statementsOf(() => peer.execute(small.postgraphile, small.variables(key).postgraphile))).toBe(1);
      expect((await runner.run(small.gateway, small.variables(key).gateway)).statements).toHaveLength(gatewayStatements[name as keyof typeof gatewayStatements]);
    }

    const patient = peer.smallQueries.patient;
    const gatewayPatient = await runner.data(patient.gateway, patient.variables(encounter.patient.id).gateway);
    const peerPatient = await peer.execute(patient.postgraphile, patient.variables(encounter.patient.id).postgraphile);
    expect(peerPatient.errors).toBeUndefined();
    expect((peerPatient.data as any).patientByBrid).toMatchObject({ brid: gatewayPatient.patient.id, xm: gatewayPatient.patient.name });

    const labs = peer.smallQueries.encounterLabs;
    const gatewayLabs = await runner.data(labs.gateway, labs.variables(encounter.id).gateway);
    const peerLabs = await peer.execute(labs.postgraphile, labs.variables(encounter.id).postgraphile);
    expect(peerLabs.errors).toBeUndefined();
    const peerEncounter = (peerLabs.data as any).encounterByJzh;
    expect(peerEncounter.jzh).toBe(gatewayLabs.encounter.id);
    expect(peerEncounter.labOrders.nodes.map((o: any) => o.results.nodes.length)).toEqual(gatewayLabs.encounter.labOrders.map((o: any) => o.results.length));
  });

  it("chooses for scenario (d) a cardiology encounter whose lab orders have results, read alike by the gateway and the peer", async () => {
    const keys = wallKeys(await runner.data(FIND_KEYS));
    const labs = peer.smallQueries.encounterLabs;
    const gatewayLabs = await runner.data(labs.gateway, labs.variables(keys.encounterId).gateway);
    const results = gatewayLabs.encounter.labOrders.map((o: any) => o.results.length);
    expect(results.reduce((a: number, b: number) => a + b, 0)).toBeGreaterThan(0);
    const peerLabs = await peer.execute(labs.postgraphile, labs.variables(keys.encounterId).postgraphile);
    expect((peerLabs.data as any).encounterByJzh.labOrders.nodes.map((o: any) => o.results.nodes.length)).toEqual(results);
    // the patient is the encounter's
    const patient = await runner.data(`query($id: ID!) { encounter(id: $id) { patient { id } } }`, { id: keys.encounterId });
    expect(patient.encounter.patient.id).toBe(keys.patientId);
  });

  it("serves the unsecured baseline of scenario (d) with the gateway's answers, statements and columns", async () => {
    const baseline = await startUnsecuredServer(sources, { defaultPageSize: 100, maxPageSize: 10_000 });
    try {
      const nested = await runner.data(NESTED, { first: 1 });
      const encounter = nested.departments.find((d: any) => d.encounters.edges[0]?.node.labOrders.length > 0).encounters.edges[0].node;
      for (const [name, small] of Object.entries(peer.smallQueries)) {
        const key = name === 'patient' ? encounter.patient.id : encounter.id;
        const { gateway: variables } = small.variables(key);
        const viaGateway = await runner.run(small.gateway, variables);
        const before = baseline.statements.count;
        const viaBaseline = await postGraphQL(baseline.url, { query: small.gateway, variables });
        expect(viaBaseline).toEqual(viaGateway.data);
        expect(baseline.statements.count - before).toBe(viaGateway.statements.length);
      }
    } finally {
      await baseline.close();
    }
  });
});
