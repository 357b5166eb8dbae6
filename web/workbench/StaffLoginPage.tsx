import { useState, type FormEvent } from 'react';
import { PageHeading, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import type { LoginAnswer } from '../shared/api-views.ts';
import { ErrorSummary, TextField } from '../shared/form.tsx';
import { useT } from '../shared/i18n.tsx';
import { Alert, Button } from '../shared/kolibri.tsx';
import { navigate, useLocation } from '../shared/router.tsx';
import { useSession } from '../shared/session.tsx';
import { wb } from './messages.ts';

/** Where each role starts. */
export function homeOf(role: string): string {
  if (role === 'caseworker' || role === 'team_lead') return '/arbeitsplatz';
  // the auditor's work is the decisions: straight to them
  return role === 'auditor' ? '/verwaltung/pruefung' : '/verwaltung';
}

export default function StaffLoginPage() {
  const t = useT(wb);
  usePageTitle(t('loginTitle'));
  const session = useSession();
  const { query } = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [shown, setShown] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const uErr = username.trim() ? null : t('usernameMissing');
  const pErr = password ? null : t('passwordMissing');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    setFailed(null);
    if (uErr || pErr) return;
    setBusy(true);
    try {
      const a = await callAs<LoginAnswer>(api.POST('/api/auth/login', { body: { username: username.trim(), password } }));
      const me = await session.signedIn(a);
      const next = query.get('weiter');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : homeOf(me?.role ?? ''));
    } catch (err) {
      setFailed(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeading>{t('loginTitle')}</PageHeading>
      <p>{t('loginIntro')}</p>
      {failed && (
        <Alert type="error" title={t('loginFailed')} live>
          {failed}
        </Alert>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary
          title={t('errors')}
          errors={shown ? [uErr ? { fieldId: 'staff-username', message: uErr } : null, pErr ? { fieldId: 'staff-password', message: pErr } : null].filter((x): x is { fieldId: string; message: string } => !!x) : []}
        />
        <TextField id="staff-username" label={t('username')} required value={username} onChange={setUsername} error={shown ? uErr : null} autoComplete="username" width="medium" />
        <TextField id="staff-password" type="password" label={t('password')} required value={password} onChange={setPassword} error={shown ? pErr : null} autoComplete="current-password" width="medium" />
        <Button label={t('signIn')} type="submit" variant="primary" disabled={busy} data-testid="staff-login" />
      </form>
    </>
  );
}
