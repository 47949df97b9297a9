import { formatAxis, formatValue } from '../shared/format';
import { useTranslator } from '../shared/i18n';
import type { TrendSeries } from './dashboard-api';

/**
 * One indicator month by month as an SVG line chart: this year solid, the same months last
 * year dashed. Hand-written, so the page needs no chart library and nothing from outside.
 */
const WIDTH = 420;
const HEIGHT = 210;
const MARGIN = { top: 12, right: 12, bottom: 28, left: 52 };

export function TrendChart({ series, title, unit }: { series: TrendSeries; title: string; unit: string }) {
  const translator = useTranslator();
  const { t, locale } = translator;
  const known = [...series.values, ...series.lastYear].filter((v): v is number => v !== null);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const { min, max } = domain(known);
  const x = (i: number) => MARGIN.left + (series.months.length === 1 ? plotWidth / 2 : (i * plotWidth) / (series.months.length - 1));
  const y = (v: number) => MARGIN.top + plotHeight - ((v - min) / (max - min)) * plotHeight;
  const ticks = Array.from({ length: 5 }, (_, i) => min + ((max - min) * i) / 4);

  return (
    <figure className="trend" data-testid={`trend-${series.code}`}>
      <figcaption>{title}</figcaption>
      {known.length === 0 ? (
        <p className="muted">{t('dashboard.trendEmpty')}</p>
      ) : (
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
          {ticks.map((tick) => (
            <g key={tick} className="grid">
              <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
              <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
                {formatAxis(tick, unit, locale)}
              </text>
            </g>
          ))}
          {series.months.map((month, i) => (
            <text key={month} className="axis" x={x(i)} y={HEIGHT - 8} textAnchor="middle">
              {/* the year only where it starts or changes, in a form short enough not to collide */}
              {i === 0 || month.endsWith('-01') ? `${month.slice(2, 4)}/${month.slice(5)}` : month.slice(5)}
            </text>
          ))}
          <Line values={series.lastYear} x={x} y={y} name="last-year" />
          <Line values={series.values} x={x} y={y} name="this-year" />
          {series.values.map((value, i) =>
            value === null ? null : (
              <circle key={series.months[i]} className="point this-year" cx={x(i)} cy={y(value)} r={3}>
                <title>{`${series.months[i]}: ${formatValue(value, unit, translator)} (${t('dashboard.lastYearLine')}: ${formatValue(series.lastYear[i], unit, translator)})`}</title>
              </circle>
            ),
          )}
        </svg>
      )}
      <div className="legend small">
        <span className="swatch this-year" /> {t('dashboard.thisYear')}
        <span className="swatch last-year" /> {t('dashboard.lastYearLine')}
      </div>
    </figure>
  );
}

/** a polyline that breaks where a month has no value instead of drawing through it */
function Line({ values, x, y, name }: { values: (number | null)[]; x(i: number): number; y(v: number): number; name: string }) {
  let d = '';
  let drawing = false;
  values.forEach((value, i) => {
    if (value === null) {
      drawing = false;
      return;
    }
    d += `${drawing ? 'L' : 'M'}${x(i).toFixed(1)},${y(value).toFixed(1)} `;
    drawing = true;
  });
  return d ? <path className={`line ${name}`} data-series={name} d={d.trim()} fill="none" /> : null;
}

/** the value range with a little room above and below; a flat series gets a band around it */
function domain(values: number[]): { min: number; max: number } {
  if (values.length === 0) return { min: 0, max: 1 };
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1;
    return { min: min - pad, max: max + pad };
  }
  const pad = (max - min) * 0.1;
  min = min >= 0 && min - pad < 0 ? 0 : min - pad;
  max += pad;
  return { min, max };
}
