import { DEMO_DEPARTMENTS } from '../../src/demo/hospital-departments';
import { resolvePolicy } from '../../src/permissions/access-policy';
import { classifyFields } from '../../src/permissions/field-classes';
import { applyMask } from '../../src/permissions/masking';
import { ROLE_ACCESS, ROW_SCOPES, type DataClass } from '../../src/permissions/permission-model';
import { ROLES, type Role } from '../../src/permissions/roles';
import { buildUnguardedSchema } from '../../src/schema';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

/**
 * The permission matrix, generated from the permission model and checked over HTTP with real
 * tokens: every role × every sensitive field × a row inside and a row outside the viewer's
 * departments, asserting clear, masked, forbidden or hidden exactly.
 */

/** a field and the path that reaches it from an encounter */
const PROBES: { field: string; path: string[] }[] = [
  { field: 'Encounter.admittedAt', path: ['admittedAt'] },
  { field: 'Patient.id', path: ['patient', 'id'] },
  { field: 'Patient.name', path: ['patient', 'name'] },
  { field: 'Patient.idCardNumber', path: ['patient', 'idCardNumber'] },
  { field: 'Patient.phone', path: ['patient', 'phone'] },
  { field: 'Patient.birthDate', path: ['patient', 'birthDate'] },
  { field: 'Patient.address', path: ['patient', 'address'] },
  { field: 'Patient.gender', path: ['patient', 'gender'] },
  { field: 'Diagnosis.code', path: ['diagnoses', 'code'] },
  { field: 'Diagnosis.name', path: ['diagnoses', 'name'] },
  { field: 'LabResult.value', path: ['labOrders', 'results', 'value'] },
  { field: 'ImagingStudy.reportText', path: ['imagingStudies', 'reportText'] },
  { field: 'ImagingStudy.findingPositive', path: ['imagingStudies', 'findingPositive'] },
  { field: 'Charge.amount', path: ['charges', 'amount'] },
  { field: 'DrgCase.totalCost', path: ['drgCase', 'totalCost'] },
];

const schema = buildUnguardedSchema();
const classes = classifyFields(schema);

/** the coordinates a probe passes through, from the root field to the leaf */
function coordinatesOf(path: string[]): string[] {
  const coordinates = ['Query.encounter'];
  let type = 'Encounter';
  for (const field of path) {
    coordinates.push(`${type}.${field}`);
    const fieldType = (schema.getType(type) as any).getFields()[field].type;
    let named = fieldType;
    while (named.ofType) named = named.ofType;
    type = named.name;
  }
  return coordinates;
}

function query(path: string[]): string {
  const selection = path.reduceRight((inner, field) => (inner ? `${field} { ${inner} }` : field), '');
  return `query Probe($id: ID!) { encounter(id: $id) { ${selection} } }`;
}

/** every leaf value at `path` below `value`, lists flattened */
function leaves(value: unknown, path: string[]): unknown[] {
  if (path.length === 0) return [value];
  if (value === null || value === undefined) return [value];
  if (Array.isArray(value)) return value.length === 0 ? [] : value.flatMap((item) => leaves(item, path));
  return leaves((value as Record<string, unknown>)[path[0]!], path.slice(1));
}

type Expected = { kind: 'clear' } | { kind: 'masked'; dataClass: DataClass } | { kind: 'forbidden'; at: string } | { kind: 'hidden' };

function expected(role: Role, probe: (typeof PROBES)[number], inScope: boolean): Expected {
  const coordinates = coordinatesOf(probe.path);
  const denied = coordinates.find((coordinate) => ROLE_ACCESS[role][classes.get(coordinate)!] === 'none');
  if (denied === 'Query.encounter') return { kind: 'forbidden', at: denied };
  // a row outside the scope is not found: nothing below it is resolved, nothing is said about it
  if (!inScope && ROW_SCOPES[role] === 'departments') return { kind: 'hidden' };
  if (denied) return { kind: 'forbidden', at: denied };
  const leafClass = classes.get(coordinates.at(-1)!)!;
  return ROLE_ACCESS[role][leafClass] === 'masked' ? { kind: 'masked', dataClass: leafClass } : { kind: 'clear' };
}

