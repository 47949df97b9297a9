import pg from 'pg';
import { startTestGateway, type TestGateway } from '../support/test-gateway';
import { describeWithEngine, PG_URL } from '../support/test-env';

/**
 * Fail-closed: the audit store on a PostgreSQL server the test controls. When it refuses the
 * write or stalls past the commit timeout, no response carries a sensitive value; the rest of
 * the response is served; the gateway recovers by itself when the store does.
 */
describeWithEngine('postgres', 'the audit store failing under load', () => {
  const schema = `gwtest_audit_fc_${process.pid}`;
  let gw: TestGateway;
  let admin: pg.Pool;
  let clinician: string;

  const QUERY = `query Ward { departments(filter: { codes: ["CARD"] }) { name
    encounters(filter: { kind: INPATIENT }, first: 5) { edges { node { id admittedAt patient { name phone } diagnoses { code } } } } } }`;

  beforeAll(async () => {
    admin = new pg.Pool({ connectionString: PG_URL, max: 3 });
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    gw = await startTestGateway({
      configure: (config) => {
        config.audit = { ...config.audit, engine: 'postgres', url: PG_URL, schema, dataDir: undefined, commitTimeoutMs: 500 };
      },
    });
    clinician = await gw.token(['clinician'], ['CARD'], 'doc-fc');
    await admin.query(`CREATE OR REPLACE FUNCTION "${schema}".refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit writes refused by the test'; END $$`);
  });

  afterAll(async () => {
    await gw?.close();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  const refuse = () => admin.query(`CREATE TRIGGER refuse BEFORE INSERT ON "${schema}".audit_event FOR EACH STATEMENT EXECUTE FUNCTION "${schema}".refuse()`);
  const accept = () => admin.query(`DROP TRIGGER IF EXISTS refuse ON "${schema}".audit_event`);
  const names = (data: any) => data.departments[0].encounters.edges.map((e: any) => e.node.patient.name);

  it('serves identities with their records, withholds them when the store refuses, and recovers', async () => {
    const healthy = await gw.graphql(QUERY, undefined, clinician);
    expect(healthy.body.errors).toBeUndefined();
    const served = names(healthy.body.data);
    expect(served.every((name: string | null) => typeof name === 'string')).toBe(true);

    await refuse();
    const response = await gw.post({ query: QUERY }, clinician);
    const text = await response.text();
    for (const name of served) expect(text).not.toContain(name);
    const body = JSON.parse(text);
    expect(body.data.departments[0].name).toBe('心血管内科');
    const nodes = body.data.departments[0].encounters.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(5);
    for (const node of nodes) {
      expect(node.id).toBeTruthy();
      expect(node.admittedAt).toBeTruthy();
      expect(node.patient).toEqual({ name: null, phone: null });
      for (const diagnosis of node.diagnoses) expect(diagnosis.code).toBeNull();
    }
    expect(body.errors.map((e: any) => [e.extensions.code, e.extensions.field]).sort()).toEqual([
      ['AUDIT_UNAVAILABLE', 'Diagnosis.code'],
      ['AUDIT_UNAVAILABLE', 'Patient.name'],
      ['AUDIT_UNAVAILABLE', 'Patient.phone'],
    ]);
    expect(JSON.stringify(body.errors)).not.toMatch(/refused by the test|INSERT|audit_event/);

    await accept();
    const recovered = await gw.graphql(QUERY, undefined, clinician);
    expect(recovered.body.errors).toBeUndefined();
    expect(names(recovered.body.data)).toEqual(served);
  });

  it('withholds within the commit timeout when the store stalls (table locked), then recovers', async () => {
    const locker = await admin.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE "${schema}".audit_event IN ACCESS EXCLUSIVE MODE`);
      const started = Date.now();
      const stalled = await gw.graphql(QUERY, undefined, clinician);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(names(stalled.body.data).every((name: unknown) => name === null)).toBe(true);
      expect(stalled.body.errors!.every((e: any) => e.extensions.code === 'AUDIT_UNAVAILABLE')).toBe(true);
    } finally {
      await locker.query('COMMIT');
      locker.release();
    }
    const recovered = await gw.graphql(QUERY, undefined, clinician);
    expect(recovered.body.errors).toBeUndefined();
  });

  it('never lets a sensitive value out without a committed record while the store flaps', async () => {
    let flapping = true;
    const flapper = (async () => {
      while (flapping) {
        await refuse();
        await new Promise((resolve) => setTimeout(resolve, 15));
        await accept();
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();
    const responses = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const response = await gw.post({ query: QUERY }, clinician);
        return { requestId: response.headers.get('x-request-id')!, body: (await response.json()) as any };
      }),
    );
    flapping = false;
    await flapper;
    await accept();
    let withheld = 0;
    for (const { requestId, body } of responses) {
      const served = names(body.data).filter((name: unknown) => name !== null);
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM "${schema}".audit_event WHERE request_id = $1 AND entity_type = 'Patient'`, [requestId]);
      if (served.length > 0) expect([requestId, rows[0].n]).toEqual([requestId, 1]);
      else {
        withheld += 1;
        expect(body.errors.some((e: any) => e.extensions.code === 'AUDIT_UNAVAILABLE')).toBe(true);
      }
    }
    process.stdout.write(`flapping audit store: ${responses.length - withheld} of ${responses.length} responses served with records, ${withheld} withheld\n`);
  });
});
