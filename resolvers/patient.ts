import type { PatientResolvers, QueryResolvers } from './__generated__/resolvers-types';

export const patientQueries: QueryResolvers = {
  patient: (_, { id }, { loaders }) => loaders.patient.load(id),
  patients: (_, args, { loaders }) => loaders.patients(args),
};

export const patientResolvers: PatientResolvers = {
  encounters: async ({ id }, { kind }, { loaders }) => {
    const encounters = await loaders.encountersOfPatient.load(id);
    return kind ? encounters.filter((encounter) => encounter.kind === kind) : encounters;
  },
};
