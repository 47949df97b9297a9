import { Writable } from 'node:stream';
import { DEMO_DEPARTMENTS } from '../../src/demo/hospital-departments';
import { createLogger } from '../../src/logging';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

/**
 * The logs are structured JSON and never hold a token, a patient's identity or a result value:
 * a mixed run (identity and result reads, bad tokens, malformed and hostile queries, refused
 * searches, an audit export) is logged at debug level, and every line is scanned for what was
 * served or sent.
 */
describe('logs', () => {
  let gw: TestGateway;
  const lines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    gw = await startTestGateway({ log: createLogger({ level: 'debug', destination: sink }) });
  });

  afterAll(async () => {
    await gw?.close();
  });

  it('carry no token, identity or result value', async () => {
    const tokens: string[] = [];
    const token = async (roles: string[], departments: string[] = []) => {
      const t = await gw.token(roles, departments);
      tokens.push(t);
      return t;
    };
    const oracle = await token(['clinician', 'dept_director'], DEMO_DEPARTMENTS.map((d) => d.code));
    const served = await gw.graphql(
      '{ patients(first: 40) { edges { node { id name idCardNumber phone address birthDate encounters { labOrders { results { value } } imagingStudies { reportText } } } } } }',
      undefined,
      oracle,
    );
    expect(served.body.errors).toBeUndefined();
    const secrets = new Set<string>();
    for (const { node } of served.body.data.patients.edges) {
      for (const value of [node.name, node.idCardNumber, node.phone, node.address]) if (value) secrets.add(value);
      for (const encounter of node.encounters) {
        for (const order of encounter.labOrders) for (const result of order.results) if (result.value && result.value.length >= 4) secrets.add(result.value);
        for (const study of encounter.imagingStudies) if (study.reportText) secrets.add(study.reportText);
      }
    }
    expect(secrets.size).toBeGreaterThan(50);

    const analyst = await token(['analyst']);
    const someone = [...secrets][0]!;
    await gw.graphql(`{ patients(filter: { name: ${JSON.stringify(someone)} }) { totalCount } }`, undefined, analyst);
    await gw.post({ query: '{ patients(first: 2) { edges { node { name } } ' }, analyst); // malformed
    await gw.post({ query: `{ ${'me { id } '.repeat(3_000)} }` }, analyst); // oversized
    await gw.post({ query: '{ me { id } }' }, `${tokens[0]!.slice(0, -4)}AAAA`); // tampered
    await gw.post({ query: '{ me { id } }' }, 'not.a.jwt');
    await fetch(`${gw.url}/audit-export?from=2026-01-01T00:00:00Z&to=2030-01-01T00:00:00Z`, { headers: { authorization: `Bearer ${await token(['auditor'])}` } });

    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      expect(() => JSON.parse(line)).not.toThrow();
      for (const t of tokens) expect(line.includes(t.split('.')[2]!)).toBe(false);
      for (const secret of secrets) if (line.includes(secret)) throw new Error(`a log line holds served data: ${secret.slice(0, 2)}…`);
    }
  });
});
