import type { GatewayContext } from '../src/context';
import { alerts } from '../src/operations/alerts';
import { benchmark } from '../src/operations/benchmark';
import { drgSummaries } from '../src/operations/drg-summaries';
import { KPI_CATALOG } from '../src/operations/kpi-catalog';
import { checkCodes, kpiValues, unitsFor } from '../src/operations/kpi-values';
import { scorecard } from '../src/operations/scorecard';
import type { DrgGroupSummaryResolvers, KpiAlertResolvers, KpiDefinitionResolvers, KpiRankingResolvers, KpiValueResolvers, QueryResolvers, ScorecardResolvers } from './__generated__/resolvers-types';

const department = (code: string | null, context: GatewayContext) => (code ? context.loaders.department.load(code) : null);

export const operationsQueries: QueryResolvers = {
  kpiCatalog: () => [...KPI_CATALOG],
  kpis: (_, { codes, departments, period }, context) => kpiValues(context, context.services.sources!, checkCodes(codes), unitsFor(context, departments), period),
  scorecard: (_, { department: code, period }, context) => scorecard(context, context.services.sources!, code, period),
  benchmark: (_, { kpi, period }, context) => benchmark(context, context.services.sources!, kpi, period),
  alerts: (_, { period, departments }, context) => alerts(context, context.services.sources!, period, departments),
  drgGroupSummaries: (_, { period, departments, by }, context) => drgSummaries(context, context.services.sources!, period, departments, by ?? 'GROUP'),
};

export const kpiDefinitionResolvers: KpiDefinitionResolvers = {
  name: (kpi) => kpi.nameZh,
  nameEn: (kpi) => kpi.nameEn,
  baseMeasures: (kpi) => kpi.measures,
  watchThreshold: (kpi) => kpi.watch,
  alertThreshold: (kpi) => kpi.alert?.threshold ?? null,
};

export const kpiValueResolvers: KpiValueResolvers = {
  department: (value, _, context) => department(value.departmentCode, context),
  // a value that needs data the viewer may not read is withheld, with FORBIDDEN once per indicator
  value: (value, _, context) => (value.forbidden ? context.permissions.forbid(`KpiValue.value(${value.code})`) : value.value),
};

export const scorecardResolvers: ScorecardResolvers = {
  department: (card, _, context) => department(card.departmentCode, context),
};

export const kpiRankingResolvers: KpiRankingResolvers = {
  department: async (ranking, _, context) => (await context.loaders.department.load(ranking.departmentCode))!,
};

export const kpiAlertResolvers: KpiAlertResolvers = {
  department: (alert, _, context) => department(alert.departmentCode, context),
};

export const drgGroupSummaryResolvers: DrgGroupSummaryResolvers = {
  department: (summary, _, context) => department(summary.departmentCode, context),
  doctor: (summary, _, context) => (summary.doctorId ? context.loaders.staff.load(summary.doctorId) : null),
};
