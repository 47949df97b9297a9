import { useTranslator } from '../shared/i18n';
import { formatValue } from '../shared/format';
import type { KpiDefinition, ScorecardData } from './dashboard-api';
import { StatusChip } from './StatusChip';

/** the balanced scorecard: one card per dimension, each indicator with its status colour */
export function ScorecardView({ scorecard, catalog }: { scorecard: ScorecardData['scorecard']; catalog: Map<string, KpiDefinition> }) {
  const translator = useTranslator();
  const { t, language } = translator;
  return (
    <div className="dimensions" data-period={scorecard.period} data-department={scorecard.department?.code ?? ''}>
        {scorecard.dimensions.map((group) => (
          <article key={group.dimension} className="dimension" data-testid={`dimension-${group.dimension}`}>
            <header>
              <h3>{t(`dimension.${group.dimension}`)}</h3>
              <span className="muted small">{t('dashboard.counts', { on: group.onTarget, watch: group.watch, off: group.offTarget })}</span>
            </header>
            <table>
              <thead>
                <tr>
                  <th>{t('dashboard.indicator')}</th>
                  <th className="number">{t('dashboard.value')}</th>
                  <th className="number">{t('dashboard.target')}</th>
                  <th className="number">{t('dashboard.lastYear')}</th>
                  <th>{t('dashboard.status')}</th>
                </tr>
              </thead>
              <tbody>
                {group.indicators.map((indicator) => {
                  const definition = catalog.get(indicator.code);
                  const name = language === 'en' && definition ? definition.nameEn : indicator.name;
                  return (
                    <tr key={indicator.code} data-kpi={indicator.code}>
                      <td>{name}</td>
                      <td className="number">{indicator.suppressed ? <span className="muted" title={t('dashboard.suppressed')}>*</span> : formatValue(indicator.value, indicator.unit, translator)}</td>
                      <td className="number">{formatValue(indicator.target, indicator.unit, translator)}</td>
                      <td className="number">{formatValue(indicator.lastYearValue, indicator.unit, translator)}</td>
                      <td>
                        <StatusChip status={indicator.status} hasValue={indicator.value !== null} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </article>
        ))}
    </div>
  );
}
