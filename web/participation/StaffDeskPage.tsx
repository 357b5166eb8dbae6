import { useEffect, useState } from 'react';
import { PageHeading, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import { formatDate } from '../shared/format.ts';
import { messages, useLang, useT } from '../shared/i18n.tsx';
import { Alert } from '../shared/kolibri.tsx';
import { Link } from '../shared/router.tsx';
import { StaffOnly } from '../workbench/guard.tsx';
import type { StaffConsultationSummary } from './views.ts';

export const STAFF_ROLES = ['caseworker', 'team_lead', 'admin', 'dpo', 'auditor'] as const;

const m = messages({
  de: {
    title: 'Beteiligung und Mitbestimmung',
    intro: 'Beteiligungen der Öffentlichkeit moderieren und beantworten, das Verfahren mit dem Personalrat festhalten, Rückmeldungen und Widersprüche bearbeiten.',
    consultations: 'Beteiligungen',
    none: 'Noch keine Beteiligung.',
    system: 'System',
    topic: 'Thema',
    status: 'Stand',
    period: 'Zeitraum',
    comments: 'Beiträge',
    moderation: 'zu moderieren',
    open: 'ohne Auswertung',
    more: 'Weitere Aufgaben',
    council: 'Personalrat: Unterrichtung, Beschluss, Dienstvereinbarung',
    feedback: 'Rückmeldungen an die Verantwortlichen',
    objections: 'Widersprüche des Teams',
    agreement: 'Vorlage der Dienstvereinbarung',
    sandbox: 'Experimentierraum (Übung ohne echte Daten)',
  },
  en: {
    title: 'Participation and co-determination',
    intro: 'Moderate and answer public consultations, record the procedure with the staff council, work on feedback and objections.',
    consultations: 'Consultations',
    none: 'No consultation yet.',
    system: 'System',
    topic: 'Topic',
    status: 'Status',
    period: 'Period',
    comments: 'Comments',
    moderation: 'to moderate',
    open: 'not yet evaluated',
    more: 'Further tasks',
    council: 'Staff council: information, vote, service agreement',
    feedback: 'Feedback to the people responsible',
    objections: 'Objections of the team',
    agreement: 'Template service agreement',
    sandbox: 'Experimentation space (practice without real data)',
  },
});

/** The staff entry to participation: consultations with their moderation load, and links to the other procedures. */
export default function StaffDeskPage() {
  const t = useT(m);
  usePageTitle(t('title'));
  return (
    <StaffOnly roles={STAFF_ROLES} title={t('title')}>
      {(me) => <Desk role={me.role} />}
    </StaffOnly>
  );
}

function Desk({ role }: { role: string }) {
  const t = useT(m);
  const { lang } = useLang();
  const [items, setItems] = useState<StaffConsultationSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    callAs<{ items: StaffConsultationSummary[] }>(api.GET('/api/participation/staff/consultations'))
      .then((r) => setItems(r.items))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, []);
  return (
    <>
      <PageHeading>{t('title')}</PageHeading>
      <p className="lead">{t('intro')}</p>
      <h2 id="beteiligungen-h">{t('consultations')}</h2>
      {error && (
        <Alert type="error" title={t('consultations')}>
          <span lang="de">{error}</span>
        </Alert>
      )}
      {items && items.length === 0 && <p>{t('none')}</p>}
      {items && items.length > 0 && (
        <table className="table" aria-labelledby="beteiligungen-h" data-testid="staff-consultations">
          <thead>
            <tr>
              <th scope="col">{t('topic')}</th>
              <th scope="col">{t('system')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('period')}</th>
              <th scope="col">{t('comments')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                <td lang="de">
                  <Link to={`/arbeitsplatz/beteiligung/${c.id}`}>{c.title}</Link>
                </td>
                <td>{c.entryId}</td>
                <td lang="de">{c.statusLabel}</td>
                <td>
                  {formatDate(c.opensOn, lang)} – {formatDate(c.closesOn, lang)}
                </td>
                <td>
                  {c.comments} ({c.awaitingModeration} {t('moderation')}, {c.withoutDisposition} {t('open')})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('more')}</h2>
      <ul>
        <li>
          <Link to="/arbeitsplatz/personalrat">{t('council')}</Link>
        </li>
        <li>
          <Link to="/arbeitsplatz/rueckmeldungen">{t('feedback')}</Link>
        </li>
        {(role === 'caseworker' || role === 'team_lead') && (
          <li>
            <Link to="/arbeitsplatz/widersprueche">{t('objections')}</Link>
          </li>
        )}
        <li>
          <Link to="/dienstvereinbarung">{t('agreement')}</Link>
        </li>
        <li>
          <Link to="/experimentierraum">{t('sandbox')}</Link>
        </li>
      </ul>
    </>
  );
}
