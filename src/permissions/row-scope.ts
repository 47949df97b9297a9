import type { Condition } from '../../adapters/entity-reader';
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
export function rowScope(policy: AccessPolicy): (entity: EntityName) => Condition<any>[] {
  if (policy.scope === 'hospital') return () => [];
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
    ImagingStudy: [inDepartments],
    DepartmentCost: [inDepartments],
    DrgCase: [inDepartments],
  };
  return (entity) => conditions[entity] ?? [];
}

const SCOPED = new Set<EntityName>(['Patient', 'Encounter', 'Diagnosis', 'Procedure', 'Charge', 'LabOrder', 'LabResult', 'ImagingStudy', 'DepartmentCost', 'DrgCase']);
