import type { ReactNode } from 'react';
import type { MessageKey } from '../shared/dictionary';
import { dictionaryKey } from '../shared/dictionary';
import { formatDateTime } from '../shared/format';
import { useTranslator } from '../shared/i18n';
import type { AuditEvent } from './audit-api';

/** every field of one audit record, as the auditor needs to judge it */
export function EventDetail({ event, onClose }: { event: AuditEvent; onClose(): void }) {
  const { t, locale } = useTranslator();
  const action = dictionaryKey('action', event.action);
  const list = (values: string[]) => (values.length ? values.join(', ') : '—');
  const rows: [MessageKey, ReactNode][] = [
    ['field.id', event.id],
    ['field.seq', event.seq],
    ['field.at', `${formatDateTime(event.at, locale)} (${event.at})`],
    ['field.requestId', event.requestId],
    ['field.actor.id', event.actor.id],
    ['field.actor.name', event.actor.name ?? '—'],
    ['field.actor.roles', list(event.actor.roles)],
    ['field.actor.departments', list(event.actor.departments)],
    ['field.actor.ip', event.actor.ip ?? '—'],
    ['field.actor.userAgent', event.actor.userAgent ?? '—'],
    ['field.action', action ? `${t(action)} (${event.action})` : event.action],
    ['field.operationName', event.operationName ?? '—'],
    ['field.operationHash', event.operationHash ?? '—'],
    ['field.entityType', event.entityType],
    ['field.entityIds', list(event.entityIds)],
    ['field.patientIds', list(event.patientIds)],
    ['field.fields', list(event.fields)],
    ['field.outcome', `${t(`outcome.${event.outcome}`)} (${event.outcome})`],
    ['field.purpose', event.purpose ?? '—'],
    ['field.filter', event.filter ? <pre>{prettyJson(event.filter)}</pre> : '—'],
    ['field.hash', event.hash],
    ['field.prevHash', event.prevHash],
  ];
  return (
    <aside className="detail" data-testid="event-detail" aria-label={t('audit.detail')}>
      <header>
        <h3>{t('audit.detail')}</h3>
        <button type="button" className="secondary" data-testid="close-detail" onClick={onClose}>
          {t('audit.close')}
        </button>
      </header>
      <dl className="facts">
        {rows.map(([label, value]) => (
          <div key={label} className="fact" data-field={label.replace(/^field\./, '')}>
            <dt>{t(label)}</dt>
            <dd className={label.endsWith('Hash') || label.endsWith('hash') || label.endsWith('Ids') ? 'mono' : undefined}>{value}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