describe('the permission matrix over HTTP', () => {
  let gw: TestGateway;
  let oracle: string;
  const rows: { inScope: string; outOfScope: string } = { inScope: '', outOfScope: '' };

  beforeAll(async () => {
    gw = await startTestGateway();
    oracle = await gw.token(['clinician', 'dept_director'], DEMO_DEPARTMENTS.map((d) => d.code), 'oracle');
    const stays = await gw.graphql(
      `{ departments(filter: { codes: ["CARD", "ORTH"] }) { code encounters(filter: { kind: INPATIENT }, first: 300) { edges { node { id dischargedAt
          patient { idCardNumber phone address encounters { department { code } } }
          diagnoses { code } labOrders { results { value } } imagingStudies { reportText } drgCase { id } } } } } }`,
      undefined,
      oracle,
    );
    const complete = (node: any) =>
      node.dischargedAt && node.patient.idCardNumber && node.patient.phone && node.patient.address && node.drgCase &&
      node.labOrders.some((o: any) => o.results.length > 0) && node.imagingStudies.some((s: any) => s.reportText);
    const [card, orth] = stays.body.data.departments;
    rows.inScope = card.encounters.edges.map((e: any) => e.node).find(complete).id;
    rows.outOfScope = orth.encounters.edges
      .map((e: any) => e.node)
      .find((node: any) => complete(node) && node.patient.encounters.every((e: any) => e.department.code !== 'CARD')).id;
  }, 60_000);

  afterAll(async () => {
    await gw?.close();
  });

  for (const role of ROLES) {
    for (const inScope of [true, false]) {
      it(`${role}, ${inScope ? 'a row of the viewer’s department' : 'a row of another department'}`, async () => {
        const token = await gw.token([role], ['CARD']);
        const policy = resolvePolicy({ id: 'x', name: null, roles: [role], departments: ['CARD'] }, { smallCellK: 5 });
        const id = inScope ? rows.inScope : rows.outOfScope;
        const outcomes: string[] = [];
        const wanted: string[] = [];
        for (const probe of PROBES) {
          const want = expected(role, probe, inScope);
          const clear = await gw.graphql(query(probe.path), { id }, oracle);
          const seen = await gw.graphql(query(probe.path), { id }, token);
          expect(seen.status).toBe(200);
          const values = leaves(seen.body.data?.encounter, probe.path);
          const forbidden = (seen.body.errors ?? []).filter((e: any) => e.extensions.code === 'FORBIDDEN').map((e: any) => e.extensions.field);
          let outcome: string;
          if (seen.body.data?.encounter === null && !seen.body.errors) outcome = 'hidden';
          else if (forbidden.length > 0 && values.every((v) => v === null || v === undefined)) outcome = `forbidden at ${forbidden[0]}`;
          else {
            const clearValues = leaves(clear.body.data!.encounter, probe.path);
            expect(clearValues.some((v) => v !== null)).toBe(true);
            if (JSON.stringify(values) === JSON.stringify(clearValues)) outcome = 'clear';
            else if (want.kind === 'masked' && JSON.stringify(values) === JSON.stringify(clearValues.map((v) => applyMask(policy.maskKind(want.dataClass), v, gw.pseudonymSecret)))) outcome = 'masked';
            else outcome = `unexpected ${JSON.stringify(values).slice(0, 80)}`;
          }
          outcomes.push(`${probe.field}: ${outcome}`);
          wanted.push(`${probe.field}: ${want.kind === 'forbidden' ? `forbidden at ${want.at}` : want.kind}`);
        }
        expect(outcomes).toEqual(wanted);
      });
    }
  }
});
