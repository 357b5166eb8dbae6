import { useEffect, useState } from 'react';
import { PageHeading, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import { formatDate } from '../shared/format.ts';
import { messages, useLang, useT } from '../shared/i18n.tsx';
import { Alert } from '../shared/kolibri.tsx';
import { common, stateKey } from '../shared/messages.ts';
import { Link } from '../shared/router.tsx';
import { StaffOnly } from '../workbench/guard.tsx';
import type { ObjectionItem } from './views.ts';

const m = messages({
  de: {
    title: 'Widersprüche des Teams',
    intro: 'Jeder Widerspruch wird beim Eingang einer Person des Teams zugewiesen, die an der angefochtenen Entscheidung nicht beteiligt war. Entschieden wird im Fall (Abhilfe oder Zurückweisung).',
    none: 'Keine offenen Widersprüche.',
    az: 'Aktenzeichen',
    filed: 'Eingegangen',
    state: 'Stand',
    who: 'Prüft',
    mine: 'Sie',
    nobody: 'noch niemand',
    back: 'Zur Übersicht Beteiligung',
  },
  en: {
    title: 'Objections of the team',
    intro: 'Each objection is assigned on receipt to a team member who was not involved in the contested decision. It is decided in the case (remedy or rejection).',
    none: 'No open objections.',
    az: 'Reference',
    filed: 'Received',
    state: 'Status',
    who: 'Reviewed by',
    mine: 'you',
    nobody: 'nobody yet',
    back: 'To the participation overview',
  },
});

export default function ObjectionsPage() {
  const t = useT(m);
  usePageTitle(t('title'));
  return <StaffOnly roles={['caseworker', 'team_lead']} title={t('title')}>{() => <List />}</StaffOnly>;
}

function List() {
  const t = useT(m);
  const tc = useT(common);
  const { lang } = useLang();
  const [items, setItems] = useState<ObjectionItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    callAs<{ items: ObjectionItem[] }>(api.GET('/api/participation/objections'))
      .then((r) => setItems(r.items))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, []);
  return (
    <>
      <PageHeading>{t('title')}</PageHeading>
      <p className="lead">{t('intro')}</p>
      {error && (
        <Alert type="error">
          <span lang="de">{error}</span>
        </Alert>
      )}
      {items && items.length === 0 && <p>{t('none')}</p>}
      {items && items.length > 0 && (
        <table data-testid="objections">
          <caption className="visually-hidden">{t('title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('az')}</th>
              <th scope="col">{t('filed')}</th>
              <th scope="col">{t('state')}</th>
              <th scope="col">{t('who')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((o) => (
              <tr key={o.caseId}>
                <td>
                  <Link to={`/arbeitsplatz/faelle/${o.caseId}`}>{o.aktenzeichen ?? o.caseId}</Link>
                </td>
                <td>{o.filedAt ? formatDate(o.filedAt, lang) : '—'}</td>
                <td>{typeof o.state === 'string' ? tc(stateKey(o.state)) : '—'}</td>
                <td>{o.mine ? t('mine') : (o.assignedToName ?? t('nobody'))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <Link to="/arbeitsplatz/beteiligung">{t('back')}</Link>
      </p>
    </>
  );
}
