import { createRoot } from 'react-dom/client';
import { LanguageProvider, type Translator } from '../shared/i18n';
import { roleNames, SessionGate, type Viewer } from '../shared/SessionGate';
import '../shared/styles.css';
import { loadCatalog, type CatalogData } from './dashboard-api';
import { DashboardApp } from './DashboardApp';

/** the roles the operations indicators are for; analysts explore in GraphiQL instead */
const DASHBOARD_ROLES = ['dept_director', 'ops_assistant', 'finance'];

const viewerOf = (data: CatalogData): Viewer => data.me;

function refusal(viewer: Viewer, t: Translator['t']): string | null {
  if (viewer.roles.some((role) => DASHBOARD_ROLES.includes(role))) return null;
  if (viewer.roles.includes('auditor')) return t('dashboard.refused.auditor');
  if (viewer.roles.includes('analyst')) return t('dashboard.refused.analyst');
  return t('dashboard.refused.other', { roles: roleNames(viewer.roles, t) || '—' });
}

createRoot(document.getElementById('root')!).render(
  <LanguageProvider>
    <SessionGate title="dashboard.title" load={loadCatalog} viewerOf={viewerOf} refusal={refusal}>
      {(session) => <DashboardApp session={session} />}
    </SessionGate>
  </LanguageProvider>,
);
