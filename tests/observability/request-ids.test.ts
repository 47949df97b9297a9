import { Writable } from 'node:stream';
import { createLogger } from '../../src/logging';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

/**
 * One id per request, the same in the X-Request-Id header, in every error's
 * `extensions.requestId` and on the request's log lines; a caller's well-formed id is kept, a
 * malformed one replaced.
 */
describe('request ids', () => {
  let gw: TestGateway;
  const lines: any[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean).map((line) => JSON.parse(line)));
        done();
      },
    });
    gw = await startTestGateway({ log: createLogger({ level: 'debug', destination: sink }) });
  });

  afterAll(async () => {
    await gw?.close();
  });

  const requestLine = (requestId: string) => lines.find((line) => line.msg === 'request' && line.requestId === requestId);

  it('honours a well-formed X-Request-Id: header, every error and the log line carry it', async () => {
    const analyst = await gw.token(['analyst']);
    const id = 'dashboard-7f3a9c01';
    // a field denied on each row (thrown, then formatted) and one refused by validation (formatted by Apollo)
    const response = await gw.post({ query: '{ imagingStudies(filter: {}, first: 2) { edges { node { id reportText } } } }' }, analyst, { 'x-request-id': id });
    expect(response.headers.get('x-request-id')).toBe(id);
    const body = (await response.json()) as any;
    expect(body.errors.map((e: any) => e.extensions)).toEqual([{ code: 'FORBIDDEN', field: 'ImagingStudy.reportText', requestId: id }]);
    // a list field refused whole: its error is added by the permissions plugin after formatting
    const ops = await gw.token(['ops_assistant'], ['CARD']);
    const whole = await gw.post({ query: '{ patients(first: 2) { edges { node { id } } } }' }, ops, { 'x-request-id': 'refused-list-0001' });
    expect(((await whole.json()) as any).errors.map((e: any) => e.extensions)).toEqual([{ code: 'FORBIDDEN', field: 'Query.patients', requestId: 'refused-list-0001' }]);
    const invalid = await gw.post({ query: '{ departments { noSuchField } }' }, analyst, { 'x-request-id': 'validation-0001' });
    const invalidBody = (await invalid.json()) as any;
    expect(invalidBody.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', requestId: 'validation-0001' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(requestLine(id)).toMatchObject({ requestId: id, path: '/graphql', status: 200 });
    expect(requestLine(id)).not.toHaveProperty('traceId'); // tracing is off
  });

  it('puts the id on errors the gateway writes itself (401, limits)', async () => {
    const unauthenticated = await gw.post({ query: '{ me { id } }' }, null, { 'x-request-id': 'no-token-000001' });
    expect(unauthenticated.status).toBe(401);
    expect(((await unauthenticated.json()) as any).errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED', requestId: 'no-token-000001' });
    const analyst = await gw.token(['analyst']);
    const deep = `{ ${'departments { encounters(filter: {}, first: 1) { edges { node { department { '.repeat(6)} code ${'} } } } } '.repeat(6)} }`;
    const tooComplex = await gw.post({ query: deep }, analyst, { 'x-request-id': 'too-deep-000001' });
    const body = (await tooComplex.json()) as any;
    expect(body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', requestId: 'too-deep-000001' });
  });

  it('replaces a malformed X-Request-Id with a fresh one', async () => {
    for (const supplied of ['short', 'has spaces in it ok', 'x'.repeat(65), 'semi;colon-12345']) {
      const response = await gw.post({ query: '{ me { id } }' }, null, { 'x-request-id': supplied });
      const id = response.headers.get('x-request-id')!;
      expect(id).not.toBe(supplied);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(((await response.json()) as any).errors[0].extensions.requestId).toBe(id);
    }
  });

  it('puts the id on errors Apollo answers before its plugins run (a request without a query)', async () => {
    const analyst = await gw.token(['analyst']);
    const response = await gw.post({ variables: {} }, analyst, { 'x-request-id': 'no-query-000001' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as any;
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', requestId: 'no-query-000001' });
    expect(body.errors[0].message).toMatch(/query/);
  });
});
