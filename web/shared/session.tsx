import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, call, callAs, setCsrfToken } from './api.ts';
import type { LoginAnswer, Me } from './api-views.ts';

/**
 * Who is signed in. The session itself is the server's httpOnly cookie; the page keeps only
 * the CSRF token (needed for every change) and asks the server who it is after a reload.
 * A hint in localStorage avoids asking (and a 401) when nobody signed in on this device.
 */
const HINT = 'amtsklar.session';

interface SessionContext {
  me: Me | null;
  loading: boolean;
  /** After a login answer: remember the token, load who we are. */
  signedIn(answer: LoginAnswer): Promise<Me | null>;
  signOut(): Promise<void>;
  refresh(): Promise<Me | null>;
}

const Ctx = createContext<SessionContext>({
  me: null,
  loading: false,
  signedIn: async () => null,
  signOut: async () => undefined,
  refresh: async () => null,
});

function hasHint(): boolean {
  try {
    return localStorage.getItem(HINT) === '1';
  } catch {
    return false;
  }
}

function setHint(on: boolean): void {
  try {
    if (on) localStorage.setItem(HINT, '1');
    else localStorage.removeItem(HINT);
  } catch {
    /* ignore */
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(hasHint);

  const refresh = useCallback(async () => {
    try {
      const m = await callAs<Me>(api.GET('/api/auth/me'));
      setCsrfToken(m.csrfToken);
      setMe(m);
      setHint(true);
      return m;
    } catch {
      setCsrfToken(null);
      setMe(null);
      setHint(false);
      return null;
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (hasHint()) void refresh();
  }, [refresh]);

  const signedIn = useCallback(
    async (a: LoginAnswer) => {
      setCsrfToken(a.csrfToken);
      setHint(true);
      return refresh();
    },
    [refresh],
  );

  const signOut = useCallback(async () => {
    try {
      await call(api.POST('/api/auth/logout'));
    } catch {
      /* the session may already be gone */
    }
    setCsrfToken(null);
    setHint(false);
    setMe(null);
  }, []);

  const value = useMemo(() => ({ me, loading, signedIn, signOut, refresh }), [me, loading, signedIn, signOut, refresh]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): SessionContext {
  return useContext(Ctx);
}

export const STAFF_ROLES = ['caseworker', 'team_lead', 'admin', 'dpo', 'auditor'] as const;
export const isStaff = (me: Me | null) => !!me && (STAFF_ROLES as readonly string[]).includes(me.role);
