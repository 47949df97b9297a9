import { BatchWriter, type RowBatch } from './batch-writer';
import { parseMonth, shiftMonth } from './calendar';
import { departmentMap, newIds, type DemoWorld } from './demo-world';
import { writeDepartmentCosts } from './department-costs';
import { writeDictionaries } from './dictionaries';
import { StayLedger, writeMonthStays, writeMonthVisits } from './encounters';
import { writePatients } from './patients';
import { Random } from './random';

export type { RowBatch, DemoCell } from './batch-writer';
export { MAX_BATCH_ROWS } from './batch-writer';
export { idCardCheckDigit } from './people';

/**
 * The demo hospital generator: a deterministic function of seed, scale and last month that
 * streams the four source systems' rows, dictionaries first, then patients, then month by month.
 */

export interface DemoOptions {
  seed: number;
  /** 1 ≈ a 160-bed hospital: 12 000 patients, 1 500 outpatient visits and 450 admissions a month */
  scale: number;
  /** the last month with data, 'YYYY-MM' */
  endMonth: string;
  months: number;
}

export const DEFAULT_DEMO_SEED = 20260101;
export const DEFAULT_DEMO_MONTHS = 24;

/** the last complete month before `today` */
export function defaultEndMonth(today: Date = new Date()): string {
  const label = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}`;
  return shiftMonth(label, -1);
}

export function normalizeDemoOptions(partial: Partial<DemoOptions> = {}, today: Date = new Date()): DemoOptions {
  const options: DemoOptions = {
    seed: partial.seed ?? DEFAULT_DEMO_SEED,
    scale: partial.scale ?? 1,
    endMonth: partial.endMonth ?? defaultEndMonth(today),
    months: partial.months ?? DEFAULT_DEMO_MONTHS,
  };
  if (!Number.isInteger(options.seed)) throw new Error(`the demo seed must be an integer, not ${options.seed}`);
  if (!(options.scale > 0 && options.scale <= 100)) throw new Error(`the demo scale must be above 0 and at most 100, not ${options.scale}`);
  if (!Number.isInteger(options.months) || options.months < 1 || options.months > 120) throw new Error(`the demo covers 1 to 120 months, not ${options.months}`);
  parseMonth(options.endMonth);
  return options;
}

export function* generateDemo(options: DemoOptions): Generator<RowBatch> {
  const normalized = normalizeDemoOptions(options);
  const months = Array.from({ length: normalized.months }, (_, i) => parseMonth(shiftMonth(normalized.endMonth, i - normalized.months + 1)));
  const out = new BatchWriter();
  const world: DemoWorld = {
    random: new Random(normalized.seed),
    scale: normalized.scale,
    out,
    months,
    dataEnd: months[months.length - 1]!.end,
    departments: departmentMap(),
    staff: new Map(),
    patients: [],
    pools: { children: [], women: [], adults: [] },
    revenue: new Map(),
    ids: newIds(),
    studyUidSequence: 0,
  };

  writeDictionaries(world);
  yield* out.drain();
  writePatients(world);
  yield* out.drain();
  const ledger = new StayLedger();
  for (const [index, month] of months.entries()) {
    const context = { month, index, fromEnd: months.length - 1 - index };
    writeMonthVisits(world, context);
    writeMonthStays(world, context, ledger);
    yield* out.drain();
  }
  writeDepartmentCosts(world);
  yield* out.drain();
}
