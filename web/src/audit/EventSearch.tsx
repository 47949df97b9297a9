import { useState, type FormEvent } from 'react';
import { describeError } from '../shared/describe-error';
import { dictionaryKey } from '../shared/dictionary';
import { formatDateTime } from '../shared/format';
import { useTranslator } from '../shared/i18n';
import { searchEvents, type AuditEvent, type AuditFilter, type Outcome } from './audit-api';
import { EventDetail } from './EventDetail';
import { toInstant } from './local-time';

const OUTCOMES: Outcome[] = ['ALLOWED', 'MASKED', 'DENIED'];

interface Results {
  filter: AuditFilter;
  totalCount: number;
  events: AuditEvent[];
  endCursor: string | null;
  hasNextPage: boolean;
}

/** audit events by patient (or any entity id), actor, time range and outcome; newest first, paged */
export function EventSearch({ token }: { token: string }) {
  const { t, locale } = useTranslator();
  const [form, setForm] = useState({ entityId: '', actor: '', from: '', to: '', outcome: '' });
  const [results, setResults] = useState<Results | null>(null);
  const [selected, setSelected] = useState<AuditEvent | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async (filter: AuditFilter, after: Results | null) => {
    setBusy(true);
    setError(null);
    try {
      const { data } = await searchEvents(token, filter, after?.endCursor ?? null);
      const page = data.auditEvents;
      setResults({
        filter,
        totalCount: page.totalCount,
        events: [...(after?.events ?? []), ...page.edges.map((e) => e.node)],
        endCursor: page.pageInfo.endCursor,
        hasNextPage: page.pageInfo.hasNextPage,
      });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // empty fields are left out: an omitted filter field matches everything
    const filter: AuditFilter = {};
    if (form.entityId.trim()) filter.entityId = form.entityId.trim();
    if (form.actor.trim()) filter.actor = form.actor.trim();
    if (form.outcome) filter.outcome = form.outcome as Outcome;
    const from = toInstant(form.from);
    const to = toInstant(form.to);
    if (from) filter.from = from;
    if (to) filter.to = to;
    setSelected(null);
    void run(filter, null);
  };

  const field = (name: keyof typeof form) => ({ value: form[name], onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }) });

  return (
    <section className="card" data-testid="search">
      <h2>{t('audit.search')}</h2>
      <form className="filters" onSubmit={submit}>
        <label>
          {t('audit.patientId')}
          <input data-testid="filter-entity" autoComplete="off" {...field('entityId')} />
        </label>
        <label>
          {t('audit.actor')}
          <input data-testid="filter-actor" autoComplete="off" {...field('actor')} />
        </label>
        <label>
          {t('audit.from')}
          <input data-testid="filter-from" type="datetime-local" {...field('from')} />
        </label>
        <label>
          {t('audit.to')}
          <input data-testid="filter-to" type="datetime-local" {...field('to')} />
        </label>
        <label>
          {t('audit.outcome')}
          <select data-testid="filter-outcome" {...field('outcome')}>
            <option value="">{t('audit.anyOutcome')}</option>
            {OUTCOMES.map((outcome) => (
              <option key={outcome} value={outcome}>
                {t(`outcome.${outcome}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" data-testid="search-submit" disabled={busy}>
          {t('audit.searchSubmit')}
        </button>
      </form>
      {error !== null && (
        <p className="notice error" role="alert">
          {describeError(error, t)}
        </p>
      )}
      {results && (
        <>
          <p className="muted" data-testid="result-count">
            {results.totalCount === 0 ? t('audit.noResults') : t('audit.results', { count: results.totalCount })}
          </p>
          {results.events.length > 0 && (
            <table className="events">
              <thead>
                <tr>
                  <th>{t('audit.at')}</th>
                  <th>{t('audit.actor')}</th>
                  <th>{t('audit.action')}</th>
                  <th>{t('audit.entity')}</th>
                  <th>{t('audit.outcome')}</th>
                  <th>{t('audit.operation')}</th>
                </tr>
              </thead>
              <tbody>
                {results.events.map((event) => {
                  const action = dictionaryKey('action', event.action);
                  return (
                    <tr key={event.id} data-testid="event" data-id={event.id} data-action={event.action} data-actor={event.actor.id} className={selected?.id === event.id ? 'selected' : undefined} tabIndex={0} onClick={() => setSelected(event)} onKeyDown={(e) => e.key === 'Enter' && setSelected(event)}>
                      <td>{formatDateTime(event.at, locale)}</td>
                      <td>{event.actor.name ? `${event.actor.name} (${event.actor.id})` : event.actor.id}</td>
                      <td>{action ? t(action) : event.action}</td>
                      <td>
                        {event.entityType}
                        {event.entityIds.length > 0 && <span className="muted"> ×{event.entityIds.length}</span>}
                      </td>
                      <td>
                        <span className={`chip outcome-${event.outcome.toLowerCase()}`}>{t(`outcome.${event.outcome}`)}</span>
                      </td>
                      <td className="mono">{event.operationName ?? '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {results.hasNextPage && (
            <button type="button" className="secondary" data-testid="load-more" disabled={busy} onClick={() => void run(results.filter, results)}>
              {t('audit.loadMore')}
            </button>
          )}
        </>
      )}
      {selected && <EventDetail event={selected} onClose={() => setSelected(null)} />}
    </section>
  );
}
