import type { LabOrderResolvers, QueryResolvers } from './__generated__/resolvers-types';

export const labQueries: QueryResolvers = {
  labOrders: (_, args, { loaders }) => loaders.labOrders(args),
};

export const labOrderResolvers: LabOrderResolvers = {
  encounter: ({ encounterId }, _, { loaders }) => loaders.encounter.load(encounterId),
  patient: ({ patientId }, _, { loaders }) => loaders.patient.load(patientId),
  department: ({ departmentCode }, _, { loaders }) => loaders.department.load(departmentCode),
  results: ({ id }, _, { loaders }) => loaders.labResultsOfOrder.load(id),
};
