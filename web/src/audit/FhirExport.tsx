import { useEffect, useState } from 'react';
import { describeError } from '../shared/describe-error';
import { useTranslator } from '../shared/i18n';
import { exportFhir } from './audit-api';
import { toInstant, toLocalInput } from './local-time';

/** the FHIR R4 export of a time range, fetched with the token and offered as a file to save */
export function FhirExport({ token }: { token: string }) {
  const { t, locale } = useTranslator();
  const [range, setRange] = useState(() => ({ from: toLocalInput(new Date(Date.now() - 24 * 3_600_000)), to: toLocalInput(new Date(Date.now() + 60_000)) }));
  const [file, setFile] = useState<{ url: string; name: string; size: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // an object URL holds the whole export in memory until it is revoked
  useEffect(() => () => void (file && URL.revokeObjectURL(file.url)), [file]);

  const prepare = async () => {
    const from = toInstant(range.from);
    const to = toInstant(range.to);
    setError(null);
    if (!from || !to) {
      setError(new Error(t('audit.exportRange')));
      return;
    }
    setBusy(true);
    try {
      const { blob, fileName } = await exportFhir(token, from, to);
      setFile({ url: URL.createObjectURL(blob), name: fileName, size: blob.size });
    } catch (failure) {
      setFile(null);
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="export">
      <h2>{t('audit.export')}</h2>
      <p className="muted small">{t('audit.exportHelp')}</p>
      <div className="filters">
        <label>
          {t('audit.from')}
          <input data-testid="export-from" type="datetime-local" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
        </label>
        <label>
          {t('audit.to')}
          <input data-testid="export-to" type="datetime-local" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
        </label>
        <button type="button" data-testid="export-prepare" disabled={busy} onClick={() => void prepare()}>
          {t('audit.exportPrepare')}
        </button>
      </div>
      {error !== null && (
        <p className="notice error" role="alert">
          {describeError(error, t)}
        </p>
      )}
      {file && (
        <p>
          <a className="download" data-testid="export-download" href={file.url} download={file.name}>
            {t('audit.exportReady', { file: file.name, size: `${(file.size / 1024).toLocaleString(locale, { maximumFractionDigits: 1 })} KB` })}
          </a>
        </p>
      )}
    </section>
  );
}
