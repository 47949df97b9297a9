import { badUserInput } from './errors';

/** A period as the API accepts it (PeriodInput). */
export interface PeriodArgument {
  from?: string | null;
  to?: string | null;
  month?: string | null;
  quarter?: string | null;
  year?: number | null;
}

/** A resolved period: whole days, `from` included, `until` excluded (both 'YYYY-MM-DD'). */
export interface Period {
  from: string;
  until: string;
  /** how the period was asked for, e.g. '2026-03', '2026-Q1', '2026', '2026-03-01..2026-03-15' */
  label: string;
}

const MAX_DAYS = 366 * 10;

export function isValidDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

export function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

export function addMonths(month: string, months: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Validates a PeriodInput and resolves it to whole days; errors say what to send instead. */
export function resolvePeriod(input: PeriodArgument, argument = 'period'): Period {
  const forms = [input.from != null || input.to != null, input.month != null, input.quarter != null, input.year != null].filter(Boolean).length;
  if (forms !== 1) {
    throw badUserInput(`${argument}: give either from and to, or exactly one of month ("2026-03"), quarter ("2026-Q1") or year (2026).`, argument);
  }
  if (input.month != null) {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(input.month)) throw badUserInput(`${argument}.month: '${input.month}' is not a month; write YYYY-MM, e.g. "2026-03".`, argument);
    return { from: `${input.month}-01`, until: `${addMonths(input.month, 1)}-01`, label: input.month };
  }
  if (input.quarter != null) {
    const match = /^(\d{4})-Q([1-4])$/.exec(input.quarter);
    if (!match) throw badUserInput(`${argument}.quarter: '${input.quarter}' is not a quarter; write YYYY-Qn, e.g. "2026-Q1".`, argument);
    const first = `${match[1]}-${String((Number(match[2]) - 1) * 3 + 1).padStart(2, '0')}`;
    return { from: `${first}-01`, until: `${addMonths(first, 3)}-01`, label: input.quarter };
  }
  if (input.year != null) {
    if (!Number.isInteger(input.year) || input.year < 1900 || input.year > 2999) throw badUserInput(`${argument}.year: ${input.year} is not a year between 1900 and 2999.`, argument);
    return { from: `${input.year}-01-01`, until: `${input.year + 1}-01-01`, label: String(input.year) };
  }
  if (input.from == null || input.to == null) throw badUserInput(`${argument}: a date range needs both from and to.`, argument);
  if (input.from > input.to) throw badUserInput(`${argument}: from (${input.from}) is after to (${input.to}).`, argument);
  const until = addDays(input.to, 1);
  if ((Date.parse(until) - Date.parse(input.from)) / 86_400_000 > MAX_DAYS) throw badUserInput(`${argument}: a date range may span at most ten years.`, argument);
  return { from: input.from, until, label: `${input.from}..${input.to}` };
}
