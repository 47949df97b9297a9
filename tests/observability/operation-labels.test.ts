import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AD_HOC_OPERATION_LABELS, MAX_OPERATION_LABEL_LENGTH, OperationLabel, OperationLabels } from '../../src/observability/operation-labels';
import { PROJECT_ROOT } from '../../src/paths';
import type { PersistedManifest } from '../../src/reliability/persisted-documents';
import { startTestGateway, type TestGateway } from '../support/test-gateway';
import { scrape, seriesValue } from './support/prometheus';

const LATENCY = 'gateway_http_request_duration_seconds_count';

/** the values of the latency histogram's operation label in a scrape */
function operationLabels(text: string): string[] {
  return [...new Set([...text.matchAll(/^gateway_http_request_duration_seconds_count\{operation="((?:[^"\\]|\\.)*)",status="\d+"\} /gm)].map((m) => m[1]!))];
}

describe('operation labels (unit)', () => {
  it('keeps the first names, then (other); persisted names always; anonymous and over-long names fixed', () => {
    const full: number[] = [];
    const labels = new OperationLabels(3, (limit) => full.push(limit));
    expect(['A', 'B', 'A', 'C'].map((name) => labels.label(name, false))).toEqual(['A', 'B', 'A', 'C']);
    expect(labels.label('D', false)).toBe(OperationLabel.other);
    expect(labels.label('E', false)).toBe(OperationLabel.other);
    expect(full).toEqual([3]); // warned once
    expect(labels.label('B', false)).toBe('B'); // an admitted name keeps its series
    expect(labels.label('DashboardScorecard', true)).toBe('DashboardScorecard'); // persisted: not in the budget
    expect(labels.label(null, false)).toBe(OperationLabel.anonymous);
    expect(labels.label(undefined, true)).toBe(OperationLabel.anonymous);
    expect(new OperationLabels(10).label('x'.repeat(MAX_OPERATION_LABEL_LENGTH + 1), false)).toBe(OperationLabel.other);
  });
});

/**
 * The request-latency histogram over HTTP: a flood of random operation names creates at most the
 * bound of series; persisted operations keep their own; requests refused before execution are
 * counted under (refused) with their status and error code.
 */
describe('operation labels and refused requests in /metrics', () => {
  const manifest = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'persisted', 'manifest.json'), 'utf8')) as PersistedManifest;
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({
      configure: (config) => {
        // generous for everyone but finance: one request, then 429
        config.rateLimits = { ...config.rateLimits, enabled: true, default: { requestsPerMinute: 1_000_000, burst: 100_000 }, roles: { finance: { requestsPerMinute: 1, burst: 1 } } };
        config.persistedDocuments.allowListRoles = ['ops_assistant'];
      },
    });
  }, 120_000);

  afterAll(async () => {
    await gw?.close();
  });

  it('labels at most the bound of ad-hoc names, then (other); persisted operations keep their own series', async () => {
    const analyst = await gw.token(['analyst']);
    const run = randomBytes(3).toString('hex');
    const names = Array.from({ length: AD_HOC_OPERATION_LABELS + 60 }, (_, i) => `Random_${run}_${i}_${randomBytes(6).toString('hex')}`);
    for (let i = 0; i < names.length; i += 20) {
      const batch = await Promise.all(names.slice(i, i + 20).map((name) => gw.graphql(`query ${name} { me { id } }`, undefined, analyst)));
      for (const response of batch) expect([response.status, response.body.errors]).toEqual([200, undefined]);
    }
    // after the flood: a persisted operation (by id) still gets its name, a new ad-hoc name does not
    const viewer = manifest.operations.find((operation) => operation.name === 'AuditReviewViewer')!;
    const persisted = await gw.post({ extensions: { persistedQuery: { version: 1, sha256Hash: viewer.id } } }, analyst);
    expect(persisted.status).toBe(200);
    expect(((await persisted.json()) as any).errors).toBeUndefined();
    expect((await gw.graphql('query LateComer { me { id } }', undefined, analyst)).status).toBe(200);
    // an admitted name keeps its series; an anonymous operation has the fixed label
    expect((await gw.graphql(`query ${names[0]} { me { id } }`, undefined, analyst)).status).toBe(200);
    expect((await gw.graphql('{ me { id } }', undefined, analyst)).status).toBe(200);

    const text = await scrape(gw.url);
    const labels = operationLabels(text);
    const random = labels.filter((label) => label.startsWith(`Random_${run}_`));
    expect(random).toHaveLength(AD_HOC_OPERATION_LABELS);
    expect(random).toEqual(expect.arrayContaining(names.slice(0, AD_HOC_OPERATION_LABELS)));
    expect(labels.length).toBeLessThanOrEqual(AD_HOC_OPERATION_LABELS + manifest.operations.length + 3);
    expect(labels).not.toContain('LateComer');
    expect(seriesValue(text, LATENCY, { operation: OperationLabel.other, status: '200' })).toBe(60 + 1);
    expect(seriesValue(text, LATENCY, { operation: 'AuditReviewViewer', status: '200' })).toBe(1);
    expect(seriesValue(text, LATENCY, { operation: names[0]!, status: '200' })).toBe(2);
    expect(seriesValue(text, LATENCY, { operation: OperationLabel.anonymous, status: '200' })).toBe(1);
  }, 120_000);

  it('counts requests refused before execution under (refused), by status and error code', async () => {
    const before = await scrape(gw.url);
    const analyst = await gw.token(['analyst']);
    const finance = await gw.token(['finance'], [], `finance-${randomBytes(3).toString('hex')}`);
    const ops = await gw.token(['ops_assistant'], ['CARD']);

    const statuses: number[] = [];
    const send = async (response: Promise<Response>) => {
      const answered = await response;
      statuses.push(answered.status);
      await answered.arrayBuffer();
    };
    await send(gw.post({ query: 'query NoToken { me { id } }', operationName: 'NoToken' }, null)); // 401
    await send(gw.post({ query: 'query BadToken { me { id } }' }, 'not.a.token')); // 401
    const deep = `query TooDeep { ${'departments { encounters(filter: {}, first: 1) { edges { node { department { '.repeat(6)} code ${'} } } } } '.repeat(6)} }`;
    await send(gw.post({ query: deep }, analyst)); // 400 QUERY_TOO_COMPLEX
    await send(gw.post({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }, analyst)); // 400 PERSISTED_QUERY_NOT_FOUND
    await send(gw.post('{"query": ', analyst)); // 400 BAD_USER_INPUT (unreadable body)
    await send(gw.post({ query: 'query AdHoc { me { id } }' }, ops)); // 403: ops_assistant may run persisted operations only
    await send(gw.post({ query: '{ me { id } }' }, analyst, { 'x-gateway-role': 'admin' })); // 403: a role the token does not hold
    await send(gw.post({ query: 'query First { me { id } }' }, finance)); // 200
    await send(gw.post({ query: 'query Second { me { id } }' }, finance)); // 429
    await send(fetch(`${gw.url}/graphql`, { method: 'PUT', headers: { authorization: `Bearer ${analyst}` } })); // 405
    expect(statuses).toEqual([401, 401, 400, 400, 400, 403, 403, 200, 429, 405]);

    const after = await scrape(gw.url);
    const delta = (name: string, labels: Record<string, string>) => seriesValue(after, name, labels) - seriesValue(before, name, labels);
    const refused = (status: string) => delta(LATENCY, { operation: OperationLabel.refused, status });
    expect(refused('401')).toBe(2);
    expect(refused('400')).toBe(3);
    expect(refused('403')).toBe(2);
    expect(refused('429')).toBe(1);
    expect(refused('405')).toBe(1);
    expect(delta('gateway_http_request_duration_seconds_sum', { operation: OperationLabel.refused, status: '401' })).toBeGreaterThan(0);
    const errors = (code: string) => delta('gateway_graphql_errors_total', { code });
    expect(errors('UNAUTHENTICATED')).toBe(2);
    expect(errors('QUERY_TOO_COMPLEX')).toBe(1);
    expect(errors('PERSISTED_QUERY_NOT_FOUND')).toBe(1);
    expect(errors('FORBIDDEN')).toBe(2);
    expect(errors('RATE_LIMITED')).toBe(1);
    expect(errors('BAD_USER_INPUT')).toBe(2);
    // the names the refused requests carried are not labels: they were never validated
    for (const name of ['NoToken', 'BadToken', 'TooDeep', 'AdHoc', 'Second']) expect(operationLabels(after)).not.toContain(name);
    // the one that ran: an ad-hoc name after the flood of the test above, so (other)
    expect(delta(LATENCY, { operation: OperationLabel.other, status: '200' })).toBe(1);
  }, 60_000);
});
