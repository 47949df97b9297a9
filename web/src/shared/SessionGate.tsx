import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { describeError } from './describe-error';
import { dictionaryKey, type MessageKey } from './dictionary';
import { useTranslator, type Translator } from './i18n';
import { GatewayError } from './persisted-client';
import { forgetToken, normalizeToken, storedToken, storeToken } from './session';

export interface Viewer {
  id: string;
  name: string | null;
  roles: string[];
}

export interface Session<T> {
  token: string;
  data: T;
}

interface SessionGateProps<T> {
  title: MessageKey;
  /** the page's first operation; it proves the token and tells who the viewer is */
  load(token: string): Promise<T>;
  viewerOf(data: T): Viewer;
  /** why this viewer may not use the page (in the current language), or null */
  refusal(viewer: Viewer, t: Translator['t']): string | null;
  children(session: Session<T>): ReactNode;
}

// errors and refusals are kept as facts and put into words at render, so the language switch applies
type State<T> = { phase: 'signed-out'; error: unknown } | { phase: 'checking' } | { phase: 'refused'; viewer: Viewer } | { phase: 'signed-in'; session: Session<T> };

/**
 * Sign-in by pasted token, the page header (language switch, sign-out) and the gate: the page
 * itself renders only for a token the gateway accepted and a role the page is meant for.
 */
export function SessionGate<T>({ title, load, viewerOf, refusal, children }: SessionGateProps<T>) {
  const { t } = useTranslator();
  const [state, setState] = useState<State<T>>(() => (storedToken() ? { phase: 'checking' } : { phase: 'signed-out', error: null }));

  const signIn = useCallback(
    async (token: string) => {
      setState({ phase: 'checking' });
      try {
        const data = await load(token);
        const viewer = viewerOf(data);
        storeToken(token);
        // the refusal does not depend on the language: any translator tells whether there is one
        setState(refusal(viewer, (key) => key) ? { phase: 'refused', viewer } : { phase: 'signed-in', session: { token, data } });
      } catch (error) {
        // a token the gateway refuses is not kept
        if (error instanceof GatewayError && error.code === 'UNAUTHENTICATED') forgetToken();
        setState({ phase: 'signed-out', error });
      }
    },
    [load, refusal, viewerOf],
  );

  useEffect(() => {
    const token = storedToken();
    // once, for a token kept in this tab from before a reload
    if (token) void signIn(token);
  }, []);

  const signOut = () => {
    forgetToken();
    setState({ phase: 'signed-out', error: null });
  };

  const viewer = state.phase === 'signed-in' ? viewerOf(state.session.data) : state.phase === 'refused' ? state.viewer : null;
  return (
    <div className="page">
      <Header title={title} viewer={viewer} onSignOut={state.phase === 'signed-in' || state.phase === 'refused' ? signOut : undefined} />
      <main>
        {state.phase === 'checking' && <p className="muted">{t('signIn.checking')}</p>}
        {state.phase === 'signed-out' && <SignInForm message={state.error ? describeError(state.error, t) : null} onSubmit={(token) => void signIn(token)} />}
        {state.phase === 'refused' && (
          <p className="notice error" role="alert" data-testid="refusal">
            {refusal(state.viewer, t)}
          </p>
        )}
        {state.phase === 'signed-in' && children(state.session)}
      </main>
    </div>
  );
}

function Header({ title, viewer, onSignOut }: { title: MessageKey; viewer: Viewer | null; onSignOut: (() => void) | undefined }) {
  const { t, language, setLanguage } = useTranslator();
  return (
    <header className="top">
      <div className="brand">
        <span className="app-name">{t('app.name')}</span>
        <h1>{t(title)}</h1>
      </div>
      <div className="session">
        {viewer && <span className="viewer">{t('session.signedInAs', { name: viewer.name ?? viewer.id, roles: roleNames(viewer.roles, t) })}</span>}
        <button type="button" className="secondary" data-testid="language" title={t('language.switchTitle')} onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}>
          {t('language.switch')}
        </button>
        {onSignOut && (
          <button type="button" className="secondary" data-testid="sign-out" onClick={onSignOut}>
            {t('session.signOut')}
          </button>
        )}
      </div>
    </header>
  );
}

function SignInForm({ message, onSubmit }: { message: string | null; onSubmit(token: string): void }) {
  const { t } = useTranslator();
  const [pasted, setPasted] = useState('');
  const [empty, setEmpty] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const token = normalizeToken(pasted);
    setEmpty(token === '');
    if (token !== '') onSubmit(token);
  };
  return (
    <form className="card sign-in" onSubmit={submit}>
      <h2>{t('signIn.title')}</h2>
      <p className="muted">{t('signIn.help')}</p>
      <label>
        {t('signIn.token')}
        <textarea name="token" data-testid="token" rows={4} spellCheck={false} autoComplete="off" value={pasted} onChange={(e) => setPasted(e.target.value)} />
      </label>
      {(message || empty) && (
        <p className="notice error" role="alert" data-testid="sign-in-error">
          {empty ? t('signIn.empty') : message}
        </p>
      )}
      <button type="submit" data-testid="sign-in">
        {t('signIn.submit')}
      </button>
    </form>
  );
}

export function roleNames(roles: string[], t: (key: MessageKey) => string): string {
  return roles.map((role) => {
    const key = dictionaryKey('role', role);
    return key ? t(key) : role;
  }).join('、');
}
