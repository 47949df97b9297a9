import { describeError } from '../shared/describe-error';
import { formatDateTime } from '../shared/format';
import { useTranslator } from '../shared/i18n';
import { useOperation } from '../shared/use-operation';
import { verifyIntegrity } from './audit-api';

/** whether the hash chain is intact (auditIntegrity), verified on opening and on request */
export function IntegrityPanel({ token }: { token: string }) {
  const { t, locale } = useTranslator();
  const integrity = useOperation(() => verifyIntegrity(token), [token]);
  const result = integrity.data?.auditIntegrity;
  return (
    <section className="card" data-testid="integrity">
      <h2>{t('audit.integrity')}</h2>
      {integrity.error !== null && (
        <p className="notice error" role="alert">
          {describeError(integrity.error, t)}
        </p>
      )}
      {result ? (
        <p className={`integrity ${result.ok ? 'ok' : 'broken'}`} data-ok={String(result.ok)}>
          <span className={`chip ${result.ok ? 'status-on-target' : 'status-off-target'}`}>
            {result.ok ? t('audit.integrityOk', { count: result.checkedRecords }) : t('audit.integrityBroken', { seq: result.firstBrokenSeq ?? '?', problem: result.problem ?? '' })}
          </span>{' '}
          <span className="muted small">
            {t('audit.verifiedAt', { at: formatDateTime(result.verifiedAt, locale) })}
            {result.anchorSeq !== null && ` · ${t('audit.anchor', { seq: result.anchorSeq })}`}
          </span>
        </p>
      ) : (
        integrity.loading && <p className="muted">{t('loading')}</p>
      )}
      <button type="button" className="secondary" data-testid="recheck" disabled={integrity.loading} onClick={integrity.reload}>
        {t('audit.recheck')}
      </button>
    </section>
  );
}
