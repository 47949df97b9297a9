import { startTestGateway, type TestGateway } from '../support/test-gateway';
import { scrape, seriesValue } from './support/prometheus';

/** GET /metrics: Prometheus text with request, statement, audit and sensitive-access series. */
describe('Prometheus metrics', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw?.close();
  });

  it('counts requests by operation, statements by source, audit commits and masked reads — with no ids or values', async () => {
    const analyst = await gw.token(['analyst']);
    const read = await gw.graphql('query WardList { patients(first: 5) { edges { node { id name } } } }', undefined, analyst);
    expect(read.body.errors).toBeUndefined();
    await gw.graphql('{ patients(filter: { name: "张三" }) { totalCount } }', undefined, analyst);
    const response = await fetch(`${gw.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/gateway_http_request_duration_seconds_count\{operation="WardList",status="200"\} 1/);
    expect(text).toMatch(/gateway_source_statement_duration_seconds_count\{source="his"\} \d+/);
    expect(text).toMatch(/gateway_audit_commit_duration_seconds_count \d+/);
    expect(text).toMatch(/gateway_audit_records_total [1-9]/);
    expect(text).toMatch(/gateway_audit_queue_depth 0/);
    expect(text).toMatch(/gateway_sensitive_entities_total\{outcome="MASKED",entity_type="Patient"\} 5/);
    expect(text).toMatch(/gateway_graphql_errors_total\{code="FORBIDDEN"\} 1/);
    for (const name of read.body.data.patients.edges.map((e: any) => e.node.name)) expect(text).not.toContain(name);
    expect(text).not.toContain('张三');
  });

  it('counts masked reads and every denial — a field refused per row, a field refused whole, a refused search', async () => {
    const before = await scrape(gw.url);
    const analyst = await gw.token(['analyst']);
    const ops = await gw.token(['ops_assistant'], ['CARD']);
    const masked = await gw.graphql('{ patients(first: 3) { edges { node { name phone } } } }', undefined, analyst);
    expect(masked.body.data.patients.edges).toHaveLength(3);
    // free text is not readable for analysts: the rows are read, the field is denied on each
    const perRow = await gw.graphql('{ imagingStudies(filter: {}, first: 2) { edges { node { id reportText } } } }', undefined, analyst);
    expect(perRow.body.errors!.map((e: any) => e.extensions.code)).toEqual(['FORBIDDEN']);
    // an operations assistant may not read patients at all: refused before any row is read
    const whole = await gw.graphql('{ patients(first: 3) { edges { node { id } } } }', undefined, ops);
    expect(whole.body.errors!.map((e: any) => e.extensions.code)).toEqual(['FORBIDDEN']);
    await gw.graphql('{ patients(filter: { name: "李四" }) { totalCount } }', undefined, analyst);
    const after = await scrape(gw.url);
    const delta = (name: string, labels: Record<string, string>) => seriesValue(after, name, labels) - seriesValue(before, name, labels);

    expect(delta('gateway_sensitive_entities_total', { outcome: 'MASKED', entity_type: 'Patient' })).toBe(3);
    expect(delta('gateway_sensitive_entities_total', { outcome: 'DENIED', entity_type: 'ImagingStudy' })).toBe(2);
    expect(delta('gateway_denied_fields_total', { field: 'ImagingStudy.reportText' })).toBe(1);
    expect(delta('gateway_denied_fields_total', { field: 'Query.patients' })).toBe(1);
    const refusedSearch = [...after.matchAll(/gateway_denied_fields_total\{field="(argument:[^"]+)"\}/g)].map((m) => m[1]!);
    expect(refusedSearch).toHaveLength(1);
    expect(delta('gateway_denied_fields_total', { field: refusedSearch[0]! })).toBe(1);
    expect(after).not.toContain('李四');
    expect(seriesValue(after, 'gateway_audit_commit_failures_total')).toBe(0);
  });
});
