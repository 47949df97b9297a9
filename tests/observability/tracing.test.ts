import type { IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logging';
import { openTracing } from '../../src/observability/tracing';
import { startTestGateway, type TestGateway } from '../support/test-gateway';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';

/**
 * Tracing on, exporting over OTLP/HTTP to a collector on loopback: one GraphQL request called with
 * a W3C traceparent gives a server span under the caller's span, the operation under it, and the
 * statements and the audit commit under the operation — and the exported bytes hold no patient
 * data, no token, no variables, no query text and no SQL.
 */
describe('OpenTelemetry tracing', () => {
  let receiver: OtlpReceiver;
  let gw: TestGateway;
  const lines: string[] = [];
  const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
  const CALLER_SPAN = '00f067aa0ba902b7';
  const REQUEST_ID = 'chart-request-0001';
  const QUERY = 'query PatientChart($id: ID!) { patient(id: $id) { id name idCardNumber phone encounters { id labOrders { id results { value } } } } }';
  let token: string;
  let patientId: string;
  let served: { status: number; requestId: string | null; body: any };

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    gw = await startTestGateway({
      log: createLogger({ level: 'debug', destination: sink }),
      configure: (config) => {
        config.tracing = { ...config.tracing, enabled: true, serviceName: 'gateway-under-test', exporter: { ...config.tracing.exporter, otlpUrl: receiver.url } };
      },
    });
    token = await gw.token(['clinician'], ['CARD'], 'doc-trace');
    const list = await gw.graphql('{ patients(first: 1) { edges { node { id } } } }', undefined, token);
    patientId = list.body.data.patients.edges[0].node.id;
    const response = await gw.post({ query: QUERY, variables: { id: patientId } }, token, { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01`, 'x-request-id': REQUEST_ID });
    served = { status: response.status, requestId: response.headers.get('x-request-id'), body: await response.json() };
    // closing flushes the batch of spans to the collector
    await gw.close();
  });

  afterAll(async () => {
    await receiver?.close();
  });

  const traced = (): ReceivedSpan[] => receiver.spans().filter((span) => span.traceId === CALLER_TRACE);

  it('exports the request as one trace under the caller: server → operation → statements and audit commit', () => {
    expect(served.status).toBe(200);
    expect(served.body.errors).toBeUndefined();
    expect(served.body.data.patient.name).toBeTruthy();
    expect(receiver.contentTypes.every((type) => type.startsWith('application/json'))).toBe(true);

    const spans = traced();
    const server = spans.filter((span) => span.kind === 2); // SERVER
    expect(server).toHaveLength(1);
    expect(server[0]).toMatchObject({ name: 'POST /graphql', parentSpanId: CALLER_SPAN, serviceName: 'gateway-under-test' });
    expect(server[0]!.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.route': '/graphql', 'http.response.status_code': 200, 'gateway.request_id': REQUEST_ID });

    const operation = spans.filter((span) => span.parentSpanId === server[0]!.spanId);
    expect(operation.map((span) => span.name)).toEqual(['query PatientChart']);
    expect(operation[0]!.attributes).toEqual({ 'graphql.operation.type': 'query', 'graphql.operation.name': 'PatientChart' });

    const children = spans.filter((span) => span.parentSpanId === operation[0]!.spanId);
    const statements = children.filter((span) => span.kind === 3); // CLIENT
    expect(new Set(statements.map((span) => span.attributes['gateway.source']))).toEqual(new Set(['his', 'lis']));
    for (const statement of statements) {
      expect(statement.name).toBe(`SELECT ${statement.attributes['gateway.source']}`);
      expect(statement.attributes).toMatchObject({ 'gateway.source.engine': 'embedded', 'db.system.name': 'postgresql', 'db.system': 'postgresql' });
      expect(typeof statement.attributes['db.response.returned_rows']).toBe('number');
      expect(statement.attributes).not.toHaveProperty('db.query.text');
    }
    const audit = children.filter((span) => span.name === 'audit commit');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.attributes).toMatchObject({ 'gateway.audit.withheld': false });
    expect(audit[0]!.attributes['gateway.audit.records']).toBeGreaterThan(0);
    // nothing else in the trace: every span is one of the above
    expect(spans).toHaveLength(1 + 1 + statements.length + 1);
  });

  it('exports no patient data, token, variables, query text or SQL', () => {
    const raw = receiver.bodies.join('\n');
    expect(raw).toContain(CALLER_TRACE);
    const patient = served.body.data.patient;
    const values = [patient.id, patient.name, patient.idCardNumber, patient.phone, ...patient.encounters.map((e: any) => e.id)].filter(Boolean);
    for (const encounter of patient.encounters) for (const order of encounter.labOrders) for (const result of order.results) if (result.value && result.value.length >= 3) values.push(result.value);
    expect(values.length).toBeGreaterThan(4);
    // a short number (a result value) is looked for as a whole JSON string: as a substring it matches timestamps
    for (const value of values) {
      if (/^[\d.]+$/.test(value)) expect(raw).not.toContain(`"${value}"`);
      else expect(raw).not.toContain(value);
    }
    expect(raw).not.toContain(token.split('.')[2]!);
    expect(raw).not.toContain('Bearer');
    expect(raw).not.toContain('idCardNumber');
    expect(raw).not.toMatch(/\bFROM\b|\bWHERE\b/);
  });

  it('puts the request id and the trace id on the request’s log lines', () => {
    const line = lines.map((text) => JSON.parse(text)).find((entry) => entry.msg === 'request' && entry.requestId === REQUEST_ID);
    expect(line).toMatchObject({ requestId: REQUEST_ID, traceId: CALLER_TRACE, path: '/graphql', status: 200 });
    expect(served.requestId).toBe(REQUEST_ID);
  });
});

describe('statement spans', () => {
  it('carry the parameterized SQL only when statementText is on, never the parameters, and a failure’s kind', async () => {
    const receiver = await startOtlpReceiver();
    try {
      const tracing = openTracing(
        { enabled: true, serviceName: 'unit', sampleRatio: 1, statementText: true, exporter: { otlpUrl: receiver.url, headers: {}, timeoutMs: 2_000 } },
        { lis: 'mysql' },
      );
      const trace = tracing.startRequest({ method: 'POST', headers: {} } as IncomingMessage, '/graphql', 'unit-request-01');
      trace.operationStarted();
      trace.statement({ source: 'lis', sql: 'select `id` from `lab_request` where `patient_id` in (?)', parameters: ['P-SECRET-000123'], rowCount: 4, durationMs: 3 });
      trace.statementFailed({ source: 'lis', sql: 'select 1', kind: 'circuit-open', durationMs: 0 });
      trace.operationEnded(['SOURCE_UNAVAILABLE']);
      trace.end(200);
      await tracing.shutdown();
      const raw = receiver.bodies.join('\n');
      expect(raw).not.toContain('P-SECRET-000123');
      const statements = receiver.spans().filter((span) => span.name === 'SELECT lis');
      expect(statements.map((span) => [span.attributes['db.query.text'], span.attributes['db.system.name'], span.attributes['error.type'] ?? null, span.status?.code ?? 0])).toEqual([
        ['select `id` from `lab_request` where `patient_id` in (?)', 'mysql', null, 0],
        ['select 1', 'mysql', 'circuit-open', 2],
      ]);
      const operation = receiver.spans().find((span) => span.name === 'GraphQL operation');
      expect(operation?.attributes['gateway.graphql.error_codes']).toEqual(['SOURCE_UNAVAILABLE']);
    } finally {
      await receiver.close();
    }
  });
});
