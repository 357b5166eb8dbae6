import { useEffect, useState, type FormEvent } from 'react';
import { SummaryFields } from '../../citizen/packform/Summary.tsx';
import type { Data } from '../../citizen/packform/model.ts';
import { api, call, callAs } from '../../shared/api.ts';
import type { DocumentView, FormInput, MissingItem, PersonalData, StaffCase } from '../../shared/api-views.ts';
import { formatDate, formatDateTime, parseGermanDate } from '../../shared/format.ts';
import { TextField } from '../../shared/form.tsx';
import { useLang, useT } from '../../shared/i18n.tsx';
import { Alert, Button } from '../../shared/kolibri.tsx';
import { wb } from '../messages.ts';
import { usePurposeRead } from './purpose-read.ts';
import { fieldError, type useCaseAction } from './actions.ts';

type Action = ReturnType<typeof useCaseAction>;

export function DocumentsSection({ c, docs, missing, action }: { c: StaffCase; docs: DocumentView[]; missing: MissingItem[]; action: Action }) {
  const t = useT(wb);
  const { lang } = useLang();
  const [deadline, setDeadline] = useState('');
  // the names of the pack's documents, for what was uploaded (the stored reference is the checklist id)
  const [checklist, setChecklist] = useState<readonly { id: string; label: string }[]>([]);
  useEffect(() => {
    void call(api.GET('/api/public/packs/{packId}', { params: { path: { packId: c.packId } } }))
      .then((p) => setChecklist(p.checklist))
      .catch(() => setChecklist([]));
  }, [c.packId]);
  const documentLabel = (id: string | null) => (id === null ? t('documentOther') : (checklist.find((x) => x.id === id)?.label ?? missing.find((m) => m.id === id)?.label ?? id));
  const [shown, setShown] = useState(false);
  const iso = deadline.trim() ? parseGermanDate(deadline.trim()) : null;
  const deadlineErr = deadline.trim() && (!iso || iso <= new Date().toISOString().slice(0, 10)) ? t('deadlineInvalid') : null;
  const request = async (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (deadlineErr) return;
    await action.run('request-documents', iso ? { deadline: iso } : {});
  };
  const can = (a: string) => c.actions.includes(a);
  return (
    <>
      <h3>{t('documentsTitle')}</h3>
      {docs.length === 0 ? (
        <p>{t('noDocuments')}</p>
      ) : (
        <ul data-testid="staff-documents">
          {docs.map((d) => (
            <li key={d.id}>
              <a href={`/api/cases/${c.id}/documents/${d.id}`} download>
                {d.filename}
              </a>{' '}
              (<span lang="de">{documentLabel(d.checklistId)}</span>, {Math.ceil(d.size / 1024)} KB, {d.uploadedBy === 'citizen' ? t('byCitizen') : t('byStaff')}, {formatDateTime(d.createdAt, lang)})
            </li>
          ))}
        </ul>
      )}
      <h3>{t('missingTitle')}</h3>
      {missing.length === 0 ? (
        <p>{t('missingNone')}</p>
      ) : (
        <ul data-testid="staff-missing" lang="de">
          {missing.map((m) => (
            <li key={m.kind + m.id}>
              <span lang={lang}>{m.kind === 'document' ? t('document') : t('input')}</span>: {m.label} {m.norm ? `(${m.norm})` : ''}
            </li>
          ))}
        </ul>
      )}
      {c.documentsDue && <p>{t('dueUntil', { date: formatDate(c.documentsDue, lang) })}</p>}
      {can('request_documents') && missing.length > 0 && (
        <form onSubmit={(e) => void request(e)} noValidate className="panel" aria-labelledby="request-title">
          <h3 id="request-title">{t('requestTitle')}</h3>
          <p>{t('requestIntro')}</p>
          <TextField id="nachforderung-frist" label={t('deadlineLabel')} hint={t('deadlineHint')} value={deadline} onChange={setDeadline} width="short" error={shown ? (deadlineErr ?? fieldError(action.error, '$.deadline')) : null} />
          <Button label={t('request')} type="submit" variant="primary" disabled={action.busy} data-testid="request-documents" />
        </form>
      )}
      <div className="actions">
        {can('remind') && <Button label={t('remind')} onClick={() => void action.run('remind', {})} disabled={action.busy} />}
        {can('complete') && <Button label={t('complete')} onClick={() => void action.run('complete', {})} disabled={action.busy} />}
        {can('check') && <CheckButton c={c} missing={missing} action={action} />}
      </div>
    </>
  );
}

