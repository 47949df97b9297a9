import { getIntrospectionQuery } from 'graphql';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

/**
 * Queries run repeatedly are executed by compiled functions (graphql-jit) instead of graphql-js.
 * Two gateways over the same demo — one on graphql-js only, one compiling every query from its
 * first run — must answer every request alike: status, data, masking, pseudonyms, and each error
 * with its code, path and locations.
 */
const PSEUDONYM_SECRET = 'compiled-execution-test-pseudonym-secret!';

interface Case {
  name: string;
  roles: string[];
  departments?: string[];
  query: string;
  variables?: Record<string, unknown>;
  /** false where the request is refused before anything runs (its variables do not coerce) */
  runs?: boolean;
}

const WALK = `query Walk($kind: EncounterKind, $first: Int) {
  departments(filter: { codes: ["CARD", "GSUR", "RESP"] }) {
    code name kind beds
    encounters(filter: { kind: $kind }, first: $first) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node {
        id kind admittedAt dischargedAt lengthOfStay
        attendingDoctor { name department { code } }
        patient { id name gender birthDate idCardNumber phone }
        diagnoses { type code }
        labOrders { panelName orderedAt results { analyteCode value unit abnormalFlag critical } }
        imagingStudies { modality bodyPart performedAt findingPositive }
        charges { category amount }
        drgCase { drgCode weight paymentStandard totalCost }
      } }
    }
  }
}`;

const SHAPES = `query Shapes($withLabs: Boolean!, $skipPatient: Boolean!) {
  __typename
  who: me { id roles ...ViewerParts }
  departments(filter: { codes: ["CARD"] }) {
    __typename
    code
    first: encounters(first: 2) { edges { node { ...EncounterParts } } }
    again: encounters(first: 1) { edges { node { id ... on Encounter { kind } } } }
  }
}
fragment ViewerParts on Viewer { departmentCodes }
fragment EncounterParts on Encounter {
  id
  patient @skip(if: $skipPatient) { id name }
  labOrders @include(if: $withLabs) { id results { value } }
}`;

const CASES: Case[] = [
  { name: 'a clinician walks their own and other departments (identity clear in CARD, withheld elsewhere)', roles: ['clinician'], departments: ['CARD'], query: WALK, variables: { kind: 'INPATIENT', first: 4 } },
  { name: 'an analyst walks the same list: pseudonyms, age bands, masked identity', roles: ['analyst'], query: WALK, variables: { first: 3 } },
  { name: 'an operations assistant is refused patient identity and clinical content, field by field', roles: ['ops_assistant'], departments: ['CARD', 'GSUR'], query: WALK, variables: { kind: 'OUTPATIENT', first: 2 } },
  { name: 'a director of all three departments', roles: ['dept_director'], departments: ['CARD', 'GSUR', 'RESP'], query: WALK, variables: { first: 2 } },
  { name: 'fragments, inline fragments, aliases, __typename, @skip and @include', roles: ['clinician'], departments: ['CARD'], query: SHAPES, variables: { withLabs: true, skipPatient: false } },
  { name: 'the same document with the directives the other way', roles: ['clinician'], departments: ['CARD'], query: SHAPES, variables: { withLabs: false, skipPatient: true } },
  { name: 'variables that do not coerce (400, BAD_USER_INPUT)', roles: ['analyst'], query: WALK, variables: { first: 'many' }, runs: false },
  { name: 'a required variable left out', roles: ['clinician'], departments: ['CARD'], query: SHAPES, variables: { withLabs: true }, runs: false },
  { name: 'an alias named __proto__ stays a key of the result', roles: ['analyst'], query: `{ __proto__: me { id } constructor: me { roles } }` },
  { name: 'patients with small-cell suppression for an analyst', roles: ['analyst'], query: `{ patients(filter: { departments: ["RESP"] }, first: 3) { totalCount edges { node { id name birthDate gender } } } }` },
  { name: 'a search by identity card number for a clinician', roles: ['clinician'], departments: ['CARD'], query: `query Find($card: String) { patients(filter: { idCardNumber: $card }, first: 2) { totalCount edges { node { id name } } } }`, variables: { card: '110101199001011234' } },
  { name: 'DRG cases for finance', roles: ['finance'], query: `{ drgCases(filter: { period: { month: "2026-09" } }, first: 5) { totalCount edges { node { drgCode drgName weight paymentStandard totalCost settlementAmount dischargedOn patient { id name } department { code } } } } }` },
  { name: 'scorecard, KPI values and benchmark for a director', roles: ['dept_director'], departments: ['CARD'], query: `{ scorecard(department: "CARD", period: { month: "2026-09" }) { period dimensions { dimension onTarget watch offTarget indicators { code value previousValue status } } } kpis(codes: ["bed_occupancy_rate"], departments: ["CARD"], period: { month: "2026-09" }) { code value department { code } } }` },
  { name: 'the schema introspection GraphiQL sends', roles: ['admin'], query: getIntrospectionQuery() },
  { name: 'an auditor asking for clinical content', roles: ['auditor'], query: `{ encounter(id: "nope") { id patient { name } } departments(filter: { codes: ["CARD"] }) { code encounters(first: 1) { totalCount } } }` },
];

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
