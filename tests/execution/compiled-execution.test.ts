import { CASES, WALK } from '../support/execution-cases';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

/**
 * Queries run repeatedly are executed by compiled functions (graphql-jit) instead of graphql-js.
 * Two gateways over the same demo — one on graphql-js only, one compiling every query from its
 * first run — must answer every request alike: status, data, masking, pseudonyms, and each error
 * with its code, path and locations.
 */
const PSEUDONYM_SECRET = 'compiled-execution-test-pseudonym-secret!';

describe('compiled execution answers as graphql-js does', () => {
  let reference: TestGateway;
  let compiled: TestGateway;

  beforeAll(async () => {
    const withSecret = (compileFromRun: number) => (config: { server: { compileQueriesFromRun: number }; permissions: { pseudonymSecret: string } }) => {
      config.server.compileQueriesFromRun = compileFromRun;
      config.permissions.pseudonymSecret = PSEUDONYM_SECRET;
    };
    [reference, compiled] = await Promise.all([startTestGateway({ configure: withSecret(0) }), startTestGateway({ configure: withSecret(1) })]);
  });

  afterAll(async () => {
    await Promise.all([reference?.close(), compiled?.close()]);
  });

  it.each(CASES)('$name', async ({ roles, departments, query, variables, runs = true }) => {
    const ask = async (gateway: TestGateway) => gateway.graphql(query, variables, await gateway.token(roles, departments ?? [], 'same-viewer'), { 'x-request-id': 'compiled-execution-case' });
    const expected = await ask(reference);
    // a request refused by validation never reaches an executor; each case must get that far
    if (runs) expect(expected.body.data).toEqual(expect.any(Object));
    else expect(expected).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] } });
    const first = await ask(compiled);
    const second = await ask(compiled);
    expect(first).toEqual(expected);
    // a compiled plan is reused: the second run must not differ from the first
    expect(second).toEqual(expected);
    expect(compiled.gateway.compiledOperations).toBeGreaterThan(0);
    expect(reference.gateway.compiledOperations).toBe(0);
  });

  it('answers something in every case, so that equal answers mean something', async () => {
    const token = await reference.token(['clinician'], ['CARD'], 'same-viewer');
    const { body } = await reference.graphql(WALK, { kind: 'INPATIENT', first: 4 }, token);
    const names = (body.data.departments as any[]).flatMap((d) => d.encounters.edges.map((e: any) => e.node.patient?.name));
    expect(names.filter((name) => typeof name === 'string' && !name.includes('*')).length).toBeGreaterThan(0);
    expect(body.errors?.length).toBeGreaterThan(0);
  });
});
