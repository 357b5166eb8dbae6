import { useEffect, useState } from 'react';
import { PageHeading, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import { messages, useT } from '../shared/i18n.tsx';
import { Alert, Badge } from '../shared/kolibri.tsx';
import { Link } from '../shared/router.tsx';
import type { ConsultationSummary } from './views.ts';

const m = messages({
  de: {
    title: 'Beteiligung: Ihre Meinung zu KI und Algorithmen',
    intro: 'Bevor die Stadt ein KI-System oder einen Algorithmus einsetzt oder wesentlich ändert, fragt sie Sie. Hier lesen Sie, worum es geht, und schreiben Ihren Beitrag – ohne Anmeldung. Jeder Beitrag wird gelesen und am Ende beantwortet.',
    none: 'Zurzeit gibt es keine Beteiligung.',
    period: 'Zeitraum: {period}',
    counts: '{n} Beiträge',
    open: 'Beiträge möglich',
    sandbox: 'KI selbst ausprobieren: der Experimentierraum',
    sandboxText: 'Im Experimentierraum probieren Sie Rechner, Schreibtisch der Sachbearbeitung und Assistenten mit ausgedachten Fällen aus – ohne echte Daten.',
    feedback: 'Rückmeldung zu einer Erklärung oder einer Antwort des Assistenten geben',
    loadError: 'Die Beteiligungen konnten nicht geladen werden',
  },
  en: {
    title: 'Participation: your view on AI and algorithms',
    intro: 'Before the city uses or materially changes an AI system or an algorithm, it asks you. Here you read what it is about and write your comment – without signing in. Every comment is read and answered at the end.',
    none: 'There is no consultation at the moment.',
    period: 'Period: {period}',
    counts: '{n} comments',
    open: 'open for comments',
    sandbox: 'Try AI yourself: the experimentation space',
    sandboxText: 'In the experimentation space you try calculators, the caseworker’s desk and the assistant with made-up cases – without real data.',
    feedback: 'Give feedback on an explanation or an answer of the assistant',
    loadError: 'The consultations could not be loaded',
  },
});

/** Public list of consultations (no login). */
export default function ConsultationsPage() {
  const t = useT(m);
  usePageTitle(t('title'));
  const [items, setItems] = useState<ConsultationSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    callAs<{ items: ConsultationSummary[] }>(api.GET('/api/participation/consultations'))
      .then((r) => setItems(r.items))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, []);
  return (
    <>
      <PageHeading>{t('title')}</PageHeading>
      <p className="lead">{t('intro')}</p>
      {error && (
        <Alert type="error" title={t('loadError')}>
          <span lang="de">{error}</span>
        </Alert>
      )}
      {items && items.length === 0 && <p>{t('none')}</p>}
      {items && items.length > 0 && (
        <ul className="cards" data-testid="consultations">
          {items.map((c) => (
            <li key={c.id} className="card">
              <h2 lang="de">
                <Link to={`/beteiligung/${c.id}`}>{c.title}</Link>
              </h2>
              <p lang="de">
                {c.entryName} · {c.occasion.label}
              </p>
              <p>
                <Badge label={c.status.label} tone={c.acceptsComments ? 'success' : 'neutral'} /> {c.acceptsComments && <span>{t('open')}</span>}
              </p>
              <p>
                <span lang="de">{t('period', { period: c.period })}</span> · {t('counts', { n: c.counts.comments })}
              </p>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('sandbox')}</h2>
      <p>{t('sandboxText')}</p>
      <ul>
        <li>
          <Link to="/experimentierraum">{t('sandbox')}</Link>
        </li>
        <li>
          <Link to="/rueckmeldung">{t('feedback')}</Link>
        </li>
      </ul>
    </>
  );
}
