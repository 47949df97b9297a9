import { formatValue } from '../shared/format';
import { useTranslator } from '../shared/i18n';
import type { Ranking } from './dashboard-api';

/**
 * Departments ranked on one indicator (best first) as horizontal bars, with the median of the
 * departments as a line; the viewer's own departments stand out.
 */
const ROW = 24;
const LABEL = 150;
const WIDTH = 560;
const VALUE = 90;

export function BenchmarkView({ rankings, unit, own }: { rankings: Ranking[]; unit: string; own: Set<string> }) {
  const translator = useTranslator();
  const { t } = translator;
  if (rankings.length === 0) return <p className="muted">{t('dashboard.benchmarkEmpty')}</p>;
  const values = rankings.map((r) => r.value).filter((v): v is number => v !== null);
  const max = Math.max(0, ...values) || 1;
  const bar = WIDTH - LABEL - VALUE;
  const median = rankings[0]?.median ?? null;
  const height = rankings.length * ROW + 20;
  return (
    <div>
      {median !== null && <p className="muted small">{t('dashboard.median', { value: formatValue(median, unit, translator) })}</p>}
      <svg className="benchmark" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={t('dashboard.benchmark')}>
        {rankings.map((ranking, i) => {
          const top = i * ROW;
          const length = ranking.value === null ? 0 : Math.max(1, (Math.max(0, ranking.value) / max) * bar);
          return (
            <g key={ranking.department.code} data-testid="ranking" data-rank={ranking.rank} data-department={ranking.department.code} className={own.has(ranking.department.code) ? 'own' : undefined}>
              <text x={LABEL - 8} y={top + ROW / 2} dy="0.32em" textAnchor="end">
                {`${ranking.rank}. ${ranking.department.name}`}
              </text>
              <rect className={`bar quartile-${ranking.quartile ?? 'none'}`} x={LABEL} y={top + 4} width={length} height={ROW - 8} rx={2}>
                <title>{ranking.quartile ? t('dashboard.quartile', { q: ranking.quartile }) : t('noValue')}</title>
              </rect>
              <text className="value" x={LABEL + length + 6} y={top + ROW / 2} dy="0.32em">
                {formatValue(ranking.value, unit, translator)}
              </text>
            </g>
          );
        })}
        {median !== null && <line className="median" x1={LABEL + (Math.max(0, median) / max) * bar} x2={LABEL + (Math.max(0, median) / max) * bar} y1={0} y2={rankings.length * ROW} />}
      </svg>
    </div>
  );
}
