import { startTestGateway, type TestGateway } from '../support/test-gateway';

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
});
