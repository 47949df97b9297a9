import type { Condition, ReadContext } from '../../adapters/entity-reader';
import type { EntityName } from '../../adapters/model/canonical-model';
import type { AccessPolicy } from './access-policy';

/**
 * Row scopes as conditions the readers add to every statement they send (rows, counts, groups,
 * relations): the scope is enforced by the source database, never by filtering after a fetch.
 *
 * A 'departments' scope reads its departments' rows; patients are those with an encounter in
 * them; rows without a department of their own follow the row they belong to. Reference data
 * (departments, staff, equipment, DRG groups) is not scoped.
 */
export function rowScope(policy: AccessPolicy, grantedPatients: readonly string[] = []): (entity: EntityName) => Condition<any>[] {
  if (policy.scope === 'hospital') return () => [];
  const departments = departmentScope(policy);
  if (grantedPatients.length === 0) return departments;
  // an approved request or a break-glass grant opens one patient's records beside the departments'
  const granted = patientScope(grantedPatients);
  return (entity) => {
    const own = departments(entity);
    const extra = granted(entity);
    if (own.length === 0 || !extra) return own;
    return [{ op: 'or', any: [own, extra] }];
  };
}

function patientScope(patients: readonly string[]): (entity: EntityName) => Condition<any>[] | undefined {
  const ofPatient: Condition<any> = { op: 'in', field: 'patientId', values: patients };
  const conditions: Partial<Record<EntityName, Condition<any>[]>> = {
    Patient: [{ op: 'in', field: 'id', values: patients }],
    Encounter: [ofPatient],
    Diagnosis: [{ op: 'exists', entity: 'Encounter', foreignField: 'id', localField: 'encounterId', where: [ofPatient] }],
    Procedure: [{ op: 'exists', entity: 'Encounter', foreignField: 'id', localField: 'encounterId', where: [ofPatient] }],
    Charge: [ofPatient],
    LabOrder: [ofPatient],
    LabResult: [{ op: 'exists', entity: 'LabOrder', foreignField: 'id', localField: 'orderId', where: [ofPatient] }],
    ImagingStudy: [ofPatient],
    DrgCase: [ofPatient],
  };
  return (entity) => conditions[entity];
}

function departmentScope(policy: AccessPolicy): (entity: EntityName) => Condition<any>[] {
  if (policy.departments.length === 0) {
    const nothing: Condition<any>[] = [{ op: 'none' }];
    return (entity) => (SCOPED.has(entity) ? nothing : []);
  }
  const inDepartments: Condition<any> = { op: 'in', field: 'departmentCode', values: policy.departments };
  const conditions: Partial<Record<EntityName, Condition<any>[]>> = {
    Patient: [{ op: 'exists', entity: 'Encounter', foreignField: 'patientId', localField: 'id', where: [inDepartments] }],
    Encounter: [inDepartments],
    Diagnosis: [{ op: 'exists', entity: 'Encounter', foreignField: 'id', localField: 'encounterId', where: [inDepartments] }],
    Procedure: [{ op: 'exists', entity: 'Encounter', foreignField: 'id', localField: 'encounterId', where: [inDepartments] }],
    Charge: [inDepartments],
    LabOrder: [inDepartments],
    LabResult: [{ op: 'exists', entity: 'LabOrder', foreignField: 'id', localField: 'orderId', where: [inDepartments] }],
    // a study belongs to the department that requested it and to the one whose device performed it
    ImagingStudy: [{ op: 'or', any: [[inDepartments], [{ op: 'exists', entity: 'Equipment', foreignField: 'id', localField: 'equipmentId', where: [inDepartments] }]] }],
    DepartmentCost: [inDepartments],
    DrgCase: [inDepartments],
  };
  return (entity) => conditions[entity] ?? [];
}

const SCOPED = new Set<EntityName>(['Patient', 'Encounter', 'Diagnosis', 'Procedure', 'Charge', 'LabOrder', 'LabResult', 'ImagingStudy', 'DepartmentCost', 'DrgCase']);

/**
 * Relations whose rows are in the viewer's scope whenever their parent row is. Each child's scope
 * above is "a row of the parent's entity that is in scope links to it" — for departments and for
 * grants alike — so rows read by the links of parent rows this request read under the scope
 * would each pass it: the EXISTS is left out of those statements. (tests/permissions check this
 * table against the scopes, so that a change to one without the other fails.)
 */
export const SCOPE_IMPLIED_BY_PARENT = {
  'Encounter.patient': { entity: 'Patient', field: 'id', parent: 'Encounter', parentField: 'patientId' },
  'Encounter.diagnoses': { entity: 'Diagnosis', field: 'encounterId', parent: 'Encounter', parentField: 'id' },
  'Encounter.procedures': { entity: 'Procedure', field: 'encounterId', parent: 'Encounter', parentField: 'id' },
  'LabOrder.results': { entity: 'LabResult', field: 'orderId', parent: 'LabOrder', parentField: 'id' },
} as const satisfies Record<string, { entity: EntityName; field: string; parent: EntityName; parentField: string }>;

/** the request's read context for one of those relations: every scope but the child's */
export function withoutScopeOf(read: ReadContext, entity: EntityName): ReadContext {
  const scope = read.scope;
  return scope ? { ...read, scope: (other) => (other === entity ? [] : scope(other)) } : read;
}
