import type { Role } from './roles';

/**
 * THE permission model: the one place that says what each role reads. Everything else follows
 * from it — the graphql-shield rule tree (rule-tree.ts), the per-request decisions, the row
 * scopes pushed into SQL, masking, the filter guards, small-cell suppression and the README's
 * permission table (a test fails when the README and this file disagree).
 *
 * Every field of the API belongs to one data class: by default the class of its type, or the
 * class of the type it leads to for a relation (an entry point), unless FIELD_CLASSES says
 * otherwise. A role reads a class in clear, masked, or not at all ('none'). A field no class
 * covers is denied to everyone (the lint test proves that none is left uncovered).
 */

export type DataClass =
  /** the viewer's own identity (`me`) */
  | 'SELF'
  /** page structure: connections, edges, cursors, counts — guarded by the field that leads there */
  | 'STRUCTURE'
  /** departments, staff, equipment, DRG groups: the hospital's own reference data */
  | 'REFERENCE'
  /** a patient record as an entry point, and its non-identifying attributes (gender, insurance) */
  | 'PATIENT'
  /** the patient's id: analysts get a keyed pseudonym instead */
  | 'PATIENT_ID'
  | 'IDENTITY_NAME'
  | 'IDENTITY_ID_NUMBER'
  | 'IDENTITY_PHONE'
  | 'IDENTITY_BIRTH_DATE'
  | 'IDENTITY_ADDRESS'
  /** encounters, diagnoses and procedures by code, lab orders and imaging studies: what was done, when, where */
  | 'CLINICAL'
  /** results: lab values and flags, imaging findings */
  | 'CLINICAL_RESULT'
  /** free text: diagnosis and procedure names as written, imaging report text */
  | 'CLINICAL_TEXT'
  /** charges, department costs, DRG cases */
  | 'FINANCIAL'
  /** the audit trail and its integrity */
  | 'AUDIT'
  /** access requests and break-glass grants: reading them */
  | 'ACCESS_REQUEST'
  /** asking for access to a patient outside one's departments */
  | 'REQUEST_ACCESS'
  /** deciding access requests for patients one's departments treated */
  | 'DECIDE_ACCESS'
  /** emergency access to a patient at once, reviewed afterwards */
  | 'BREAK_GLASS'
  /** marking a break-glass access reviewed */
  | 'REVIEW_ACCESS'
  /** indicators, scorecards, benchmarks and alerts (values follow the rules of the data behind them) */
  | 'OPERATIONS';

export type Access = 'clear' | 'masked' | 'none';

export const DATA_CLASSES: readonly DataClass[] = [
  'SELF', 'STRUCTURE', 'REFERENCE', 'PATIENT', 'PATIENT_ID', 'IDENTITY_NAME', 'IDENTITY_ID_NUMBER', 'IDENTITY_PHONE',
  'IDENTITY_BIRTH_DATE', 'IDENTITY_ADDRESS', 'CLINICAL', 'CLINICAL_RESULT', 'CLINICAL_TEXT', 'FINANCIAL',
  'AUDIT', 'ACCESS_REQUEST', 'REQUEST_ACCESS', 'DECIDE_ACCESS', 'BREAK_GLASS', 'REVIEW_ACCESS', 'OPERATIONS',
];

/** Classes that carry patient identity, for the README and the audit's `IDENTITY` category. */
export const IDENTITY_CLASSES: readonly DataClass[] = ['PATIENT_ID', 'IDENTITY_NAME', 'IDENTITY_ID_NUMBER', 'IDENTITY_PHONE', 'IDENTITY_BIRTH_DATE', 'IDENTITY_ADDRESS'];

const c = 'clear' as const;
const m = 'masked' as const;
const n = 'none' as const;

/** What each role reads of each class (CONTRACT.md, "Roles"). */
export const ROLE_ACCESS: Record<Role, Record<DataClass, Access>> = {
  //                SELF STRUCTURE REFERENCE PATIENT PATIENT_ID NAME  ID_NO  PHONE  BIRTH  ADDRESS CLINICAL RESULT TEXT  FINANCIAL AUDIT REQUESTS REQUEST DECIDE BREAK_GLASS REVIEW OPERATIONS
  clinician:     row(c, c, c, c, c, c, c, c, c, c, c, c, c, n, n, c, c, n, c, n, n),
  dept_director: row(c, c, c, c, c, m, m, m, m, m, c, c, c, c, n, c, n, c, n, n, c),
  ops_assistant: row(c, c, c, n, n, n, n, n, n, n, c, n, n, c, n, n, n, n, n, n, c),
  finance:       row(c, c, c, c, c, m, m, m, m, m, c, n, n, c, n, n, n, n, n, n, c),
  analyst:       row(c, c, c, c, m, m, m, m, m, m, c, c, n, c, n, n, n, n, n, n, c),
  auditor:       row(c, c, c, n, n, n, n, n, n, n, n, n, n, n, c, c, n, n, n, c, n),
  admin:         row(c, c, c, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n),
};

