import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useAnnounce } from '../shared/a11y.tsx';
import { api, callAs } from '../shared/api.ts';
import { messages, useT } from '../shared/i18n.tsx';
import { Alert, Button } from '../shared/kolibri.tsx';
import { endSession } from './session.ts';
import type { SandboxSession } from './views.ts';
import './sandbox.css';

export const sm = messages({
  de: {
    label: 'Übungsumgebung – keine echten Daten',
    labelText: 'Alle Fälle hier sind ausgedacht. Nichts hier hat rechtliche Wirkung. Bitte geben Sie keine echten persönlichen Daten ein – sie werden abgelehnt. Der Experimentierraum wird jede Nacht zurückgesetzt.',
    kiosk: 'Kiosk-Modus: Nach {s} Sekunden ohne Eingabe wird alles gelöscht, damit die nächste Person neu beginnt.',
    warn: 'Sind Sie noch da? In {s} Sekunden wird alles gelöscht.',
    stay: 'Ich bin noch da',
    cleared: 'Die Sitzung wurde gelöscht.',
    gone: 'Ihre Übungssitzung ist beendet (gelöscht, abgelaufen oder über Nacht zurückgesetzt).',
    restart: 'Neu beginnen',
  },
  en: {
    label: 'Practice environment – no real data',
    labelText: 'All cases here are made up. Nothing here has legal effect. Please do not enter real personal data – it is refused. The experimentation space is reset every night.',
    kiosk: 'Kiosk mode: after {s} seconds without input everything is deleted, so that the next person starts afresh.',
    warn: 'Are you still there? Everything will be deleted in {s} seconds.',
    stay: 'I am still here',
    cleared: 'The session was deleted.',
    gone: 'Your practice session has ended (deleted, expired or reset overnight).',
    restart: 'Start again',
  },
});

/** The label every page of the space carries, in words (not only colour). */
export function SandboxBanner({ kioskSeconds }: { kioskSeconds?: number | null }) {
  const t = useT(sm);
  return (
    <div className="sandbox-banner" role="note" aria-label={t('label')} data-testid="sandbox-label">
      <p>
        <strong>{t('label')}</strong>
      </p>
      <p>{t('labelText')}</p>
      {kioskSeconds ? <p data-testid="kiosk-note">{t('kiosk', { s: kioskSeconds })}</p> : null}
    </div>
  );
}

/**
 * Kiosk mode: counts inactivity (keyboard, pointer); warns before the end and clears the
 * session (server and tab) when nobody answers, then starts a fresh kiosk page.
 */
export function KioskGuard({ session }: { session: SandboxSession }) {
  const t = useT(sm);
  const announce = useAnnounce();
  const last = useRef(Date.now());
  const lastPing = useRef(Date.now());
  const [left, setLeft] = useState<number | null>(null);
  const clear = useCallback(async () => {
    await endSession(session.sessionId);
    announce(t('cleared'), 'assertive');
    window.location.assign('/experimentierraum?kiosk=1');
  }, [session.sessionId, announce, t]);
  useEffect(() => {
    const active = () => {
      last.current = Date.now();
      if (Date.now() - lastPing.current > 20_000) {
        lastPing.current = Date.now();
        void callAs(api.POST('/api/sandbox/sessions/{sessionId}/keep-alive', { params: { path: { sessionId: session.sessionId } } })).catch(() => undefined);
      }
    };
    window.addEventListener('keydown', active);
    window.addEventListener('pointerdown', active);
    const timer = window.setInterval(() => {
      const idle = (Date.now() - last.current) / 1000;
      const remaining = Math.ceil(session.idleSeconds - idle);
      if (remaining <= 0) {
        window.clearInterval(timer);
        void clear();
      } else setLeft(remaining <= session.warningSeconds ? remaining : null);
    }, 1000);
    return () => {
      window.removeEventListener('keydown', active);
      window.removeEventListener('pointerdown', active);
      window.clearInterval(timer);
    };
  }, [session, clear]);
  if (left === null) return null;
  return (
    <div className="kiosk-warning" data-testid="kiosk-warning">
      <Alert type="warning" title={t('warn', { s: left })} live>
        <Button
          label={t('stay')}
          variant="primary"
          onClick={() => {
            last.current = Date.now();
            lastPing.current = Date.now();
            setLeft(null);
            void callAs(api.POST('/api/sandbox/sessions/{sessionId}/keep-alive', { params: { path: { sessionId: session.sessionId } } })).catch(() => undefined);
          }}
        />
      </Alert>
    </div>
  );
}

export function SessionGone({ onRestart }: { onRestart(): void }): ReactNode {
  const t = useT(sm);
  return (
    <Alert type="info" title={t('gone')} data-testid="session-gone">
      <Button label={t('restart')} variant="primary" onClick={onRestart} data-testid="session-restart" />
    </Alert>
  );
}
