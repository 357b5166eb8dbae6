import { api, callAs } from '../shared/api.ts';
import type { SandboxSession } from './views.ts';

/**
 * The practice session lives in this tab only (sessionStorage): no login, no cookie. A kiosk
 * session is cleared by the server after inactivity and by the page itself.
 */
const KEY = 'amtsklar.experimentierraum';

export function storedSession(): SandboxSession | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as SandboxSession) : null;
  } catch {
    return null;
  }
}

export function forgetSession(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    /* nothing stored */
  }
}

export async function startSession(kiosk: boolean): Promise<SandboxSession> {
  const s = await callAs<SandboxSession>(api.POST('/api/sandbox/sessions', { body: { kiosk } }));
  try {
    sessionStorage.setItem(KEY, JSON.stringify(s));
  } catch {
    /* works for this page view only */
  }
  return s;
}

/** The stored session, or a new one (kiosk if asked). */
export async function ensureSession(kiosk: boolean): Promise<SandboxSession> {
  const s = storedSession();
  if (s && s.kiosk === kiosk) return s;
  if (s) await endSession(s.sessionId);
  return startSession(kiosk);
}

export async function endSession(id: string): Promise<void> {
  forgetSession();
  await callAs(api.DELETE('/api/sandbox/sessions/{sessionId}', { params: { path: { sessionId: id } } })).catch(() => undefined);
}
