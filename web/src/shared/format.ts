import { dictionaryKey } from './dictionary';
import type { Translator } from './i18n';

/**
 * Indicator values as people read them: ratios as percentages, money with thousands
 * separators, durations and counts with their unit word in the current language.
 */
export function formatValue(value: number | null | undefined, unit: string, translator: Pick<Translator, 't' | 'locale'>): string {
  const { t, locale } = translator;
  if (value === null || value === undefined || Number.isNaN(value)) return t('noValue');
  if (unit === 'ratio') return `${(value * 100).toLocaleString(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 })}%`;
  const digits = unit === 'index' ? 2 : unit === 'yuan' ? 0 : Number.isInteger(value) ? 0 : 1;
  const number = value.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: unit === 'index' ? 2 : 0 });
  const key = dictionaryKey('unit', unit);
  const word = key ? t(key) : unit;
  return word ? `${number} ${word}` : number;
}

/** a compact axis label: 12.5%, 1.2万 / 12k */
export function formatAxis(value: number, unit: string, locale: string): string {
  if (unit === 'ratio') return `${(value * 100).toLocaleString(locale, { maximumFractionDigits: 1 })}%`;
  return value.toLocaleString(locale, { notation: 'compact', maximumFractionDigits: 1 });
}

export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'medium' });
}
