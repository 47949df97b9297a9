/**
 * How PostgreSQL values become JavaScript values, shared by the pg driver and PGlite: date-times
 * stay local wall-clock text (source systems store hospital-local time without a zone), decimals
 * and 64-bit counts become numbers.
 */
export const PG_TYPE_OIDS = {
  int8: 20,
  numeric: 1700,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
} as const;

const keepText = (value: string): string => value;

export const PG_VALUE_PARSERS: Record<number, (value: string) => unknown> = {
  [PG_TYPE_OIDS.int8]: Number,
  [PG_TYPE_OIDS.numeric]: Number,
  [PG_TYPE_OIDS.date]: keepText,
  [PG_TYPE_OIDS.timestamp]: (value) => value.slice(0, 19),
  [PG_TYPE_OIDS.timestamptz]: keepText,
};
