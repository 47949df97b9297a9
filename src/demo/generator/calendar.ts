/**
 * Wall-clock times of the demo hospital. Source systems store local times without a zone, so
 * the generator keeps them as milliseconds of a naive clock (read with the UTC accessors, which
 * never shift) and formats them as the databases store them.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface Month {
  /** 'YYYY-MM' */
  label: string;
  /** 'YYYYMM', as the finance system writes months */
  compact: string;
  start: number;
  /** the first instant of the next month */
  end: number;
  days: number;
}

export function parseMonth(label: string): Month {
  const match = /^(\d{4})-(\d{2})$/.exec(label);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) throw new Error(`'${label}' is not a month (expected YYYY-MM)`);
  const year = Number(match[1]);
  const month = Number(match[2]) - 1;
  const start = Date.UTC(year, month, 1);
  const end = Date.UTC(year, month + 1, 1);
  return { label, compact: `${match[1]}${match[2]}`, start, end, days: Math.round((end - start) / DAY) };
}

export function shiftMonth(label: string, delta: number): string {
  const { start } = parseMonth(label);
  const date = new Date(start);
  date.setUTCMonth(date.getUTCMonth() + delta);
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 'YYYY-MM-DD HH:MM:SS' */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** 'YYYY-MM-DD' */
export function formatDate(ms: number): string {
  return formatDateTime(ms).slice(0, 10);
}

/** the first instant of the day holding `ms` */
export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

export function hourOf(ms: number): number {
  return new Date(ms).getUTCHours();
}

/** whole calendar days between two instants' dates, as a ward counts them */
export function calendarDaysBetween(from: number, to: number): number {
  return Math.round((startOfDay(to) - startOfDay(from)) / DAY);
}
