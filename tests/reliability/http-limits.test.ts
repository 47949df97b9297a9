import { startTestGateway, type TestGateway } from '../support/test-gateway';

/**
 * Abuse resistance over HTTP: hostile documents refused quickly with QUERY_TOO_COMPLEX naming
 * the limit, batched floods refused, and a looping client limited with 429 and Retry-After.
 */
describe('limits over HTTP', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({
      configure: (config) => {
        config.rateLimits.enabled = true;
        config.rateLimits.default = { requestsPerMinute: 60, burst: 8 };
        config.rateLimits.roles = { analyst: { requestsPerMinute: 600, burst: 200 } };
        config.queryLimits.roles = { analyst: { depth: 16 } };
      },
    });
  });

  afterAll(async () => {
    await gw?.close();
  });

  const timed = async (body: unknown, token: string) => {
    const started = performance.now();
    const response = await gw.post(body, token);
    return { status: response.status, ms: performance.now() - started, body: (await response.json()) as any };
  };

  it('refuses depth, alias and directive bombs and oversized documents, saying which limit', async () => {
    const analyst = await gw.token(['analyst'], [], 'analyst-limits');
    const nest = (depth: number) => {
      const path = ['departments', 'encounters(first: 1)', 'edges', 'node', ...Array.from({ length: depth }, () => ['patient', 'encounters', 'department', 'encounters(first: 1)', 'edges', 'node']).flat()];
      return `{ ${path.join(' { ')} { id }${' }'.repeat(path.length - 1)} }`;
    };
    const deep = await timed({ query: nest(4) }, analyst);
    expect(deep.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth', maximum: 16 });
    expect(deep.body.errors[0].message).toMatch(/levels deep; at most 16/);
    const aliases = await timed({ query: `{ ${Array.from({ length: 300 }, (_, i) => `a${i}: me { id }`).join(' ')} }` }, analyst);
    expect(aliases.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases' });
    const directives = await timed({ query: `{ me ${'@include(if: true) '.repeat(100)} { id } }` }, analyst);
    expect(directives.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'directives' });
    const huge = await timed({ query: `{ ${'me { id } '.repeat(3_000)} }` }, analyst);
    expect(huge.status).toBe(400);
    expect(huge.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    for (const result of [deep, aliases, directives, huge]) expect(result.ms).toBeLessThan(1_000);
    process.stdout.write(`hostile documents refused in ${[deep, aliases, directives, huge].map((r) => `${r.ms.toFixed(0)} ms`).join(', ')}\n`);
  });

  it('refuses a batched request flood at once', async () => {
    const analyst = await gw.token(['analyst'], [], 'analyst-batch');
    const batch = await timed(Array.from({ length: 500 }, () => ({ query: '{ me { id } }' })), analyst);
    expect(batch.status).toBe(400);
    expect(batch.ms).toBeLessThan(1_000);
  });

  it('limits a looping client with 429 and Retry-After, per user, with the role’s allowance', async () => {
    const looping = await gw.token(['ops_assistant'], ['CARD'], 'ops-loop');
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 12; i++) {
      const response = await gw.post({ query: '{ me { id } }' }, looping);
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers.get('retry-after');
        expect(((await response.json()) as any).errors[0].message).toMatch(/Too many requests/);
      } else await response.text();
    }
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(200));
    expect(statuses.slice(8)).toEqual(Array(4).fill(429));
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // another user is not affected; an analyst has a larger allowance
    expect((await gw.post({ query: '{ me { id } }' }, await gw.token(['ops_assistant'], ['CARD'], 'ops-other'))).status).toBe(200);
    const analyst = await gw.token(['analyst'], [], 'analyst-loop');
    for (let i = 0; i < 20; i++) expect((await gw.post({ query: '{ me { id } }' }, analyst)).status).toBe(200);
  });
});
