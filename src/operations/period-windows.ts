import { addDays, addMonths, type Period } from '../period';

/**
 * The windows an indicator is computed for: the period asked, the one before it (环比) and the
 * same period a year before (同比) — and, for year-on-year growth indicators, those windows' own
 * year-before windows.
 */
export interface Window {
  label: string;
  from: string;
  /** excluded */
  until: string;
  days: number;
  /** whole months: buckets are months; otherwise days */
  monthly: boolean;
}

export interface Windows {
  current: Window;
  previous: Window;
  lastYear: Window;
  all: Window[];
  /** the window a year before the given one */
  yearBefore(window: Window): Window;
}

const dayCount = (from: string, until: string) => Math.round((Date.parse(`${until}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
const isMonthStart = (date: string) => date.endsWith('-01');
const shiftYears = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;

function window(label: string, from: string, until: string): Window {
  return { label, from, until, days: dayCount(from, until), monthly: isMonthStart(from) && isMonthStart(until) };
}

function yearBefore(w: Window): Window {
  const from = shiftYears(w.from, -1);
  const until = w.monthly ? shiftYears(w.until, -1) : addDays(from, w.days);
  return window(relabel(w.label, -1), from, until);
}

function relabel(label: string, years: number): string {
  if (/^\d{4}(-\d{2}|-Q\d)?$/.test(label)) return `${Number(label.slice(0, 4)) + years}${label.slice(4)}`;
  return label;
}

function previousOf(period: Period): Window {
  const days = dayCount(period.from, period.until);
  if (/^\d{4}-\d{2}$/.test(period.label)) {
    const month = addMonths(period.label, -1);
    return window(month, `${month}-01`, period.from);
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period.label);
  if (quarter) {
    const q = Number(quarter[2]) === 1 ? `${Number(quarter[1]) - 1}-Q4` : `${quarter[1]}-Q${Number(quarter[2]) - 1}`;
    return window(q, `${addMonths(period.from.slice(0, 7), -3)}-01`, period.from);
  }
  if (/^\d{4}$/.test(period.label)) return window(String(Number(period.label) - 1), `${Number(period.label) - 1}-01-01`, period.from);
  const from = addDays(period.from, -days);
  return window(`${from}..${addDays(period.from, -1)}`, from, period.from);
}

export function windowsOf(period: Period): Windows {
  const current = window(period.label, period.from, period.until);
  const previous = previousOf(period);
  const lastYear = yearBefore(current);
  // for a year the previous period is the year before: each window once, or its rows count twice
  const all = [current, previous, lastYear, yearBefore(previous), yearBefore(lastYear)].filter((w, i, list) => list.findIndex((other) => other.label === w.label) === i);
  return { current, previous, lastYear, all, yearBefore };
}

/** month buckets ('YYYY-MM') or day buckets ('YYYY-MM-DD') a window covers */
export function bucketsOf(w: Window, monthly: boolean): string[] {
  const keys: string[] = [];
  if (monthly) {
    for (let m = w.from.slice(0, 7); `${m}-01` < w.until; m = addMonths(m, 1)) keys.push(m);
  } else {
    for (let d = w.from; d < w.until; d = addDays(d, 1)) keys.push(d);
  }
  return keys;
}
