import { SignJWT } from 'jose';
import pg from 'pg';
import { silentLogger } from '../../src/logging';
import { startGateway, type Gateway } from '../../src/server';
import { DEMO_DEPARTMENTS } from '../../src/demo/hospital-departments';
import { proxiedLisConfig } from '../support/proxied-lis';
import type { TcpProxy } from '../support/tcp-proxy';
import { describeWithEngine, PG_URL, TEST_PREFIX } from '../support/test-env';

/**
 * Source faults against a real PostgreSQL server: the LIS reaches it through a proxy the test
 * cuts and stalls. The LIS's fields fail with SOURCE_UNAVAILABLE naming it; the other three
 * systems are served; /readyz reports it; the gateway recovers without a restart.
 */
describeWithEngine('postgres', 'a source that goes down, stalls and comes back', () => {
  const secret = 'source-faults-test-secret-of-32-bytes!';
  const auditSchema = `gwtest_audit_faults_${process.pid}`;
  let proxy: TcpProxy;
  let gateway: Gateway;
  let token: string;
  let encounterId: string;

  beforeAll(async () => {
    const proxied = await proxiedLisConfig({ label: 'fault test', secret, issuer: 'urn:faults', auditSchema, source: { poolSize: 4, breaker: { failureThreshold: 2, resetMs: 300 } } });
    proxy = proxied.proxy;
    gateway = await startGateway(proxied.config, { log: silentLogger() });
    token = await new SignJWT({ roles: ['clinician', 'dept_director'], departments: DEMO_DEPARTMENTS.map((d) => d.code) })
      .setProtectedHeader({ alg: 'HS256' }).setIssuer('urn:faults').setAudience('gateway').setSubject('doc').setExpirationTime('10m')
      .sign(new TextEncoder().encode(secret));
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    const { rows } = await client.query(`SELECT s.visit_no FROM ${TEST_PREFIX}finance.ins_drg_settle s WHERE EXISTS (SELECT 1 FROM ${TEST_PREFIX}lis.lab_request r WHERE r.his_visit_no = s.visit_no) ORDER BY s.settle_no LIMIT 1`);
    await client.end();
    encounterId = rows[0].visit_no;
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await proxy?.close();
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${auditSchema}" CASCADE`);
    await admin.end();
  });

  const QUERY = `query($id: ID!) { encounter(id: $id) { id department { code } charges { amount } labOrders { id results { value } } imagingStudies { id } drgCase { drgCode } }
    labOrders(filter: { departments: ["CARD"] }, first: 2) { totalCount edges { node { id } } } }`;
  const ask = async () => {
    const started = Date.now();
    const response = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: QUERY, variables: { id: encounterId } }) });
    return { status: response.status, ms: Date.now() - started, body: (await response.json()) as any };
  };
  const ready = async () => {
    const response = await fetch(`${gateway.url}/readyz`);
    return { status: response.status, body: (await response.json()) as any };
  };

  const expectLisMissing = (body: any) => {
    expect(body.data.encounter.id).toBe(encounterId);
    expect(body.data.encounter.charges.length).toBeGreaterThan(0); // HIS
    expect(body.data.encounter.drgCase.drgCode).toBeTruthy(); // finance
    expect(Array.isArray(body.data.encounter.imagingStudies)).toBe(true); // PACS
    expect(body.data.encounter.labOrders).toEqual([]);
    expect(body.data.labOrders.edges).toEqual([]);
    const codes = body.errors.map((e: any) => [e.extensions.code, e.extensions.source]);
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) expect(code).toEqual(['SOURCE_UNAVAILABLE', 'lis']);
    expect(JSON.stringify(body.errors)).not.toMatch(/ECONN|select|lab_request|postgres/i);
  };

  it('serves the other sources when one is cut, reports it ready-wise, and recovers by itself', async () => {
    const healthy = await ask();
    expect(healthy.body.errors).toBeUndefined();
    expect(healthy.body.data.encounter.labOrders.length).toBeGreaterThan(0);

    proxy.setMode('refuse');
    const cut = await ask();
    expect(cut.status).toBe(200);
    expectLisMissing(cut.body);
    const readiness = await ready();
    expect(readiness.status).toBe(503);
    expect(readiness.body.failing).toEqual(['lis']);
    // the breaker is open: the next request does not wait for the source at all
    const fast = await ask();
    expectLisMissing(fast.body);

    proxy.setMode('forward');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await ready()).status).toBe(200);
    let recovered = await ask();
    for (let i = 0; i < 5 && recovered.body.errors; i++) recovered = await ask();
    expect(recovered.body.errors).toBeUndefined();
    expect(recovered.body.data.encounter.labOrders.length).toBeGreaterThan(0);
  });

  it('does not hold a request past the statement timeout when a source stalls', async () => {
    proxy.setMode('stall');
    const stalled = await ask();
    expect(stalled.ms).toBeLessThan(4_000);
    expectLisMissing(stalled.body);
    process.stdout.write(`stalled LIS: answered in ${stalled.ms} ms (statement timeout 800 ms + 1 s deadline)\n`);
    proxy.setMode('forward');
    await new Promise((resolve) => setTimeout(resolve, 400));
    let recovered = await ask();
    for (let i = 0; i < 5 && recovered.body.errors; i++) recovered = await ask();
    expect(recovered.body.errors).toBeUndefined();
  });

  it('soaks: thousands of mixed requests while the LIS flaps — no 5xx, memory flat, no audit record lost', async () => {
    const queries = [
      QUERY,
      '{ patients(filter: { departments: ["CARD"] }, first: 5) { edges { node { id name phone } } } }',
      '{ kpis(codes: ["DRUG_SHARE", "LAB_TAT_MEDIAN"], departments: ["CARD"], period: { month: "2026-03" }) { code value } }',
      '{ labOrders(filter: { departments: ["RESP"] }, first: 3) { edges { node { id results { value } } } } }',
      '{ departments { code beds staffCount } }',
    ];
    let flapping = true;
    const flapper = (async () => {
      while (flapping) {
        proxy.setMode('refuse');
        await new Promise((resolve) => setTimeout(resolve, 120));
        proxy.setMode('forward');
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    })();
    // heap after a collection, once the first half has warmed everything up, and at the end
    const heap = () => {
      (globalThis as { gc?: () => void }).gc?.();
      return process.memoryUsage().heapUsed;
    };
    let heapAtHalf = 0;
    const statuses = new Map<number, number>();
    const identityReads: string[] = [];
    let next = 0;
    const TOTAL = Number(process.env.SOAK_REQUESTS ?? 2_000);
    const started = Date.now();
    const client = async () => {
      while (next < TOTAL) {
        const i = next++;
        if (i === TOTAL / 2) heapAtHalf = heap();
        const query = queries[i % queries.length]!;
        const response = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables: { id: encounterId } }) });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const body = (await response.json()) as any;
        if (i % queries.length === 1 && body.data?.patients?.edges?.some((e: any) => e.node.name)) identityReads.push(response.headers.get('x-request-id')!);
        for (const error of body.errors ?? []) expect(['SOURCE_UNAVAILABLE', 'AUDIT_UNAVAILABLE']).toContain(error.extensions.code);
      }
    };
    try {
      await Promise.all(Array.from({ length: 16 }, client));
    } finally {
      flapping = false;
      await flapper;
      proxy.setMode('forward');
    }
    const seconds = (Date.now() - started) / 1000;
    const heapGrowth = (heap() - heapAtHalf) / 1_048_576;
    process.stdout.write(`soak: ${TOTAL} requests in ${seconds.toFixed(1)} s (${Math.round(TOTAL / seconds)}/s), statuses ${JSON.stringify(Object.fromEntries(statuses))}, heap over the second half ${heapGrowth >= 0 ? '+' : ''}${heapGrowth.toFixed(1)} MB${(globalThis as { gc?: unknown }).gc ? '' : ' (no --expose-gc: not collected)'}\n`);
    expect([...statuses.keys()]).toEqual([200]);
    expect(heapGrowth).toBeLessThan((globalThis as { gc?: unknown }).gc ? 25 : 150);
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query(`SELECT DISTINCT request_id FROM "${auditSchema}".audit_event WHERE entity_type = 'Patient' AND request_id = ANY($1)`, [identityReads]);
      expect(rows.length).toBe(identityReads.length);
    } finally {
      await admin.end();
    }
  }, 120_000);
});