/**
 * The way on from „eingegangen“, „Unterlagen vollständig“ and „geprüft“: the rules check the case
 * again and, when it is decided and nothing is missing, the Bescheid draft is made. Named for
 * that next step, so a complete case does not look finished or stuck.
 */
function CheckButton({ c, missing, action }: { c: StaffCase; missing: MissingItem[]; action: Action }) {
  const t = useT(wb);
  const draftNext = missing.length === 0 && (c.state !== 'checked' || c.decision?.outcome === 'decided');
  const label = draftNext ? t('checkAndDraft') : c.state === 'checked' ? t('check') : t('checkFirst');
  const done = draftNext ? t('checkAndDraftDone') : t('checkDone');
  return <Button label={label} variant={draftNext ? 'primary' : 'normal'} onClick={() => void action.run('check', {}, done)} disabled={action.busy} data-testid="recheck" />;
}

/** How the applicant's fields are named on the page (the stored keys are technical). */
const APPLICANT_FIELDS: Readonly<Record<string, string>> = { name: 'Name', anschrift: 'Anschrift', email: 'E-Mail', telefon: 'Telefon' };

/** Personal data only on request, with a stated purpose: the server logs who read what, when and why. */
export function PersonalSection({ c }: { c: StaffCase }) {
  const t = useT(wb);
  const { purpose, setPurpose, shown, purposeErr, data: read, error, load } = usePurposeRead(async (p) => {
    const personal = await callAs<PersonalData>(api.GET('/api/cases/{id}/personal', { params: { path: { id: c.id }, query: { purpose: p } } }));
    // the questions of the pack name the entries; without them the entries stay as stored
    const pack = await call(api.GET('/api/public/packs/{packId}', { params: { path: { packId: c.packId } } })).catch(() => null);
    return { personal, inputs: pack ? (pack.inputs as unknown as FormInput[]) : null };
  });
  const data = read?.personal;
  const inputs = read?.inputs ?? null;
  return (
    <>
      <p>{t('personalIntro')}</p>
      {!data && (
        <form onSubmit={(e) => void load(e)} noValidate>
          <TextField id="personal-purpose" label={t('purpose')} hint={t('purposeHint')} required value={purpose} onChange={setPurpose} error={shown ? purposeErr : null} errorLang={undefined} />
          <Button label={t('showPersonal')} type="submit" data-testid="show-personal" />
        </form>
      )}
      {error && (
        <Alert type="error" title={t('personalTitle')}>
          {error}
        </Alert>
      )}
      {data && (
        <div data-testid="personal-data">
          <h3>{t('applicant')}</h3>
          <dl className="facts">
            {Object.entries(data.applicant).map(([k, v]) => (
              <div key={k}>
                <dt lang="de">{APPLICANT_FIELDS[k] ?? k}</dt>
                <dd>{String(v)}</dd>
              </div>
            ))}
          </dl>
          <h3 id="application-data-h">{t('application')}</h3>
          {inputs && <SummaryFields inputs={inputs} base="$" data={data.application as Data} />}
          <details>
            <summary>{t('applicationRaw')}</summary>
            {/* A scrolling box: focusable, so it can be scrolled with the keyboard too. */}
            <pre className="letter code" tabIndex={0} role="region" aria-labelledby="application-data-h">
              {JSON.stringify(data.application, null, 2)}
            </pre>
          </details>
        </div>
      )}
    </>
  );
}
