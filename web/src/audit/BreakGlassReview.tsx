import { useState } from 'react';
import { describeError } from '../shared/describe-error';
import { formatDateTime } from '../shared/format';
import { useTranslator } from '../shared/i18n';
import { useOperation } from '../shared/use-operation';
import { loadAccessRequests, markReviewed, type AccessRequest } from './audit-api';

/** break-glass accesses still flagged for review, each with a comment box and a review button */
export function BreakGlassReview({ token, onReviewed }: { token: string; onReviewed(): void }) {
  const { t } = useTranslator();
  const requests = useOperation(() => loadAccessRequests(token), [token]);
  const awaiting = (requests.data?.accessRequests ?? []).filter((r) => r.kind === 'BREAK_GLASS' && r.needsReview);
  return (
    <section className="card" data-testid="break-glass">
      <h2>{t('audit.breakGlass')}</h2>
      {requests.error !== null && (
        <p className="notice error" role="alert">
          {describeError(requests.error, t)}
        </p>
      )}
      {requests.data && awaiting.length === 0 && <p className="muted">{t('audit.breakGlassEmpty')}</p>}
      {awaiting.length > 0 && (
        <ul className="grants">
          {awaiting.map((request) => (
            <Grant
              key={request.id}
              request={request}
              token={token}
              onReviewed={() => {
                requests.reload();
                onReviewed();
              }}
            />
          ))}
        </ul>
      )}
      {!requests.data && requests.loading && <p className="muted">{t('loading')}</p>}
    </section>
  );
}

function Grant({ request, token, onReviewed }: { request: AccessRequest; token: string; onReviewed(): void }) {
  const { t, locale } = useTranslator();
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const review = async () => {
    setSending(true);
    setError(null);
    try {
      await markReviewed(token, request.id, comment.trim() || null);
      onReviewed();
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };
  return (
    <li className="grant" data-testid="grant" data-id={request.id} data-patient={request.patientId}>
      <dl className="facts">
        <dt>{t('audit.requester')}</dt>
        <dd>{request.requesterName ? `${request.requesterName} (${request.requesterId})` : request.requesterId}</dd>
        <dt>{t('audit.patient')}</dt>
        <dd>{request.patientId}</dd>
        <dt>{t('audit.reason')}</dt>
        <dd>{request.reason}</dd>
        <dt>{t('audit.createdAt')}</dt>
        <dd>{formatDateTime(request.createdAt, locale)}</dd>
        <dt>{t('audit.expiresAt')}</dt>
        <dd>
          {formatDateTime(request.expiresAt, locale)} <span className={`chip ${request.active ? 'status-watch' : 'status-no-data'}`}>{request.active ? t('audit.active') : t('audit.expired')}</span>
        </dd>
      </dl>
      <div className="review">
        <label>
          {t('audit.reviewComment')}
          <input data-testid="review-comment" value={comment} maxLength={500} onChange={(e) => setComment(e.target.value)} />
        </label>
        <button type="button" data-testid="mark-reviewed" disabled={sending} onClick={() => void review()}>
          {t('audit.markReviewed')}
        </button>
      </div>
      {error !== null && (
        <p className="notice error" role="alert">
          {describeError(error, t)}
        </p>
      )}
    </li>
  );
}
