/** Months as the gateway's PeriodInput writes them: "2026-10". */
export type Month = string;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string | null): value is Month {
  return value !== null && MONTH.test(value);
}

/** the last complete month: the demo hospital's data ends there, and so does a month-end close */
export function lastCompleteMonth(today = new Date()): Month {
  return shiftMonth(`${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}`, -1);
}

export function shiftMonth(month: Month, by: number): Month {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (number - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** the `count` months ending with `last`, oldest first */
export function monthsEnding(last: Month, count: number): Month[] {
  return Array.from({ length: count }, (_, i) => shiftMonth(last, i - count + 1));
}
