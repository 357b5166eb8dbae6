import { useState, type FormEvent } from 'react';
import { PageHeading, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import type { LoginAnswer } from '../shared/api-views.ts';
import { ErrorSummary, TextField } from '../shared/form.tsx';
import { messages, useT } from '../shared/i18n.tsx';
import { Alert, Button } from '../shared/kolibri.tsx';
import { Link, navigate, useLocation } from '../shared/router.tsx';
import { useSession } from '../shared/session.tsx';

const m = messages({
  de: {
    title: 'Meinen Antrag ansehen',
    intro: 'Melden Sie sich mit dem Aktenzeichen und dem Zugangscode an, die Sie nach dem Absenden Ihres Antrags erhalten haben.',
    az: 'Aktenzeichen',
    azHint: 'z. B. WG-2026-000123',
    code: 'Zugangscode',
    codeHint: 'z. B. ABCD-EFGH-JKLM',
    submit: 'Anmelden',
    errors: 'Anmeldung nicht möglich',
    azMissing: 'Bitte geben Sie das Aktenzeichen an.',
    codeMissing: 'Bitte geben Sie den Zugangscode an.',
    failed: 'Die Anmeldung hat nicht geklappt',
    lost: 'Zugangscode verloren? Wenden Sie sich an den Bürgerservice, Rathausplatz 1, Telefon 0123 456-0.',
    staff: 'Sie arbeiten bei der Stadt? Zur Anmeldung für Beschäftigte',
  },
  en: {
    title: 'View my application',
    intro: 'Sign in with the file number and access code you received after sending your application.',
    az: 'File number',
    azHint: 'e.g. WG-2026-000123',
    code: 'Access code',
    codeHint: 'e.g. ABCD-EFGH-JKLM',
    submit: 'Sign in',
    errors: 'Sign-in not possible',
    azMissing: 'Please enter the file number.',
    codeMissing: 'Please enter the access code.',
    failed: 'Sign-in failed',
    lost: 'Lost your access code? Contact the citizen service, Rathausplatz 1, phone 0123 456-0.',
    staff: 'You work for the city? To the staff sign-in',
  },
});

export default function CitizenLoginPage() {
  const t = useT(m);
  usePageTitle(t('title'));
  const session = useSession();
  const { query } = useLocation();
  const [az, setAz] = useState('');
  const [code, setCode] = useState('');
  const [shown, setShown] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const azError = !az.trim() ? t('azMissing') : null;
  const codeError = !code.trim() ? t('codeMissing') : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    setFailed(null);
    if (azError || codeError) return;
    setBusy(true);
    try {
      const a = await callAs<LoginAnswer>(api.POST('/api/auth/citizen', { body: { aktenzeichen: az.trim(), accessCode: code.trim() } }));
      await session.signedIn(a);
      navigate(query.get('weiter')?.startsWith('/mein-antrag') ? query.get('weiter')! : '/mein-antrag');
    } catch (err) {
      setFailed(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeading>{t('title')}</PageHeading>
      <p className="lead">{t('intro')}</p>
      {failed && (
        <Alert type="error" title={t('failed')} live>
          {failed}
        </Alert>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary
          title={t('errors')}
          errors={shown ? [azError ? { fieldId: 'login-az', message: azError } : null, codeError ? { fieldId: 'login-code', message: codeError } : null].filter((x): x is { fieldId: string; message: string } => !!x) : []}
        />
        <TextField id="login-az" label={t('az')} hint={t('azHint')} required value={az} onChange={setAz} error={shown ? azError : null} width="medium" autoComplete="off" />
        <TextField id="login-code" label={t('code')} hint={t('codeHint')} required value={code} onChange={setCode} error={shown ? codeError : null} width="medium" autoComplete="off" />
        <Button label={t('submit')} type="submit" variant="primary" disabled={busy} data-testid="citizen-login" />
      </form>
      <p>{t('lost')}</p>
      <p>
        <Link to="/anmelden/beschaeftigte">{t('staff')}</Link>
      </p>
    </>
  );
}
