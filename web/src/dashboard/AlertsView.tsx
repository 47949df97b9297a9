import { dictionaryKey } from '../shared/dictionary';
import { formatValue } from '../shared/format';
import { useTranslator } from '../shared/i18n';
import type { Alert, KpiDefinition } from './dashboard-api';

/**
 * Open alerts: the rule in the viewer's language, whom it concerns and the values it rests on.
 * The gateway's own message (English) stays available under each alert.
 */
export function AlertsView({ alerts, catalog }: { alerts: Alert[]; catalog: Map<string, KpiDefinition> }) {
  const translator = useTranslator();
  const { t, language } = translator;
  if (alerts.length === 0) return <p className="muted">{t('dashboard.alertsEmpty')}</p>;
  return (
    <ul className="alerts">
      {alerts.map((alert) => {
        const ruleKey = dictionaryKey('rule', alert.rule);
        const definition = alert.kpi ? catalog.get(alert.kpi) : undefined;
        const unit = definition?.unit ?? 'ratio';
        const kpiName = definition ? (language === 'en' ? definition.nameEn : definition.name) : alert.kpi;
        return (
          <li key={`${alert.rule}-${alert.department?.code}-${alert.subject}`} className="alert" data-testid="alert" data-rule={alert.rule} data-department={alert.department?.code ?? ''} data-subject={alert.subject ?? ''}>
            <div className="alert-head">
              <strong>{ruleKey ? t(ruleKey) : alert.rule}</strong>
              <span>{[alert.department?.name, alert.subject, kpiName].filter(Boolean).join(' · ')}</span>
            </div>
            <p className="alert-values">{evidence(alert, unit, translator)}</p>
            <details className="small">
              <summary>{t('dashboard.alertMessage')}</summary>
              <p lang="en">{alert.message}</p>
            </details>
          </li>
        );
      })}
    </ul>
  );
}

/** the values the rule rests on: month by month, or (idle equipment) this device against its kind */
function evidence(alert: Alert, unit: string, translator: ReturnType<typeof useTranslator>): string {
  const { t } = translator;
  if (alert.rule === 'EQUIPMENT_IDLE_AFTERNOONS' && alert.values.length === 2) {
    return t('dashboard.alert.afternoon', {
      value: formatValue(alert.values[0], 'ratio', translator),
      others: formatValue(alert.values[1], 'ratio', translator),
      period: alert.periods.join(', ').replace('..', ' – '),
    });
  }
  if (alert.periods.length === alert.values.length) return alert.periods.map((period, i) => `${period} ${formatValue(alert.values[i], unit, translator)}`).join(' → ');
  return alert.values.map((value) => formatValue(value, unit, translator)).join(', ');
}
