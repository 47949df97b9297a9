import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
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
    const body = JSON.stringify({ query: '{ patients(first: 20) { edges { node { id name phone } } } }' });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const ask = () => fetch(`${url}/graphql`, { method: 'POST', headers, body });
    // in flight: connected and sent before the signal. (A request still connecting when the
    // process stops listening is refused or reset, by any server; on a loaded machine the test's
    // own loop could leave a fetch unsent past the drain.)
    const requests = Array.from({ length: 20 }, () => send(`${url}/graphql`, headers, body));
    await Promise.all(requests.map((request) => request.sent));
    const inFlight = requests.map((request) => request.response);
    const exited = new Promise<{ code: number | null; ms: number }>((resolve) => {
      const started = Date.now();
      child.once('exit', (code) => resolve({ code, ms: Date.now() - started }));
    });
    child.kill('SIGTERM');
    const responses = await Promise.all(inFlight);
    const requestIds: string[] = [];
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body).errors).toBeUndefined();
      requestIds.push(response.requestId);
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

/** a POST whose `sent` settles once the request is written to its connection, `response` with the answer */
function send(url: string, headers: Record<string, string>, body: string): { sent: Promise<void>; response: Promise<{ status: number; body: string; requestId: string }> } {
  const request = http.request(url, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } });
  const sent = new Promise<void>((resolve, reject) => {
    request.on('finish', () => resolve());
    request.on('error', reject);
  });
  const response = new Promise<{ status: number; body: string; requestId: string }>((resolve, reject) => {
    request.on('error', reject);
    request.on('response', (answer) => {
      let text = '';
      answer.setEncoding('utf8');
      answer.on('data', (chunk: string) => (text += chunk));
      answer.on('end', () => resolve({ status: answer.statusCode ?? 0, body: text, requestId: String(answer.headers['x-request-id']) }));
      answer.on('error', reject);
    });
  });
  request.end(body);
  return { sent, response };
}
