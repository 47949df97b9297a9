import { createRoot } from 'react-dom/client';
import { LanguageProvider, type Translator } from '../shared/i18n';
import { roleNames, SessionGate, type Viewer } from '../shared/SessionGate';
import '../shared/styles.css';
import { loadViewer } from './audit-api';
import { AuditApp } from './AuditApp';

const viewerOf = (viewer: Viewer) => viewer;

/** the audit trail is readable by auditors only; others would see FORBIDDEN everywhere */
function refusal(viewer: Viewer, t: Translator['t']): string | null {
  return viewer.roles.includes('auditor') ? null : t('audit.refused', { roles: roleNames(viewer.roles, t) || '—' });
}

createRoot(document.getElementById('root')!).render(
  <LanguageProvider>
    <SessionGate title="audit.title" load={loadViewer} viewerOf={viewerOf} refusal={refusal}>
      {(session) => <AuditApp session={session} />}
    </SessionGate>
  </LanguageProvider>,
);
