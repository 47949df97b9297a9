import type { EquipmentResolvers, ImagingStudyResolvers, QueryResolvers } from './__generated__/resolvers-types';

export const imagingQueries: QueryResolvers = {
  imagingStudies: (_, args, { loaders }) => loaders.imagingStudies(args),
};

export const imagingStudyResolvers: ImagingStudyResolvers = {
  patient: ({ patientId }, _, { loaders }) => loaders.patient.load(patientId),
  encounter: ({ encounterId }, _, { loaders }) => (encounterId ? loaders.encounter.load(encounterId) : null),
  department: ({ departmentCode }, _, { loaders }) => loaders.department.load(departmentCode),
  equipment: ({ equipmentId }, _, { loaders }) => (equipmentId ? loaders.equipment.load(equipmentId) : null),
};

export const equipmentResolvers: EquipmentResolvers = {
  department: ({ departmentCode }, _, { loaders }) => loaders.department.load(departmentCode),
};
