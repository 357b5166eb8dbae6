import { useEffect, useState } from 'react';
import type { PageProps } from '../app/page.ts';
import { PageHeading, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import { formatDate } from '../shared/format.ts';
import { messages, useLang, useT } from '../shared/i18n.tsx';
import { Alert, Badge } from '../shared/kolibri.tsx';
import { Link } from '../shared/router.tsx';
import type { ObjectionStatus } from './views.ts';

const m = messages({
  de: {
    title: 'Stand Ihres Widerspruchs',
    none: 'Zu diesem Antrag ist kein Widerspruch eingegangen.',
    canObject: 'Sie können bis zum {date} Widerspruch einlegen – auf der Seite Ihres Antrags.',
    filed: 'Eingegangen am {date}.',
    assigned: 'Ihr Widerspruch wird von einer Person geprüft, die an der ersten Entscheidung nicht beteiligt war.',
    decided: 'Entschieden am {date}.',
    inReview: 'in Prüfung',
    changed: 'Bescheid geändert',
    upheld: 'zurückgewiesen',
    toCase: 'Zu Ihrem Antrag (Bescheid, Erklärung, Rechenweg)',
    feedback: 'Rückmeldung zur Entscheidung geben',
    login: 'Bitte melden Sie sich mit Aktenzeichen und Zugangscode an.',
  },
  en: {
    title: 'Status of your objection',
    none: 'No objection has been received for this application.',
    canObject: 'You can object until {date} – on the page of your application.',
    filed: 'Received on {date}.',
    assigned: 'Your objection is reviewed by a person who was not involved in the first decision.',
    decided: 'Decided on {date}.',
    inReview: 'under review',
    changed: 'decision changed',
    upheld: 'rejected',
    toCase: 'To your application (decision, explanation, calculation)',
    feedback: 'Give feedback on the decision',
    login: 'Please sign in with your reference number and access code.',
  },
});

/** The citizen's view of an objection: deadline, received, reviewed by someone not involved, the outcome. */
export default function ObjectionStatusPage({ params }: PageProps) {
  const t = useT(m);
  const { lang } = useLang();
  usePageTitle(t('title'));
  const id = params.id!;
  const [s, setS] = useState<ObjectionStatus | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    callAs<ObjectionStatus>(api.GET('/api/participation/cases/{id}/objection', { params: { path: { id } } }))
      .then(setS)
      .catch((e: unknown) => setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e))));
  }, [id]);
  const o = s?.objection;
  return (
    <>
      <PageHeading>{t('title')}</PageHeading>
      {error && (
        <Alert type="error">
          {error.status === 401 ? (
            <>
              {t('login')} <Link to="/anmelden">→</Link>
            </>
          ) : (
            <span lang="de">{error.message}</span>
          )}
        </Alert>
      )}
      {s && !o && <p>{s.canObject && s.objectionDue ? t('canObject', { date: formatDate(s.objectionDue, lang) }) : t('none')}</p>}
      {o && (
        <section className="card" aria-labelledby="widerspruch-stand-h" data-testid="objection-status">
          <h2 id="widerspruch-stand-h">
            <Badge label={o.result === 'changed' ? t('changed') : o.result === 'upheld' ? t('upheld') : t('inReview')} tone={o.result === 'changed' ? 'success' : o.result === 'upheld' ? 'warning' : 'info'} />{' '}
            <span lang="de" data-testid="objection-label">
              {o.statusLabel}
            </span>
          </h2>
          <p>{t('filed', { date: formatDate(o.filedAt, lang) })}</p>
          {o.assigned && o.status === 'in_review' && <p>{t('assigned')}</p>}
          {o.decidedAt && <p>{t('decided', { date: formatDate(o.decidedAt, lang) })}</p>}
        </section>
      )}
      <ul>
        <li>
          <Link to={`/mein-antrag/${id}`}>{t('toCase')}</Link>
        </li>
        <li>
          <Link to={`/rueckmeldung?fall=${encodeURIComponent(id)}`}>{t('feedback')}</Link>
        </li>
      </ul>
    </>
  );
}
