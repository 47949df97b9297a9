import type { Resolvers } from './__generated__/resolvers-types';
import { accessGrantResolvers, accessMutations, accessQueries, accessRequestResolvers } from './access';
import { auditEventConnectionResolvers, auditEventEdgeResolvers, auditEventResolvers, auditQueries } from './audit';
import { connectionTypeResolvers } from './connections';
import { drgGroupSummaryResolvers, kpiAlertResolvers, kpiDefinitionResolvers, kpiRankingResolvers, kpiValueResolvers, operationsQueries, scorecardResolvers } from './operations';
import { departmentQueries, departmentResolvers, staffResolvers } from './department';
import { drgCaseResolvers, drgQueries } from './drg';
import { encounterQueries, encounterResolvers, procedureResolvers } from './encounter';
import { chargeResolvers, departmentCostResolvers } from './finance';
import { equipmentResolvers, imagingQueries, imagingStudyResolvers } from './imaging';
import { labOrderResolvers, labQueries } from './lab';
import { patientQueries, patientResolvers } from './patient';
import { scalarResolvers } from './scalars';
import { viewerQueries, viewerResolvers } from './viewer';

/** Every resolver of the schema. Leaf fields use graphql-js's default resolver: rows arrive shaped. */
export const resolvers: Resolvers = {
  ...scalarResolvers,
  ...(connectionTypeResolvers as Resolvers),
  Query: {
    ...viewerQueries,
    ...departmentQueries,
    ...patientQueries,
    ...encounterQueries,
    ...labQueries,
    ...imagingQueries,
    ...drgQueries,
    ...auditQueries,
    ...accessQueries,
    ...operationsQueries,
  },
  KpiDefinition: kpiDefinitionResolvers,
  KpiValue: kpiValueResolvers,
  Scorecard: scorecardResolvers,
  KpiRanking: kpiRankingResolvers,
  KpiAlert: kpiAlertResolvers,
  DrgGroupSummary: drgGroupSummaryResolvers,
  Mutation: accessMutations,
  AuditEvent: auditEventResolvers,
  AuditEventConnection: auditEventConnectionResolvers,
  AuditEventEdge: auditEventEdgeResolvers,
  AccessRequest: accessRequestResolvers,
  AccessGrant: accessGrantResolvers,
  Viewer: viewerResolvers,
  Department: departmentResolvers,
  Staff: staffResolvers,
  Patient: patientResolvers,
  Encounter: encounterResolvers,
  Procedure: procedureResolvers,
  LabOrder: labOrderResolvers,
  ImagingStudy: imagingStudyResolvers,
  Equipment: equipmentResolvers,
  Charge: chargeResolvers,
  DepartmentCost: departmentCostResolvers,
  DrgCase: drgCaseResolvers,
};