function row(...access: Access[]): Record<DataClass, Access> {
  return Object.fromEntries(DATA_CLASSES.map((dataClass, i) => [dataClass, access[i]!])) as Record<DataClass, Access>;
}

/**
 * Which rows a role reads. 'departments': rows of the viewer's departments (the token's
 * departments claim) — patients with an encounter there; 'hospital': every row.
 */
export type RowScope = 'departments' | 'hospital';

export const ROW_SCOPES: Record<Role, RowScope> = {
  clinician: 'departments',
  dept_director: 'departments',
  ops_assistant: 'departments',
  finance: 'hospital',
  analyst: 'hospital',
  // auditors and administrators read no patient, clinical or financial class at all
  auditor: 'hospital',
  admin: 'hospital',
};

/** How a masked value is shown; analysts get an age band where others get the birth year. */
export type MaskKind = 'pseudonym' | 'name' | 'idNumber' | 'phone' | 'birthYear' | 'ageBand' | 'provinceCity';

export const MASKS: Partial<Record<DataClass, { default: MaskKind } & Partial<Record<Role, MaskKind>>>> = {
  PATIENT_ID: { default: 'pseudonym' },
  IDENTITY_NAME: { default: 'name' },
  IDENTITY_ID_NUMBER: { default: 'idNumber' },
  IDENTITY_PHONE: { default: 'phone' },
  IDENTITY_BIRTH_DATE: { default: 'birthYear', analyst: 'ageBand' },
  IDENTITY_ADDRESS: { default: 'provinceCity' },
};

/** Roles for which aggregates over fewer than k patients are suppressed (k is configured). */
export const SMALL_CELL_ROLES: readonly Role[] = ['analyst'];
export const DEFAULT_SMALL_CELL_K = 5;

/**
 * The class of every type's own fields, unless FIELD_CLASSES names the field. Patient has no
 * default on purpose: each of its fields is named below, so that a field added to Patient later
 * is readable by nobody until someone decides its class (and the lint test fails until then).
 */
export const TYPE_CLASSES: Record<string, DataClass> = {
  Query: 'STRUCTURE',
  Viewer: 'SELF',
  PageInfo: 'STRUCTURE',
  Department: 'REFERENCE',
  Staff: 'REFERENCE',
  Equipment: 'REFERENCE',
  DrgGroup: 'REFERENCE',
  Encounter: 'CLINICAL',
  Diagnosis: 'CLINICAL',
  Procedure: 'CLINICAL',
  LabOrder: 'CLINICAL',
  LabResult: 'CLINICAL_RESULT',
  ImagingStudy: 'CLINICAL',
  Charge: 'FINANCIAL',
  DepartmentCost: 'FINANCIAL',
  DrgCase: 'FINANCIAL',
  AuditEvent: 'AUDIT',
  AuditActor: 'AUDIT',
  AuditIntegrity: 'AUDIT',
  AccessRequest: 'ACCESS_REQUEST',
  AccessGrant: 'ACCESS_REQUEST',
  KpiDefinition: 'REFERENCE',
  KpiValue: 'OPERATIONS',
  ScorecardGroup: 'OPERATIONS',
  Scorecard: 'OPERATIONS',
  KpiRanking: 'OPERATIONS',
  KpiAlert: 'OPERATIONS',
  DrgGroupSummary: 'FINANCIAL',
};

/** The class of a relation that leads to a type, where it differs from the type's own fields. */
export const ENTRY_CLASSES: Record<string, DataClass> = {
  Patient: 'PATIENT',
};

/** Fields whose class differs from their type's (identity, free text, results, ids). */
export const FIELD_CLASSES: Record<string, DataClass> = {
  'Query.me': 'SELF',
  'Patient.id': 'PATIENT_ID',
  'Patient.gender': 'PATIENT',
  'Patient.insuranceType': 'PATIENT',
  'Patient.encounters': 'CLINICAL',
  'Patient.name': 'IDENTITY_NAME',
  'Patient.idCardNumber': 'IDENTITY_ID_NUMBER',
  'Patient.phone': 'IDENTITY_PHONE',
  'Patient.birthDate': 'IDENTITY_BIRTH_DATE',
  'Patient.address': 'IDENTITY_ADDRESS',
  'Diagnosis.name': 'CLINICAL_TEXT',
  'Procedure.name': 'CLINICAL_TEXT',
  'ImagingStudy.reportText': 'CLINICAL_TEXT',
  'ImagingStudy.findingPositive': 'CLINICAL_RESULT',
  'LabResult.id': 'CLINICAL',
  'LabResult.order': 'CLINICAL',
  'LabResult.analyteCode': 'CLINICAL',
  'LabResult.analyteName': 'CLINICAL',
  'LabResult.unit': 'CLINICAL',
  'LabResult.referenceRange': 'CLINICAL',
  // the staff member who treated a patient is reference data, reached from a clinical row
  'Encounter.attendingDoctor': 'REFERENCE',
  'Procedure.surgeon': 'REFERENCE',
  'DrgCase.doctor': 'REFERENCE',
  'DrgGroupSummary.department': 'REFERENCE',
  'DrgGroupSummary.doctor': 'REFERENCE',
  'KpiValue.department': 'REFERENCE',
  'Scorecard.department': 'REFERENCE',
  'KpiRanking.department': 'REFERENCE',
  'KpiAlert.department': 'REFERENCE',
  'Mutation.requestRecordAccess': 'REQUEST_ACCESS',
  'Mutation.decideAccessRequest': 'DECIDE_ACCESS',
  'Mutation.breakGlass': 'BREAK_GLASS',
  'Mutation.reviewBreakGlass': 'REVIEW_ACCESS',
};

