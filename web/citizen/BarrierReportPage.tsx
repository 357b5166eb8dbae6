import { useState, type FormEvent } from 'react';
import { PageHeading, usePageTitle } from '../shared/a11y.tsx';
import { ErrorSummary, TextArea, TextField } from '../shared/form.tsx';
import { messages, useT } from '../shared/i18n.tsx';
import { Alert, Button } from '../shared/kolibri.tsx';
import { Link, useLocation } from '../shared/router.tsx';

const ADDRESS = 'barrierefreiheit@musterstadt.example';

const m = messages({
  de: {
    title: 'Barriere melden',
    intro: 'Sie sind auf eine Barriere gestoßen oder brauchen einen Inhalt in einer anderen Form? Beschreiben Sie uns das Problem. Ihre Nachricht geht an die Beauftragte für digitale Barrierefreiheit der Stadt. Wir antworten innerhalb von zwei Wochen.',
    how: 'Mit „Nachricht erstellen“ öffnet sich Ihr E-Mail-Programm mit einer fertigen Nachricht an {address}. Sie können uns stattdessen auch anrufen (0123 456-0) oder schreiben: Stadt Musterstadt, Rathausplatz 1, 12345 Musterstadt.',
    page: 'Auf welcher Seite ist das Problem?',
    pageHint: 'Adresse oder Name der Seite, z. B. „Wohngeld-Rechner“',
    problem: 'Was ist das Problem?',
    problemHint: 'Zum Beispiel: Welches Hilfsmittel nutzen Sie (Screenreader, Vergrößerung, nur Tastatur)? Was hat nicht funktioniert?',
    problemMissing: 'Bitte beschreiben Sie das Problem.',
    contact: 'Wie erreichen wir Sie für die Antwort?',
    contactHint: 'E-Mail-Adresse oder Telefonnummer',
    errors: 'Bitte prüfen Sie Ihre Angaben',
    submit: 'Nachricht erstellen',
    created: 'Ihr E-Mail-Programm sollte sich jetzt mit der Nachricht öffnen. Falls nicht, schreiben Sie bitte an {address}.',
    subject: 'Barriere im Bürgerportal',
    statement: 'Zur Erklärung zur Barrierefreiheit',
  },
  en: {
    title: 'Report a barrier',
    intro: 'Did you come across a barrier or do you need content in another form? Describe the problem. Your message goes to the city’s officer for digital accessibility. We answer within two weeks.',
    how: '“Create message” opens your e-mail program with a prepared message to {address}. You can also call us (0123 456-0) or write to: Stadt Musterstadt, Rathausplatz 1, 12345 Musterstadt.',
    page: 'On which page is the problem?',
    pageHint: 'Address or name of the page, e.g. “Housing benefit calculator”',
    problem: 'What is the problem?',
    problemHint: 'For example: which assistive technology do you use (screen reader, magnification, keyboard only)? What did not work?',
    problemMissing: 'Please describe the problem.',
    contact: 'How can we reach you for the answer?',
    contactHint: 'E-mail address or phone number',
    errors: 'Please check your entries',
    submit: 'Create message',
    created: 'Your e-mail program should now open with the message. If not, please write to {address}.',
    subject: 'Barrier in the citizen portal',
    statement: 'To the accessibility statement',
  },
});

/** The feedback route of the accessibility statement (§ 12b Abs. 2 Nr. 2 BGG): reachable from every page. */
export default function BarrierReportPage() {
  const t = useT(m);
  usePageTitle(t('title'));
  const { query } = useLocation();
  const [page, setPage] = useState(query.get('seite') ?? '');
  const [problem, setProblem] = useState('');
  const [contact, setContact] = useState('');
  const [shown, setShown] = useState(false);
  const [created, setCreated] = useState(false);
  const problemError = problem.trim() ? null : t('problemMissing');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (problemError) return;
    const body = [`${t('page')} ${page}`, '', `${t('problem')}`, problem, '', `${t('contact')} ${contact}`].join('\n');
    setCreated(true);
    window.location.href = `mailto:${ADDRESS}?subject=${encodeURIComponent(t('subject'))}&body=${encodeURIComponent(body)}`;
  };
  return (
    <>
      <PageHeading>{t('title')}</PageHeading>
      <p className="lead">{t('intro')}</p>
      <p>{t('how', { address: ADDRESS })}</p>
      {created && (
        <Alert type="success" title={t('title')} live>
          {t('created', { address: ADDRESS })}
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <ErrorSummary title={t('errors')} errors={shown && problemError ? [{ fieldId: 'barriere-problem', message: problemError }] : []} />
        <TextField id="barriere-seite" label={t('page')} hint={t('pageHint')} value={page} onChange={setPage} optionalText="" />
        <TextArea id="barriere-problem" label={t('problem')} hint={t('problemHint')} required value={problem} onChange={setProblem} error={shown ? problemError : null} maxLength={4000} />
        <TextField id="barriere-kontakt" label={t('contact')} hint={t('contactHint')} value={contact} onChange={setContact} optionalText="" autoComplete="email" />
        <Button label={t('submit')} type="submit" variant="primary" data-testid="barrier-submit" />
      </form>
      <p>
        <Link to="/barrierefreiheit">{t('statement')}</Link>
      </p>
    </>
  );
}
