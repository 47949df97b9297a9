import { getIntrospectionQuery } from 'graphql';

/**
 * Requests that exercise execution end to end — roles that see identity in clear, masked or not
 * at all, fragments and directives, errors — for the suites that compare two ways of executing
 * (compiled against graphql-js; with and without the guards on clear leaves).
 */
export interface Case {
  name: string;
  roles: string[];
  departments?: string[];
  query: string;
  variables?: Record<string, unknown>;
  /** false where the request is refused before anything runs (its variables do not coerce) */
  runs?: boolean;
}

export const WALK = `query Walk($kind: EncounterKind, $first: Int) {
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

/** @sensitive leaves through a connection's edges, an aliased node, fragments on the row type and directives on the leaves themselves */
const SENSITIVE_SHAPES = `query SensitiveShapes($withName: Boolean!, $skipBirth: Boolean!) {
  patients(filter: { departments: ["CARD"] }, first: 3) {
    edges { cursor who: node { ...PatientParts } node { id ... on Patient { phone @include(if: $withName) } } }
  }
  imagingStudies(filter: { departments: ["CARD"] }, first: 3) {
    totalCount
    edges { node { modality ... { findingPositive reportText @skip(if: $skipBirth) } patient { id } } }
  }
}
fragment PatientParts on Patient {
  id
  name @include(if: $withName)
  birthDate @skip(if: $skipBirth)
  gender
}`;

export const CASES: Case[] = [
  { name: 'a clinician walks their own and other departments (identity clear in CARD, withheld elsewhere)', roles: ['clinician'], departments: ['CARD'], query: WALK, variables: { kind: 'INPATIENT', first: 4 } },
  { name: 'an analyst walks the same list: pseudonyms, age bands, masked identity', roles: ['analyst'], query: WALK, variables: { first: 3 } },
  { name: 'an operations assistant is refused patient identity and clinical content, field by field', roles: ['ops_assistant'], departments: ['CARD', 'GSUR'], query: WALK, variables: { kind: 'OUTPATIENT', first: 2 } },
  { name: 'a director of all three departments', roles: ['dept_director'], departments: ['CARD', 'GSUR', 'RESP'], query: WALK, variables: { first: 2 } },
  { name: 'a clinician who directs all three departments reads the whole list in clear', roles: ['clinician', 'dept_director'], departments: ['CARD', 'GSUR', 'RESP'], query: WALK, variables: { first: 3 } },
  { name: 'fragments, inline fragments, aliases, __typename, @skip and @include', roles: ['clinician'], departments: ['CARD'], query: SHAPES, variables: { withLabs: true, skipPatient: false } },
  { name: 'the same document with the directives the other way', roles: ['clinician'], departments: ['CARD'], query: SHAPES, variables: { withLabs: false, skipPatient: true } },
  { name: '@sensitive leaves through edges, aliases, fragments and their own @skip and @include', roles: ['clinician'], departments: ['CARD'], query: SENSITIVE_SHAPES, variables: { withName: true, skipBirth: false } },
  { name: 'the same document with the leaves\' directives the other way', roles: ['clinician'], departments: ['CARD'], query: SENSITIVE_SHAPES, variables: { withName: false, skipBirth: true } },
  { name: 'a patient by id', roles: ['clinician'], departments: ['CARD'], query: `query One($id: ID!) { patient(id: $id) { id name phone address } }`, variables: { id: 'BR00000002' } },
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

