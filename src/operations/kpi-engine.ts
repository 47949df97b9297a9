import type { GatewayContext } from '../context';
import { addMonths, type Period } from '../period';
import type { Sources } from '../sources';
import type { AggregateRequest } from '../../adapters/entity-reader';
import { CANONICAL_MODEL, type EntityName } from '../../adapters/model/canonical-model';
import { periodBounds } from '../loaders/filters';
import { MEASURE_SET_OF, type MeasureSet } from './base-measures';
import { KPI_BY_CODE, type KpiDefinition, type MeasureValues } from './kpi-catalog';
import { bucketsOf, windowsOf, type Window, type Windows } from './period-windows';

/**
 * Computes indicators: one aggregate statement per measure set needed (GROUP BY department and
 * month — or day, for ranges that are not whole months — in the system that owns the data,
 * scoped by the viewer's rows), then the ratios in the gateway, per department and for the
 * hospital, for the period, the one before and the same period a year before.
 */

/** a department's code, or null for the hospital (the sum of every department the viewer may see) */
export type Unit = string | null;

export interface KpiResult {
  kpi: KpiDefinition;
  /** the alert's case count (kpi.alert.casesMeasure) in the period, for minimum-sample rules */
  alertCases: number | null;
  department: Unit;
  window: Window;
  value: number | null;
  previousValue: number | null;
  lastYearValue: number | null;
  suppressed: boolean;
  /** the viewer may not read a class of data this indicator needs */
  forbidden: boolean;
}

interface Reference {
  beds: number;
  doctors: number;
  nurses: number;
  staff: number;
  largeEquipment: number;
  largeEquipmentSlotsPerDay: number;
}

/** sums[unit][window label][measure] and histograms[unit][window label][measure][minutes] */
interface Computed {
  sums: Map<string, Map<string, Map<string, number>>>;
  histograms: Map<string, Map<string, Map<string, Map<number, number>>>>;
  reference: Map<string, Reference>;
  readable: Set<string>;
}

const HOSPITAL = '*';
const OPENING_HOURS = 12;

/**
 * The indicators' values. Kept by the aggregate cache like the sums they come from — keyed by the
 * codes, units and windows asked for, the viewer's small-cell rule and readable measure sets, and
 * its row scope on every table read — so that a wall of screens showing one scorecard computes it
 * once per operations.cacheSeconds, not once per screen. The results are shared: read, never changed.
 */
export async function computeKpis(context: GatewayContext, sources: Sources, codes: readonly string[], units: readonly Unit[], period: Period): Promise<KpiResult[]> {
  const kpis = codes.map((code) => KPI_BY_CODE.get(code)!);
  const windows = windowsOf(period);
  const sets = new Set<MeasureSet>();
  for (const kpi of kpis) for (const measure of kpi.measures) sets.add(MEASURE_SET_OF.get(measure)!);
  const cache = context.services.aggregateCache;
  if (!cache) return kpiResults(context, await fetchMeasures(context, sources, [...sets], windows), kpis, units, windows);
  const scope = measureScope(context, sources, [...sets]);
  const what = ['kpis', codes, units, windowsKey(windows), context.permissions.policy.smallCellK, scope.readable.map((set) => set.name)];
  return cache.remember(what, scope.entities, context.read, async () => kpiResults(context, await fetchMeasures(context, sources, [...sets], windows, scope), kpis, units, windows));
}

function kpiResults(context: GatewayContext, computed: Computed, kpis: readonly KpiDefinition[], units: readonly Unit[], windows: Windows): KpiResult[] {
  const k = context.permissions.policy.smallCellK;
  const results: KpiResult[] = [];
  for (const unit of units) {
    for (const kpi of kpis) {
      const forbidden = kpi.measures.some((measure) => !computed.readable.has(MEASURE_SET_OF.get(measure)!.name));
      const valueAt = (w: Window | undefined): { value: number | null; suppressed: boolean } => {
        if (!w || forbidden) return { value: null, suppressed: false };
        const values = measureValues(computed, unit ?? HOSPITAL, w, windows);
        if (k !== null && kpi.cases) {
          const cases = values(kpi.cases);
          if (cases > 0 && cases < k) return { value: null, suppressed: true };
        }
        const value = kpi.compute(values);
        return { value: value === null || Number.isFinite(value) ? value : null, suppressed: false };
      };
      const current = valueAt(windows.current);
      results.push({
        kpi,
        alertCases: kpi.alert?.casesMeasure && !forbidden ? measureValues(computed, unit ?? HOSPITAL, windows.current, windows)(kpi.alert.casesMeasure) : null,
        department: unit,
        window: windows.current,
        value: current.value,
        suppressed: current.suppressed,
        previousValue: valueAt(windows.previous).value,
        lastYearValue: valueAt(windows.lastYear).value,
        forbidden,
      });
    }
  }
  return results;
}

/**
 * One indicator month by month (for trend rules): one statement per measure set for the whole
 * range, values per department and month.
 */
