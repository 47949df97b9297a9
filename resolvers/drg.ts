import { HIGH_RATIO, LOW_RATIO } from '../src/operations/drg-summaries';
import type { DrgCaseResolvers, QueryResolvers } from './__generated__/resolvers-types';

export const drgQueries: QueryResolvers = {
  drgCases: (_, args, { loaders }) => loaders.drgCases(args),
};

export const drgCaseResolvers: DrgCaseResolvers = {
  encounter: ({ encounterId }, _, { loaders }) => loaders.encounter.load(encounterId),
  patient: ({ patientId }, _, { loaders }) => loaders.patient.load(patientId),
  department: ({ departmentCode }, _, { loaders }) => loaders.department.load(departmentCode),
  doctor: ({ doctorId }, _, { loaders }) => (doctorId ? loaders.staff.load(doctorId) : null),
  ratioClass: async ({ drgCode, totalCost }, _, { loaders }) => {
    const reference = (await loaders.drgGroup.load(drgCode))?.referenceAverageCost;
    if (!reference) return null;
    return totalCost >= HIGH_RATIO * reference ? 'HIGH' : totalCost <= LOW_RATIO * reference ? 'LOW' : 'NORMAL';
  },
  costToStandardRatio: ({ totalCost, paymentStandard }) => (paymentStandard ? Math.round((totalCost / paymentStandard) * 10_000) / 10_000 : null),
  surplus: ({ totalCost, paymentStandard }) => Math.round((paymentStandard - totalCost) * 100) / 100,
};
