import type { FieldSpec } from '../model/field-spec';
import type { SiteTime } from './site-time';

/**
 * How one field's values move between a vendor's column and the canonical model, in both
 * directions: rows are translated as they are read, filter values as statements are built.
 */
export interface FieldTranslationOptions {
  spec: FieldSpec;
  /** vendor value (as text) → canonical value, for enums and booleans */
  values?: ReadonlyMap<string, string | boolean>;
  /** canonical value for a vendor value the table above does not list */
  fallback?: string | boolean;
  /** vendor code → canonical department code */
  crosswalk?: ReadonlyMap<string, string>;
  /** how a month is stored */
  monthFormat?: MonthFormat;
  siteTime: SiteTime;
  dateTimeParameter: (local: string) => string;
  /** told once per vendor value that no translation covers */
  onUntranslated: (vendorValue: string) => void;
}

export type MonthFormat = 'YYYYMM' | 'YYYY-MM' | 'date';
export const MONTH_FORMATS: readonly MonthFormat[] = ['YYYYMM', 'YYYY-MM', 'date'];

export interface FieldTranslation {
  toCanonical?: (vendor: unknown) => unknown;
  toVendor: (canonical: unknown) => unknown[];
  /**
   * each canonical value stands for exactly one vendor value and back (identifiers, text and
   * enums without a value table): a lookup by canonical values finds exactly the rows that carry
   * them. Not so for value tables and crosswalks (many-to-one), numbers read from text ('007'
   * and '7'), dates and months cut from longer values.
   */
  exact: boolean;
}

const HAS_OFFSET = /(?:[zZ]|[+-]\d\d:\d\d)$/;
const asText = (value: unknown): string => (typeof value === 'string' ? value : String(value));

export function fieldTranslation(options: FieldTranslationOptions): FieldTranslation {
  const { spec } = options;
  if (options.crosswalk) return lookupTranslation(options.crosswalk, undefined, options);
  if (options.values) return lookupTranslation(options.values, options.fallback, options);
  switch (spec.kind) {
    case 'id':
    case 'string':
      return {
        toCanonical: (v) => (v === null || typeof v === 'string' ? v : asText(v)),
        toVendor: (c) => [c],
        exact: true,
      };
    case 'int':
    case 'decimal':
      return {
        toCanonical: (v) => (typeof v === 'string' ? Number(v) : v),
        toVendor: (c) => [c],
        exact: false,
      };
    case 'boolean':
      // Without a value table, the usual vendor spellings of yes and no.
      return lookupTranslation(
        new Map<string, boolean>([['1', true], ['0', false], ['Y', true], ['N', false], ['true', true], ['false', false]]),
        undefined,
        options,
      );
    case 'date':
      return {
        toCanonical: (v) => (v === null ? null : asText(v).slice(0, 10)),
        toVendor: (c) => [c],
        exact: false,
      };
    case 'datetime':
      return {
        toCanonical: (v) => (v === null ? null : options.siteTime.toApi(asText(v))),
        // Condition values are RFC 3339 (any offset) or site-local 'YYYY-MM-DD HH:MM:SS'.
        toVendor: (c) => {
          const text = asText(c);
          const local = HAS_OFFSET.test(text) ? options.siteTime.toLocal(text) : text.replace('T', ' ');
          return [options.dateTimeParameter(local)];
        },
        exact: false,
      };
    case 'month':
      return monthTranslation(options.monthFormat ?? 'YYYY-MM');
    case 'enum':
      return { toCanonical: (v) => (v === null ? null : asText(v)), toVendor: (c) => [c], exact: true };
  }
}

function lookupTranslation(
  table: ReadonlyMap<string, string | boolean>,
  fallback: string | boolean | undefined,
  options: FieldTranslationOptions,
): FieldTranslation {
  const reverse = new Map<string | boolean, string[]>();
  for (const [vendor, canonical] of table) reverse.set(canonical, [...(reverse.get(canonical) ?? []), vendor]);
  const crosswalk = options.crosswalk !== undefined;
  return {
    toCanonical: (v) => {
      if (v === null || v === undefined) return null;
      const text = asText(v);
      const canonical = table.get(text);
      if (canonical !== undefined) return canonical;
      options.onUntranslated(text);
      if (fallback !== undefined) return fallback;
      // A department code missing from the crosswalk stays visible (and matches no department).
      return crosswalk ? `?${text}` : null;
    },
    toVendor: (c) => reverse.get(c as string | boolean) ?? [],
    exact: false,
  };
}

function monthTranslation(format: MonthFormat): FieldTranslation {
  switch (format) {
    case 'YYYYMM':
      return {
        toCanonical: (v) => (v === null ? null : `${asText(v).slice(0, 4)}-${asText(v).slice(4, 6)}`),
        toVendor: (c) => [asText(c).replace('-', '')],
        exact: false,
      };
    case 'YYYY-MM':
      return { toCanonical: (v) => (v === null ? null : asText(v).slice(0, 7)), toVendor: (c) => [c], exact: false };
    case 'date':
      return { toCanonical: (v) => (v === null ? null : asText(v).slice(0, 7)), toVendor: (c) => [`${asText(c)}-01`], exact: false };
  }
}