/**
 * Filters and lookups are reads: an argument that selects rows by a field needs that field in
 * clear (`none` or `masked` access refuses the whole field with FORBIDDEN, so that a search can
 * never confirm a hidden value). Keys are `Type.field(argument)` or `Input.field`.
 */
export const ARGUMENT_GUARDS: Record<string, DataClass> = {
  'Query.patient(id)': 'PATIENT_ID',
  'PatientFilter.ids': 'PATIENT_ID',
  'PatientFilter.idCardNumber': 'IDENTITY_ID_NUMBER',
  'PatientFilter.name': 'IDENTITY_NAME',
  'PatientFilter.gender': 'PATIENT',
  'PatientFilter.insuranceType': 'PATIENT',
  'EncounterFilter.patientId': 'PATIENT_ID',
  'LabOrderFilter.patientId': 'PATIENT_ID',
  'ImagingFilter.patientId': 'PATIENT_ID',
};

/**
 * Arguments that select by no personal value (periods, kinds, codes of the hospital's own
 * dictionaries, paging). Every argument of the schema is in exactly one of the two lists: the
 * lint test fails on a new argument until it is placed.
 */
export const OPEN_ARGUMENTS: readonly string[] = [
  'PeriodInput.from', 'PeriodInput.to', 'PeriodInput.month', 'PeriodInput.quarter', 'PeriodInput.year',
  'Query.departments(filter)', 'Query.department(code)', 'Query.encounter(id)',
  'Query.drgCases(filter)', 'Query.drgCases(first)', 'Query.drgCases(after)',
  'Query.encounters(filter)', 'Query.encounters(first)', 'Query.encounters(after)',
  'Query.imagingStudies(filter)', 'Query.imagingStudies(first)', 'Query.imagingStudies(after)',
  'Query.labOrders(filter)', 'Query.labOrders(first)', 'Query.labOrders(after)',
  'Query.patients(filter)', 'Query.patients(first)', 'Query.patients(after)',
  'Department.staff(includeInactive)', 'Department.encounters(filter)', 'Department.encounters(first)', 'Department.encounters(after)', 'Department.costs(period)',
  'DepartmentFilter.codes', 'DepartmentFilter.kind', 'DepartmentEncounterFilter.period', 'DepartmentEncounterFilter.kind',
  'DrgCaseFilter.departments', 'DrgCaseFilter.period', 'DrgCaseFilter.drgCode',
  'EncounterFilter.departments', 'EncounterFilter.period', 'EncounterFilter.kind',
  'ImagingFilter.departments', 'ImagingFilter.period', 'ImagingFilter.modality',
  'LabOrderFilter.departments', 'LabOrderFilter.period',
  'PatientFilter.departments', 'Patient.encounters(kind)',
  'Query.auditEvents(filter)', 'Query.auditEvents(first)', 'Query.auditEvents(after)', 'Query.auditIntegrity(from)', 'Query.auditIntegrity(to)',
  'AuditEventFilter.actor', 'AuditEventFilter.entityId', 'AuditEventFilter.entityType', 'AuditEventFilter.outcome', 'AuditEventFilter.operationName',
  'AuditEventFilter.from', 'AuditEventFilter.to', 'Query.accessRequests(status)',
  'Mutation.requestRecordAccess(patientId)', 'Mutation.requestRecordAccess(reason)', 'Mutation.decideAccessRequest(id)', 'Mutation.decideAccessRequest(approve)',
  'Mutation.decideAccessRequest(comment)', 'Mutation.breakGlass(patientId)', 'Mutation.breakGlass(reason)', 'Mutation.reviewBreakGlass(id)', 'Mutation.reviewBreakGlass(comment)',
  'Query.kpis(codes)', 'Query.kpis(departments)', 'Query.kpis(period)', 'Query.scorecard(department)', 'Query.scorecard(period)', 'Query.benchmark(kpi)', 'Query.benchmark(period)',
  'Query.alerts(period)', 'Query.alerts(departments)', 'Query.drgGroupSummaries(period)', 'Query.drgGroupSummaries(departments)', 'Query.drgGroupSummaries(by)',
];
