import pg from 'pg';
import { AuditStore } from '../../src/audit/store/audit-store';
import { postgresAuditDatabase } from '../../src/audit/store/postgres-audit-database';
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

describeWithEngine('postgres', 'the README’s append-only grants', () => {
  const schema = `gwtest_audit_grants_${process.pid}`;
  const role = `gwtest_audit_writer_${process.pid}`;
  let admin: pg.Pool;

  beforeAll(async () => {
    admin = new pg.Pool({ connectionString: PG_URL, max: 2 });
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
  });

  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.query(`DROP OWNED BY ${role}`).catch(() => undefined);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  it('let the gateway append and verify, and not change or delete a record', async () => {
    const owner = postgresAuditDatabase(PG_URL, { poolSize: 1, statementTimeoutMs: 5_000 });
    await new AuditStore(owner, 's'.repeat(32), schema).init();
    await owner.close();
    const s = `"${schema}"`;
    for (const statement of [
      `CREATE ROLE ${role} LOGIN`,
      `GRANT USAGE ON SCHEMA ${s} TO ${role}`,
      `GRANT SELECT, INSERT ON ${s}.audit_event, ${s}.audit_subject, ${s}.audit_anchor TO ${role}`,
      `GRANT SELECT, UPDATE ON ${s}.audit_chain_head TO ${role}`,
      `GRANT SELECT, INSERT, UPDATE ON ${s}.access_request TO ${role}`,
    ]) await admin.query(statement);
    const url = new URL(PG_URL);
    url.username = role;
    const gateway = postgresAuditDatabase(url.toString(), { poolSize: 2, statementTimeoutMs: 5_000 });
    try {
      const store = new AuditStore(gateway, 's'.repeat(32), schema);
      await store.init();
      const [event] = await store.append([
        { id: '00000000-0000-4000-8000-000000000001', at: new Date().toISOString(), requestId: 'r1', actor: { id: 'u', name: null, roles: [], departments: [], ip: null, userAgent: null }, action: 'READ', operationName: null, operationHash: null, entityType: 'Patient', entityIds: ['BR1'], patientIds: ['BR1'], fields: ['name'], outcome: 'ALLOWED', purpose: null, filter: null },
      ]);
      expect(event!.seq).toBe(1);
      expect((await store.verify()).ok).toBe(true);
      await expect(gateway.query(`UPDATE ${s}.audit_event SET outcome = 'DENIED'`)).rejects.toThrow(/permission denied/);
      await expect(gateway.query(`DELETE FROM ${s}.audit_event`)).rejects.toThrow(/permission denied/);
      await expect(gateway.query(`TRUNCATE ${s}.audit_event`)).rejects.toThrow(/permission denied/);
    } finally {
      await gateway.close();
    }
  });
});