export async function computeMonthlySeries(context: GatewayContext, sources: Sources, code: string, months: readonly string[]): Promise<Map<string, (number | null)[]>> {
  const kpi = KPI_BY_CODE.get(code)!;
  const list: Window[] = months.map((month) => {
    const until = `${addMonths(month, 1)}-01`;
    return { label: month, from: `${month}-01`, until, days: Math.round((Date.parse(`${until}T00:00:00Z`) - Date.parse(`${month}-01T00:00:00Z`)) / 86_400_000), monthly: true };
  });
  const windows: Windows = { current: list.at(-1)!, previous: list.at(-1)!, lastYear: list.at(-1)!, all: list, yearBefore: (w) => w };
  const sets = [...new Set(kpi.measures.map((measure) => MEASURE_SET_OF.get(measure)!))];
  const computed = await fetchMeasures(context, sources, sets, windows);
  const series = new Map<string, (number | null)[]>();
  if (sets.some((set) => !computed.readable.has(set.name))) return series;
  for (const unit of computed.sums.keys()) {
    if (unit === HOSPITAL) continue;
    series.set(unit, list.map((w) => kpi.compute(measureValues(computed, unit, w, windows))));
  }
  return series;
}

/** values for one unit and window, as the catalog's formulas read them */
function measureValues(computed: Computed, unit: string, w: Window, windows: Windows): MeasureValues {
  const sums = computed.sums.get(unit)?.get(w.label);
  const read = ((name: string) => sums?.get(name) ?? 0) as MeasureValues;
  const reference = computed.reference.get(unit);
  read.reference = (name) => reference?.[name] ?? 0;
  read.days = w.days;
  read.percentile = (name, q) => percentile(computed.histograms.get(unit)?.get(w.label)?.get(name), q);
  read.lastYear = (code) => {
    const before = windows.yearBefore(w);
    const kpi = KPI_BY_CODE.get(code)!;
    return computed.sums.get(unit)?.has(before.label) ? kpi.compute(measureValues(computed, unit, before, windows)) : null;
  };
  return read;
}

/** nearest-rank percentile of a histogram of whole minutes */
function percentile(histogram: Map<number, number> | undefined, q: number): number | null {
  if (!histogram || histogram.size === 0) return null;
  const keys = [...histogram.keys()].sort((a, b) => a - b);
  const total = keys.reduce((n, key) => n + histogram.get(key)!, 0);
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (const key of keys) {
    seen += histogram.get(key)!;
    if (seen >= rank) return key;
  }
  return keys.at(-1)!;
}

/**
 * The measures of some sets over some windows, as the viewer may read them. The sums behind them
 * are kept by the aggregate cache; so is the result of adding them up by department and window —
 * a wall of screens asking for one department's scorecard otherwise folds the same thousands of
 * aggregate rows into maps on every request. Keyed like the sums: by what was asked and the
 * viewer's row scope on every table it reads, so one scope's values never reach another.
 */
async function fetchMeasures(context: GatewayContext, sources: Sources, sets: MeasureSet[], windows: Windows, scope?: MeasureScope): Promise<Computed> {
  const cache = context.services.aggregateCache;
  if (!cache) return computeMeasures(context, sources, sets, windows);
  // the caller may have worked it out already (the indicators' own cache key needs it)
  const { readable, entities } = scope ?? measureScope(context, sources, sets);
  const what = ['measures', readable.map((set) => set.name), windowsKey(windows)];
  return cache.remember(what, entities, context.read, () => computeMeasures(context, sources, sets, windows));
}

/** the measure sets the viewer may read, and every entity their statements and reference data read */
interface MeasureScope {
  readable: MeasureSet[];
  entities: EntityName[];
}

function measureScope(context: GatewayContext, sources: Sources, sets: readonly MeasureSet[]): MeasureScope {
  const policy = context.permissions.policy;
  const readable = sets.filter((set) => policy.access(set.dataClass) !== 'none');
  const entities = new Set<EntityName>(REFERENCE_ENTITIES);
  for (const set of readable) {
    entities.add(set.reader(sources).spec.name as EntityName);
    if (set.join) entities.add(set.join.entity);
  }
  return { readable, entities: [...entities].sort() };
}

const windowsKey = (windows: Windows) => [windows.all.map((w) => [w.label, w.from, w.until, w.monthly]), windows.current.from, windows.current.until];

const REFERENCE_ENTITIES: readonly EntityName[] = ['Department', 'Staff', 'Equipment'];

