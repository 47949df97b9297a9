import type { DrgCaseResolvers, QueryResolvers } from './__generated__/resolvers-types';

export const drgQueries: QueryResolvers = {
  drgCases: (_, args, { loaders }) => loaders.drgCases(args),
};

export const drgCaseResolvers: DrgCaseResolvers = {
  encounter: ({ encounterId }, _, { loaders }) => loaders.encounter.load(encounterId),
  patient: ({ patientId }, _, { loaders }) => loaders.patient.load(patientId),
  department: ({ departmentCode }, _, { loaders }) => loaders.department.load(departmentCode),
  doctor: ({ doctorId }, _, { loaders }) => (doctorId ? loaders.staff.load(doctorId) : null),
};
