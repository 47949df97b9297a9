import { Writable } from 'node:stream';
import { SignJWT } from 'jose';
import pg from 'pg';
import { DEMO_DEPARTMENTS } from '../../src/demo/hospital-departments';
import { createLogger } from '../../src/logging';
import { startGateway, type Gateway } from '../../src/server';
import { proxiedLisConfig } from '../support/proxied-lis';
import type { TcpProxy } from '../support/tcp-proxy';
import { describeWithEngine, PG_URL } from '../support/test-env';
import { scrape, seriesValue } from './support/prometheus';

/**
 * The failure series move when things fail, on a real PostgreSQL server: the LIS reached through
 * a proxy the test cuts (statement errors by source and kind, then circuit-open), and an audit
 * store that refuses writes (audit commit failures). Errors and log lines carry the request id.
 */
describeWithEngine('postgres', 'failure metrics', () => {
  const secret = 'failure-metrics-test-secret-of-32-bytes';
  const auditSchema = `gwtest_audit_obs_${process.pid}`;
  const lines: any[] = [];
  let proxy: TcpProxy;
  let gateway: Gateway;
  let admin: pg.Pool;
  let token: string;

  beforeAll(async () => {
    admin = new pg.Pool({ connectionString: PG_URL, max: 2 });
    await admin.query(`DROP SCHEMA IF EXISTS "${auditSchema}" CASCADE`);
    const proxied = await proxiedLisConfig({ label: 'failure metrics test', secret, issuer: 'urn:obs', auditSchema, source: { poolSize: 2, breaker: { failureThreshold: 2, resetMs: 60_000 } }, audit: { commitTimeoutMs: 1_000 } });
    proxy = proxied.proxy;
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean).map((line) => JSON.parse(line)));
        done();
      },
    });
    gateway = await startGateway(proxied.config, { log: createLogger({ level: 'info', destination: sink }) });
    token = await new SignJWT({ roles: ['clinician'], departments: DEMO_DEPARTMENTS.map((d) => d.code) })
      .setProtectedHeader({ alg: 'HS256' }).setIssuer('urn:obs').setAudience('gateway').setSubject('doc-obs').setExpirationTime('10m')
      .sign(new TextEncoder().encode(secret));
    await admin.query(`CREATE OR REPLACE FUNCTION "${auditSchema}".refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit writes refused by the test'; END $$`);
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await proxy?.close();
    await admin?.query(`DROP SCHEMA IF EXISTS "${auditSchema}" CASCADE`);
    await admin?.end();
  });

  const ask = async (query: string, requestId: string) => {
    const response = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': requestId }, body: JSON.stringify({ query }) });
    return { requestId: response.headers.get('x-request-id'), body: (await response.json()) as any };
  };
  const LAB = '{ labOrders(filter: { departments: ["CARD"] }, first: 2) { edges { node { id } } } departments { code } }';
  const lisErrors = (text: string, kind: string) => seriesValue(text, 'gateway_source_statement_errors_total', { source: 'lis', kind });

  it('counts a cut source’s failed statements by kind, and logs them with the request’s id', async () => {
    const healthy = await ask(LAB, 'healthy-lis-0001');
    expect(healthy.body.errors).toBeUndefined();
    const before = await scrape(gateway.url);
    expect(lisErrors(before, 'connection')).toBe(0);

    proxy.setMode('refuse');
    try {
      const cut = await ask(LAB, 'cut-lis-000001');
      expect(cut.body.data.departments.length).toBeGreaterThan(0); // the HIS is still served
      expect(cut.body.errors.map((e: any) => [e.extensions.code, e.extensions.source, e.extensions.requestId])).toContainEqual(['SOURCE_UNAVAILABLE', 'lis', 'cut-lis-000001']);
      const afterCut = await scrape(gateway.url);
      expect(lisErrors(afterCut, 'connection')).toBeGreaterThanOrEqual(1);
      expect(seriesValue(afterCut, 'gateway_source_statement_errors_total', { source: 'his' })).toBe(0);

      // enough failures opened the breaker: the next statement is refused without being sent
      await ask(LAB, 'cut-lis-000002');
      await ask(LAB, 'cut-lis-000003');
      const afterOpen = await scrape(gateway.url);
      expect(lisErrors(afterOpen, 'circuit-open')).toBeGreaterThanOrEqual(1);
      expect(afterOpen).not.toMatch(/ECONN|SELECT/);

      // a line logged deep in the handling of a request, by code that is not given its id
      const readiness = await fetch(`${gateway.url}/readyz`, { headers: { 'x-request-id': 'readyz-cut-0001' } });
      expect(readiness.status).toBe(503);
    } finally {
      proxy.setMode('forward');
    }
    // the source's failure, logged by a plugin handed the request's logger, never with SQL or driver text
    const failed = lines.filter((line) => line.msg === 'source query failed' && line.requestId === 'cut-lis-000001');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed[0]).toMatchObject({ source: 'lis', level: 50 });
    expect(JSON.stringify(failed)).not.toMatch(/SELECT|lab_request/i);
    const logged = lines.filter((line) => line.msg === 'readiness check failed');
    expect(logged.map((line) => [line.source, line.requestId])).toEqual([['lis', 'readyz-cut-0001']]);
    expect(lines.find((line) => line.msg === 'request' && line.requestId === 'readyz-cut-0001')).toMatchObject({ path: '/readyz', status: 503 });
  });

  it('counts an audit commit the store refuses', async () => {
    const QUERY = '{ patients(filter: { departments: ["CARD"] }, first: 2) { edges { node { id name } } } }';
    const before = seriesValue(await scrape(gateway.url), 'gateway_audit_commit_failures_total');
    await admin.query(`CREATE TRIGGER refuse BEFORE INSERT ON "${auditSchema}".audit_event FOR EACH STATEMENT EXECUTE FUNCTION "${auditSchema}".refuse()`);
    try {
      const refused = await ask(QUERY, 'audit-refused-01');
      expect(refused.body.errors.map((e: any) => [e.extensions.code, e.extensions.requestId])).toContainEqual(['AUDIT_UNAVAILABLE', 'audit-refused-01']);
    } finally {
      await admin.query(`DROP TRIGGER IF EXISTS refuse ON "${auditSchema}".audit_event`);
    }
    expect(seriesValue(await scrape(gateway.url), 'gateway_audit_commit_failures_total')).toBe(before + 1);
    expect(lines.find((line) => line.msg === 'audit records could not be committed; sensitive data withheld')).toMatchObject({ requestId: 'audit-refused-01' });
    const served = await ask(QUERY, 'audit-healthy-01');
    expect(served.body.errors).toBeUndefined();
  });
});
