import { useCallback, useEffect, useState } from 'react';
import { PageHeading, useAnnounce, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import { formatDateTime } from '../shared/format.ts';
import { SelectField } from '../shared/form.tsx';
import { messages, useLang, useT } from '../shared/i18n.tsx';
import { Alert, Button } from '../shared/kolibri.tsx';
import { Link } from '../shared/router.tsx';
import { StaffOnly } from '../workbench/guard.tsx';
import { m as fm } from './FeedbackPage.tsx';
import { STAFF_ROLES } from './StaffDeskPage.tsx';
import type { FeedbackItem } from './views.ts';

const m = messages({
  de: {
    title: 'Rückmeldungen an die Verantwortlichen',
    intro: 'Rückmeldungen zu den Systemen, die Sie verantworten (Administration: alle). Persönliche Daten sind vor dem Speichern entfernt worden.',
    none: 'Keine Rückmeldungen.',
    system: 'System: {id}',
    channel: 'Weg: {channel}',
    rating: 'Bewertung: {n} von 5',
    removed: 'Entfernt: {what}',
    status: 'Bearbeitungsstand',
    st_new: 'neu',
    st_in_progress: 'in Bearbeitung',
    st_done: 'erledigt',
    save: 'Stand speichern',
    saved: 'Gespeichert.',
    back: 'Zur Übersicht Beteiligung',
  },
  en: {
    title: 'Feedback to the people responsible',
    intro: 'Feedback on the systems you are responsible for (administration: all). Personal data was removed before storing.',
    none: 'No feedback.',
    system: 'System: {id}',
    channel: 'Channel: {channel}',
    rating: 'Rating: {n} of 5',
    removed: 'Removed: {what}',
    status: 'Status',
    st_new: 'new',
    st_in_progress: 'in progress',
    st_done: 'done',
    save: 'Save status',
    saved: 'Saved.',
    back: 'To the participation overview',
  },
});
type Key = keyof (typeof m)['de'];

function Item({ f, onSaved }: { f: FeedbackItem; onSaved(): Promise<void> }) {
  const t = useT(m);
  const tf = useT(fm);
  const { lang } = useLang();
  const announce = useAnnounce();
  const [status, setStatus] = useState<string>(f.status);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    try {
      await callAs(api.PATCH('/api/participation/feedback/{feedbackId}', { params: { path: { feedbackId: f.id } }, body: { status: status as 'done' } }));
      announce(t('saved'));
      await onSaved();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <li className="card" data-testid="feedback-item">
      <h2>
        {tf(`s_${f.subject}` as 's_decision')} · {t('rating', { n: f.rating })}
      </h2>
      <p className="muted">
        {formatDateTime(f.createdAt, lang)} · {t('system', { id: f.entryId ?? '—' })} · {t('channel', { channel: f.channel })}
      </p>
      {f.text && (
        <p lang="de" data-testid="feedback-text">
          {f.text}
        </p>
      )}
      {f.removed.length > 0 && <p className="muted">{t('removed', { what: f.removed.join(', ') })}</p>}
      {error && (
        <Alert type="error">
          <span lang="de">{error}</span>
        </Alert>
      )}
      <SelectField id={`rm-status-${f.id}`} label={t('status')} value={status} onChange={setStatus} options={(['new', 'in_progress', 'done'] as const).map((s) => ({ value: s, label: t(`st_${s}` as Key) }))} />
      <Button label={t('save')} onClick={() => void save()} data-testid={`feedback-save-${f.id}`} />
    </li>
  );
}

export default function FeedbackInboxPage() {
  const t = useT(m);
  usePageTitle(t('title'));
  return <StaffOnly roles={STAFF_ROLES} title={t('title')}>{() => <Inbox />}</StaffOnly>;
}

function Inbox() {
  const t = useT(m);
  const [items, setItems] = useState<FeedbackItem[] | null>(null);
  const load = useCallback(async () => {
    setItems((await callAs<{ items: FeedbackItem[] }>(api.GET('/api/participation/feedback/inbox'))).items);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <>
      <PageHeading>{t('title')}</PageHeading>
      <p className="lead">{t('intro')}</p>
      {items && items.length === 0 && <p>{t('none')}</p>}
      {items && items.length > 0 && (
        <ul className="cards" data-testid="feedback-inbox">
          {items.map((f) => (
            <Item key={f.id} f={f} onSaved={load} />
          ))}
        </ul>
      )}
      <p>
        <Link to="/arbeitsplatz/beteiligung">{t('back')}</Link>
      </p>
    </>
  );
}