async function computeMeasures(context: GatewayContext, sources: Sources, sets: MeasureSet[], windows: Windows): Promise<Computed> {
  const computed: Computed = { sums: new Map(), histograms: new Map(), reference: new Map(), readable: new Set() };
  const policy = context.permissions.policy;
  const monthly = windows.all.every((w) => w.monthly);
  const from = windows.all.reduce((min, w) => (w.from < min ? w.from : min), windows.current.from);
  const until = windows.all.reduce((max, w) => (w.until > max ? w.until : max), windows.current.until);
  const bucketWindows = new Map<string, Window[]>();
  for (const w of windows.all) for (const key of bucketsOf(w, monthly)) bucketWindows.set(key, [...(bucketWindows.get(key) ?? []), w]);

  const add = (unit: string, w: string, measure: string, amount: number) => {
    const byWindow = computed.sums.get(unit) ?? new Map<string, Map<string, number>>();
    computed.sums.set(unit, byWindow);
    const values = byWindow.get(w) ?? new Map<string, number>();
    byWindow.set(w, values);
    values.set(measure, (values.get(measure) ?? 0) + amount);
  };
  const addHistogram = (unit: string, w: string, measure: string, minutes: number, n: number) => {
    const byWindow = computed.histograms.get(unit) ?? new Map();
    computed.histograms.set(unit, byWindow);
    const byMeasure = byWindow.get(w) ?? new Map<string, Map<number, number>>();
    byWindow.set(w, byMeasure);
    const histogram = byMeasure.get(measure) ?? new Map<number, number>();
    byMeasure.set(measure, histogram);
    histogram.set(minutes, (histogram.get(minutes) ?? 0) + n);
  };
  // every window exists for every unit, so that a period without events reads 0, not "no data"
  const touch = (unit: string) => {
    for (const w of windows.all) if (!computed.sums.get(unit)?.has(w.label)) add(unit, w.label, '__present', 0);
  };

  const statements = sets.map(async (set) => {
    if (policy.access(set.dataClass) === 'none') return;
    computed.readable.add(set.name);
    const reader = set.reader(sources);
    const onJoin = set.period.on === 'join';
    const fields: Record<string, { kind: string }> = (onJoin ? CANONICAL_MODEL[set.join!.entity] : reader.spec).fields;
    const kind = fields[set.period.field]!.kind;
    const bounds = periodBounds<any>(set.period.field, kind, from, until);
    const request: AggregateRequest = {
      where: [...(set.where ?? []), ...(onJoin ? [] : bounds)],
      join: set.join ? { ...set.join, where: [...(set.join.where ?? []), ...(onJoin ? bounds : [])] } : undefined,
      groupBy: [
        { name: 'department', value: set.department },
        { name: 'bucket', value: { fn: monthly || kind === 'month' ? 'month' : 'day', of: set.period } },
        ...(set.extra ? [{ name: set.extra.name, value: set.extra.value }] : []),
      ],
      measures: set.measures,
    };
    const cache = context.services.aggregateCache;
    const aggregate = () => reader.aggregate(context.read, request);
    const rows = cache ? await cache.rows(set.name, reader.spec.name as EntityName, context.read, request, aggregate) : await aggregate();
    for (const row of rows) {
      const department = row.group.department as string | null;
      const targets = bucketWindows.get(String(row.group.bucket)) ?? [];
      for (const unit of department ? [department, HOSPITAL] : [HOSPITAL]) {
        for (const w of targets) {
          for (const [measure, amount] of Object.entries(row.values)) {
            if (set.extra) addHistogram(unit, w.label, measure, Number(row.group[set.extra.name]), amount);
            add(unit, w.label, measure, amount);
          }
        }
      }
    }
  });
  await Promise.all([...statements, loadReference(context, sources, computed.reference)]);
  for (const unit of [HOSPITAL, ...computed.reference.keys()]) touch(unit);
  return computed;
}

/** beds, staff and large equipment per department and for the hospital (reference data, not scoped) */
async function loadReference(context: GatewayContext, sources: Sources, reference: Map<string, Reference>): Promise<void> {
  const empty = (): Reference => ({ beds: 0, doctors: 0, nurses: 0, staff: 0, largeEquipment: 0, largeEquipmentSlotsPerDay: 0 });
  const of = (code: string) => reference.get(code) ?? (reference.set(code, empty()), reference.get(code)!);
  const read = () =>
    Promise.all([
      sources.his.departments.page(context.read, { first: 10_000 }),
      sources.his.staff.countBy(context.read, ['departmentCode', 'kind'], sources.his.staff.has('active') ? [{ op: 'eq', field: 'active', value: true }] : []),
      sources.pacs.equipment.page(context.read, { first: 10_000, where: [{ op: 'eq', field: 'large', value: true }] }),
    ]);
  const cache = context.services.aggregateCache;
  const [departments, staff, equipment] = cache ? await cache.remember('reference', REFERENCE_ENTITIES, context.read, read) : await read();
  const hospital = of(HOSPITAL);
  for (const department of departments.rows) {
    of(department.code).beds = department.beds ?? 0;
    hospital.beds += department.beds ?? 0;
  }
  for (const { group, count } of staff) {
    for (const entry of [of(group[0] as string), hospital]) {
      entry.staff += count;
      if (group[1] === 'DOCTOR') entry.doctors += count;
      if (group[1] === 'NURSE') entry.nurses += count;
    }
  }
  for (const device of equipment.rows) {
    for (const entry of [of(device.departmentCode), hospital]) {
      entry.largeEquipment += 1;
      entry.largeEquipmentSlotsPerDay += (device.hourlyCapacity ?? 0) * OPENING_HOURS;
    }
  }
}

