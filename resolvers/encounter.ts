import type { Encounter } from '../adapters/model/canonical-model';
import type { EncounterResolvers, ProcedureResolvers, QueryResolvers } from './__generated__/resolvers-types';

export const encounterQueries: QueryResolvers = {
  encounter: (_, { id }, { loaders }) => loaders.encounter.load(id),
  encounters: (_, args, { loaders }) => loaders.encounters(args),
};

export const encounterResolvers: EncounterResolvers = {
  // an encounter the viewer may read names a patient the viewer may read: no second scope check (row-scope.ts)
  patient: ({ patientId }, _, { loaders }) => loaders.patientOfEncounter.load(patientId),
  department: ({ departmentCode }, _, { loaders }) => loaders.department.load(departmentCode),
  attendingDoctor: ({ attendingDoctorId }, _, { loaders }) => (attendingDoctorId ? loaders.staff.load(attendingDoctorId) : null),
  lengthOfStay: (encounter) => lengthOfStay(encounter),
  diagnoses: ({ id }, _, { loaders }) => loaders.diagnosesOfEncounter.load(id),
  procedures: ({ id }, _, { loaders }) => loaders.proceduresOfEncounter.load(id),
  labOrders: ({ id }, _, { loaders }) => loaders.labOrdersOfEncounter.load(id),
  imagingStudies: ({ id }, _, { loaders }) => loaders.imagingOfEncounter.load(id),
  charges: ({ id }, _, { loaders }) => loaders.chargesOfEncounter.load(id),
  drgCase: ({ id, kind }, _, { loaders }) => (kind === 'INPATIENT' ? loaders.drgCaseOfEncounter.load(id) : null),
};

export const procedureResolvers: ProcedureResolvers = {
  surgeon: ({ surgeonId }, _, { loaders }) => (surgeonId ? loaders.staff.load(surgeonId) : null),
};

/** Bed-days of a discharged inpatient stay: discharge date − admission date, a same-day stay counts as 1. */
export function lengthOfStay(encounter: Pick<Encounter, 'kind' | 'admittedAt' | 'dischargedAt'>): number | null {
  if (encounter.kind !== 'INPATIENT' || !encounter.dischargedAt) return null;
  const days = (Date.parse(encounter.dischargedAt.slice(0, 10)) - Date.parse(encounter.admittedAt.slice(0, 10))) / 86_400_000;
  return Math.max(1, Math.round(days));
}
