import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchToken, postGraphQL } from '../../bench/bench-gateway';
import { databaseProcesses } from '../../bench/cpu-meter';
import { SMALL_QUERIES } from '../../bench/peers/postgraphile';
import { dashboardWall } from '../../bench/scenarios/dashboard-wall';
import { wallRequests } from '../../bench/scenarios/wall-requests';
import { ensureServerData, type ServerData } from '../../bench/server-data';
import { startServerProcess, type ServerProcess } from '../../bench/server-process';
import { demoKeyDir } from '../../src/demo/demo-config';
import { ensureDemoKeys } from '../../src/demo/demo-identity';
import { PROJECT_ROOT } from '../../src/paths';
import { AuditStore } from '../../src/audit/store/audit-store';
import { freshAuditDatabase, type FreshAuditDatabase } from '../support/audit-databases';
import { identityReadDraft } from '../support/identity-read-draft';
import { demoFingerprint, describeWithEngine, PG_URL, TEST_DEMO, TEST_PREFIX } from '../support/test-env';

/**
 * Scenario (d) and (a) over HTTP serve the gateway, the unsecured baseline and PostGraphile each
 * in a Node process of its own (bench/server-process.ts), and read each one's statements and CPU
 * from that process.
 */
describeWithEngine('postgres', 'bench servers in processes of their own (issue 8)', () => {
  const demoDir = mkdtempSync(path.join(tmpdir(), 'gw-bench-proc-'));
  let data: ServerData;
  let token: ReturnType<typeof benchToken>;
  const servers: Record<'gateway' | 'unsecured' | 'postgraphile', ServerProcess> = {} as never;

  beforeAll(async () => {
    // the child runs the built entry, as `npm run bench` (which builds first) does
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: PROJECT_ROOT, stdio: 'ignore' });
    data = await ensureServerData('postgres', TEST_DEMO, () => {}, { url: PG_URL, prefix: 'gwpeer_', version: demoFingerprint() });
    token = benchToken(await ensureDemoKeys(demoKeyDir({ GATEWAY_DEMO_DIR: demoDir })));
    const [gateway, unsecured, postgraphile] = await Promise.all([
      startServerProcess({ kind: 'gateway', data, demoDir }),
      startServerProcess({ kind: 'unsecured', data, demoDir }),
      startServerProcess({ kind: 'postgraphile', connectionString: PG_URL, schemas: data.namespaces }),
    ]);
    Object.assign(servers, { gateway, unsecured, postgraphile });
  }, 180_000);

  afterAll(async () => {
    await Promise.all(Object.values(servers).map((server) => server.close()));
  });

  it('runs each server in a process of its own that answers the department list alike', async () => {
    const pids = Object.values(servers).map((server) => server.pid);
    expect(new Set([...pids, process.pid]).size).toBe(4);
    // as the image runs them, whatever the bench's own environment
    expect(Object.values(servers).map((server) => server.nodeEnv)).toEqual(['production', 'production', 'production']);
    const departments = SMALL_QUERIES.departments;
    const viaGateway = await postGraphQL(servers.gateway.url, { query: departments.gateway }, await token(['ops_assistant']));
    const viaUnsecured = await postGraphQL(servers.unsecured.url, { query: departments.gateway });
    const viaPeer = await postGraphQL(servers.postgraphile.url, { query: departments.postgraphile });
    expect(viaGateway.departments.length).toBeGreaterThan(20);
    expect(viaUnsecured).toEqual(viaGateway);
    expect(viaPeer.allDepartments.nodes.map((d: any) => d.ksmc)).toEqual(viaGateway.departments.map((d: any) => d.name));
    // the gateway refuses a request without a token in its own process too
    await expect(postGraphQL(servers.gateway.url, { query: departments.gateway })).rejects.toThrow(/401/);
  });

  it("reports each process's statements and CPU: one statement per department list, CPU that only grows", async () => {
    for (const [kind, server] of Object.entries(servers)) {
      const query = kind === 'postgraphile' ? SMALL_QUERIES.departments.postgraphile : SMALL_QUERIES.departments.gateway;
      const bearer = kind === 'gateway' ? await token(['ops_assistant']) : undefined;
      const before = await server.usage();
      for (let i = 0; i < 5; i++) await postGraphQL(server.url, { query }, bearer);
      const after = await server.usage();
      expect({ kind, statements: after.statements - before.statements }).toEqual({ kind, statements: 5 });
      expect(after.cpuMs).toBeGreaterThan(before.cpuMs);
    }
  });

  it('measures a wall of department lists on every server, with statements and CPU per request from its process, and audit records appended alone beside them', async () => {
    const [departments] = wallRequests({ patientId: 'unused', encounterId: 'unused' }, true).filter((request) => request.name.startsWith('departments'));
    // the department list leaves no audit record; one identity read's record stands in for the wiring
    const fresh: FreshAuditDatabase = await freshAuditDatabase('postgres', `${TEST_PREFIX}wall_audit_${process.pid}`);
    const auditDb = fresh.open();
    const store = new AuditStore(auditDb, 'audit-seal-secret-for-tests-32-bytes!!', fresh.schema);
    await store.init();
    const wall = await dashboardWall(
      { gateway: servers.gateway, unsecured: servers.unsecured, peer: { ...servers.postgraphile, name: 'PostGraphile v5' } },
      [departments!],
      { connections: 2, seconds: 1, token, database: databaseProcesses('postgres', PG_URL), auditAlone: { drafts: async () => [identityReadDraft()], store } },
    ).finally(async () => {
      await auditDb.close();
      await fresh.close();
    });
    const result = wall.results[departments!.name]!;
    expect(result.auditAlone!.appends).toBeGreaterThan(10);
    expect(result.auditAlone!.cpu.databaseMs).toBeGreaterThan(0);
    expect(wall.lines.join('\n')).toMatch(/audit records alone 1 per request, 2 appends waiting at a time: \d+ appends\/s/);
    expect(wall.lines.join('\n')).toMatch(/CPU per request, server and database: unsecured baseline \d+ \+ audit records alone \d+ = \d+ µs; gateway \d+ µs; PostGraphile v5 \d+ µs/);
    for (const load of [result.gateway, result.unsecured!, result.peer!]) {
      expect(load.requests).toBeGreaterThan(10);
      expect(load.non2xx + load.errors).toBe(0);
      expect(load.statementsPerRequest).toBeCloseTo(1, 1);
      // a request costs its server's process some CPU, and not a whole second each
      expect(load.cpu.serverMs / load.requests).toBeGreaterThan(0.01);
      expect(load.cpu.serverMs / load.requests).toBeLessThan(1000);
      expect(load.cpu.databaseMs).toBeGreaterThan(0);
    }
    expect(wall.lines.join('\n')).toMatch(/gateway \/ PostGraphile v5: requests\/s \d+\.\d+×/);
  }, 120_000);

  it("rejects with the server's own reason when it cannot start", async () => {
    const started = startServerProcess({ kind: 'postgraphile', connectionString: 'postgres://postgres@127.0.0.1:1/postgres', schemas: data.namespaces });
    await expect(started).rejects.toThrow(/the postgraphile server process did not start: .*(ECONNREFUSED|connect)/i);
  }, 60_000);

  it('ends the process on close', async () => {
    const server = await startServerProcess({ kind: 'unsecured', data, demoDir });
    await server.close();
    expect(() => process.kill(server.pid, 0)).toThrow();
    await expect(server.usage()).rejects.toThrow(/exited/);
  }, 60_000);
});
