import type { GatewayContext } from '../context';
import type { PeriodArgument } from '../period';
import type { Sources } from '../sources';
import type { Dimension } from './kpi-catalog';
import { KPI_CATALOG } from './kpi-catalog';
import { kpiValues, unitsFor, type KpiValueRow } from './kpi-values';

const DIMENSIONS: Dimension[] = ['FINANCIAL', 'PATIENT', 'INTERNAL_PROCESS', 'LEARNING_GROWTH'];

export interface ScorecardGroupRow {
  dimension: Dimension;
  indicators: KpiValueRow[];
  onTarget: number;
  watch: number;
  offTarget: number;
}

export interface ScorecardRow {
  departmentCode: string | null;
  period: string;
  dimensions: ScorecardGroupRow[];
}

/** A department's (or the hospital's) indicators grouped by balanced-scorecard dimension. */
export async function scorecard(context: GatewayContext, sources: Sources, department: string | null | undefined, period: PeriodArgument): Promise<ScorecardRow> {
  const [unit] = unitsFor(context, department ? [department] : null);
  const values = await kpiValues(context, sources, KPI_CATALOG.map((k) => k.code), [unit ?? null], period);
  return {
    departmentCode: unit ?? null,
    period: values[0]?.period ?? '',
    dimensions: DIMENSIONS.map((dimension) => {
      const indicators = values.filter((value) => value.dimension === dimension);
      const count = (status: string) => indicators.filter((value) => value.status === status).length;
      return { dimension, indicators, onTarget: count('ON_TARGET'), watch: count('WATCH'), offTarget: count('OFF_TARGET') };
    }),
  };
}
