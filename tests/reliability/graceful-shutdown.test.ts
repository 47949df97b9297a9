import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPglite } from '../../adapters/sql/embedded/pglite-driver';
import { demoKeyDir } from '../../src/demo/demo-config';
import { ensureDemoKeys } from '../../src/demo/demo-identity';
import { signDemoToken } from '../../src/demo/demo-tokens';
import { PROJECT_ROOT } from '../../src/paths';

/**
 * SIGTERM, as Kubernetes sends it: the gateway process (built as `npm start` runs it) stops
 * accepting, finishes the requests in flight, commits their audit records, closes its pools and
 * exits 0 within the bound.
 */
describe('graceful shutdown of the gateway process', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-shutdown-'));
  const env = { ...process.env, GATEWAY_DEMO_DIR: dir, DEMO_SCALE: '0.02', PORT: '0', NODE_OPTIONS: '' };
  let child: ChildProcess;
  let url = '';

  beforeAll(async () => {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: PROJECT_ROOT, stdio: 'ignore' });
    child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'src', 'main.js')], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`the gateway did not start: ${seen}`)), 60_000);
      child.stderr!.on('data', (chunk) => {
        seen += String(chunk);
        const match = /GraphQL:\s+(http:\/\/\S+)\/graphql/.exec(seen);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
  }, 120_000);

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('finishes in-flight requests with their audit records, refuses new ones, and exits 0', async () => {
    const token = await signDemoToken(await ensureDemoKeys(demoKeyDir(env)), { sub: 'doc-shutdown', name: 'Doc', roles: ['clinician'], departments: ['CARD'], ttl: '5m' });
    const ask = () =>
      fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ patients(first: 20) { edges { node { id name phone } } } }' }) });
    const inFlight = Array.from({ length: 20 }, () => ask());
    await new Promise((resolve) => setTimeout(resolve, 20));
    const exited = new Promise<{ code: number | null; ms: number }>((resolve) => {
      const started = Date.now();
      child.once('exit', (code) => resolve({ code, ms: Date.now() - started }));
    });
    child.kill('SIGTERM');
    const responses = await Promise.all(inFlight);
    const requestIds: string[] = [];
    for (const response of responses) {
      expect(response.status).toBe(200);
      const body = (await response.json()) as any;
      expect(body.errors).toBeUndefined();
      requestIds.push(response.headers.get('x-request-id')!);
    }
    const { code, ms } = await exited;
    await expect(ask()).rejects.toThrow();
    expect(code).toBe(0);
    expect(ms).toBeLessThan(15_000);
    process.stdout.write(`SIGTERM → exit 0 in ${ms} ms with ${responses.length} requests finished\n`);

    const database = openPglite(path.join(dir, 'pglite'));
    try {
      const { rows } = await database.query<{ request_id: string }>(`SELECT DISTINCT request_id FROM audit.audit_event WHERE actor_id = 'doc-shutdown' AND entity_type = 'Patient'`);
      expect(rows.map((r) => r.request_id).sort()).toEqual([...requestIds].sort());
    } finally {
      await database.close();
    }
  }, 60_000);
});
