import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { DICTIONARY, type MessageKey } from './dictionary';

/**
 * Chinese by default (the pages are for hospital staff), English on request. The choice is a
 * display preference, not a secret, so it is remembered in localStorage (the token is not).
 */
export type Language = 'zh' | 'en';

const LANGUAGE_KEY = 'hospital-gateway.language';

export interface Translator {
  language: Language;
  setLanguage(language: Language): void;
  /** the label in the current language; `{name}` placeholders are filled from params */
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** a locale for dates and numbers */
  locale: string;
}

const LanguageContext = createContext<Translator | null>(null);

function initialLanguage(): Language {
  try {
    return window.localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      window.localStorage.setItem(LANGUAGE_KEY, next);
    } catch {
      // storage may be disabled by policy; the switch still works for this page
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  }, [language]);
  const value = useMemo<Translator>(
    () => ({
      language,
      setLanguage,
      locale: language === 'zh' ? 'zh-CN' : 'en-GB',
      t: (key, params) => {
        let text = DICTIONARY[key][language];
        for (const [name, replacement] of Object.entries(params ?? {})) text = text.split(`{${name}}`).join(String(replacement));
        return text;
      },
    }),
    [language, setLanguage],
  );
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useTranslator(): Translator {
  const translator = useContext(LanguageContext);
  if (!translator) throw new Error('useTranslator needs a LanguageProvider above it');
  return translator;
}
