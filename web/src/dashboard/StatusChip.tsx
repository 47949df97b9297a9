import { useTranslator } from '../shared/i18n';
import type { KpiStatus } from './dashboard-api';

/** an indicator's status against its target, as colour and word (never colour alone) */
export function StatusChip({ status, hasValue }: { status: KpiStatus | null; hasValue: boolean }) {
  const { t } = useTranslator();
  const key = status ?? (hasValue ? 'NO_TARGET' : 'NO_DATA');
  return (
    <span className={`chip status-${key.toLowerCase().replace('_', '-')}`} data-status={key}>
      {t(`status.${key}`)}
    </span>
  );
}
