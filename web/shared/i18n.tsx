import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

/**
 * German first, English switchable. Every area declares its strings for both languages in
 * one place with `messages({ de, en })`; TypeScript refuses an English table that lacks a
 * German key. Areas keep their strings next to their pages, so a lazily loaded area brings
 * its own strings. `{name}` placeholders are filled by `t(key, { name })`.
 */
export type Lang = 'de' | 'en';
export const LANGS: Lang[] = ['de', 'en'];

export type Messages<K extends string> = { de: Record<K, string>; en: Record<K, string> };

export function messages<K extends string>(m: { de: Record<K, string>; en: NoInfer<Record<K, string>> }): Messages<K> {
  return m;
}

const STORAGE_KEY = 'amtsklar.lang';

interface LangContext {
  lang: Lang;
  setLang(l: Lang): void;
}

const Ctx = createContext<LangContext>({ lang: 'de', setLang: () => undefined });

function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'de' || stored === 'en') return stored;
  } catch {
    /* storage unavailable (private mode): German */
  }
  return 'de';
}

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* not remembered */
    }
  }, []);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useLang(): LangContext {
  return useContext(Ctx);
}

export function fill(text: string, vars?: Record<string, string | number>): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (all, k: string) => (k in vars ? String(vars[k]) : all));
}

/** `t('key', vars)` in the current language. */
export function useT<K extends string>(m: Messages<K>): (key: K, vars?: Record<string, string | number>) => string {
  const { lang } = useLang();
  return useCallback((key: K, vars?: Record<string, string | number>) => fill(m[lang][key], vars), [m, lang]);
}
