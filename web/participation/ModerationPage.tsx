import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { PageProps } from '../app/page.ts';
import { PageHeading, useAnnounce, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import { formatDate, formatDateTime } from '../shared/format.ts';
import { ErrorSummary, SelectField, TextArea } from '../shared/form.tsx';
import { messages, useLang, useT } from '../shared/i18n.tsx';
import { Alert, Badge, Button } from '../shared/kolibri.tsx';
import { Link } from '../shared/router.tsx';
import { StaffOnly } from '../workbench/guard.tsx';
import { Lines } from './Markdown.tsx';
import { STAFF_ROLES } from './StaffDeskPage.tsx';
import type { CodeOfConduct, StaffComment, StaffConsultation } from './views.ts';

const m = messages({
  de: {
    title: 'Beteiligung moderieren und beantworten',
    back: 'Zur Übersicht Beteiligung',
    public: 'Öffentliche Seite ansehen',
    status: 'Stand: {status} · Beiträge vom {opens} bis {closes}',
    readOnly: 'Moderieren und beantworten dürfen die Verantwortlichen des Systems und die Administration. Sie können die Beiträge lesen.',
    queue: 'Gemeldete und ausgeblendete Beiträge',
    queueEmpty: 'Nichts zu moderieren.',
    reports: '{n} Meldung(en): {rules}',
    comments: 'Beiträge',
    commentNo: 'Beitrag Nr. {n}',
    st_visible: 'sichtbar',
    st_under_review: 'gemeldet, vorläufig ausgeblendet',
    st_hidden: 'ausgeblendet',
    action: 'Moderation',
    hide: 'ausblenden',
    restore: 'wieder zeigen',
    rule: 'Verletzte Regel',
    reason: 'Begründung (wird protokolliert)',
    moderate: 'Moderation speichern',
    dispose: 'Auswertung',
    kind: 'Ergebnis',
    k_accepted: 'übernommen',
    k_partly: 'teilweise übernommen',
    'k_not-accepted': 'nicht übernommen',
    k_noted: 'zur Kenntnis genommen',
    explanation: 'Erläuterung (wird veröffentlicht)',
    disposeSave: 'Auswertung speichern',
    disposed: 'Ausgewertet: {kind} – {explanation}',
    open: 'Beteiligung eröffnen',
    openText: 'Der Entwurf wird öffentlich; Beiträge sind ab dem Beginn möglich. Das wird im KI-Register festgehalten. Der Registereintrag muss veröffentlicht sein.',
    close: 'Beteiligung abschließen',
    closeText: 'Nach Ablauf der Frist: keine neuen Beiträge mehr. Das wird im KI-Register festgehalten.',
    respond: 'Antwort veröffentlichen',
    respondText: 'Wie wurden die Beiträge verwendet? Jeder sichtbare Beitrag braucht zuvor seine Auswertung. Damit ist die Beteiligung im KI-Register abgeschlossen.',
    summary: 'Zusammenfassung',
    changes: 'Was sich ändert (eine Änderung je Zeile)',
    publish: 'Antwort veröffentlichen',
    published: 'Antwort veröffentlicht am {date}.',
    log: 'Moderationsprotokoll',
    saved: 'Gespeichert.',
    errors: 'Bitte prüfen Sie Ihre Angaben',
    required: 'Pflichtfeld',
  },
  en: {
    title: 'Moderate and answer a consultation',
    back: 'To the participation overview',
    public: 'View the public page',
    status: 'Status: {status} · comments from {opens} to {closes}',
    readOnly: 'The people responsible for the system and the administration moderate and answer. You can read the comments.',
    queue: 'Reported and hidden comments',
    queueEmpty: 'Nothing to moderate.',
    reports: '{n} report(s): {rules}',
    comments: 'Comments',
    commentNo: 'Comment no. {n}',
    st_visible: 'visible',
    st_under_review: 'reported, hidden for now',
    st_hidden: 'hidden',
    action: 'Moderation',
    hide: 'hide',
    restore: 'show again',
    rule: 'Rule broken',
    reason: 'Reason (logged)',
    moderate: 'Save moderation',
    dispose: 'Evaluation',
    kind: 'Result',
    k_accepted: 'accepted',
    k_partly: 'partly accepted',
    'k_not-accepted': 'not accepted',
    k_noted: 'noted',
    explanation: 'Explanation (published)',
    disposeSave: 'Save evaluation',
    disposed: 'Evaluated: {kind} – {explanation}',
    open: 'Open the consultation',
    openText: 'The draft becomes public; comments are possible from the start date. This is recorded in the AI register. The register entry must be published.',
    close: 'Close the consultation',
    closeText: 'After the deadline: no new comments. This is recorded in the AI register.',
    respond: 'Publish the response',
    respondText: 'How were the comments used? Every visible comment needs its evaluation first. This completes the consultation in the AI register.',
    summary: 'Summary',
    changes: 'What changes (one change per line)',
    publish: 'Publish response',
    published: 'Response published on {date}.',
    log: 'Moderation log',
    saved: 'Saved.',
    errors: 'Please check your entries',
    required: 'Required',
  },
});
type Key = keyof (typeof m)['de'];
const KINDS = ['accepted', 'partly', 'not-accepted', 'noted'] as const;

function errorOf(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, 'error', String(e));
}

function CommentTools({ c, rules, onChanged }: { c: StaffComment; rules: CodeOfConduct['rules']; onChanged(): Promise<void> }) {
  const t = useT(m);
  const announce = useAnnounce();
  const [action, setAction] = useState<'hide' | 'restore'>(c.status === 'visible' || c.status === 'under_review' ? 'hide' : 'restore');
  const [chosenRule, setRule] = useState('');
  // The rules arrive after the comments: until one is chosen, the first applies (as the list shows).
  const rule = chosenRule || rules[0]?.id || '';
  const [reason, setReason] = useState('');
  const [kind, setKind] = useState<string>(c.disposition?.kind ?? 'accepted');
  const [explanation, setExplanation] = useState(c.disposition?.explanation ?? '');
  const [modErr, setModErr] = useState<ApiError | null>(null);
  const [dispErr, setDispErr] = useState<ApiError | null>(null);
  const n = c.number;
  const moderate = async (e: FormEvent) => {
    e.preventDefault();
    setModErr(null);
    try {
      await callAs(api.POST('/api/participation/staff/comments/{commentId}/moderation', { params: { path: { commentId: c.id } }, body: { action, reason: reason.trim(), ...(action === 'hide' ? { rule: rule as 'respekt' } : {}) } }));
      announce(t('saved'));
      await onChanged();
    } catch (err) {
      setModErr(errorOf(err));
    }
  };
  const dispose = async (e: FormEvent) => {
    e.preventDefault();
    setDispErr(null);
    try {
      await callAs(api.PUT('/api/participation/staff/comments/{commentId}/disposition', { params: { path: { commentId: c.id } }, body: { kind: kind as 'accepted', explanation: explanation.trim() } }));
      announce(t('saved'));
      await onChanged();
    } catch (err) {
      setDispErr(errorOf(err));
    }
  };
  const prob = (e: ApiError | null, p: string) => (e ? (e.problems.find((x) => x.path === p)?.message ?? (e.problems.length ? null : e.message)) : null);
  return (
    <div className="comment-tools">
      <form onSubmit={(e) => void moderate(e)} noValidate aria-label={`${t('action')} ${t('commentNo', { n })}`}>
        <SelectField id={`mod-aktion-${n}`} label={t('action')} value={action} onChange={(v) => setAction(v as 'hide')} options={[{ value: 'hide', label: t('hide') }, { value: 'restore', label: t('restore') }]} />
        {action === 'hide' && <SelectField id={`mod-regel-${n}`} label={t('rule')} value={rule} onChange={setRule} options={rules.map((r) => ({ value: r.id, label: r.title, lang: 'de' }))} error={prob(modErr, '$.rule')} errorLang="de" />}
        <TextArea id={`mod-grund-${n}`} label={t('reason')} required value={reason} onChange={setReason} rows={2} error={prob(modErr, '$.reason')} errorLang="de" />
        <Button label={t('moderate')} type="submit" data-testid={`moderate-${n}`} />
      </form>
      {c.status === 'visible' && (
        <form onSubmit={(e) => void dispose(e)} noValidate aria-label={`${t('dispose')} ${t('commentNo', { n })}`}>
          <SelectField id={`auswertung-art-${n}`} label={t('kind')} value={kind} onChange={setKind} options={KINDS.map((k) => ({ value: k, label: t(`k_${k}` as Key) }))} />
          <TextArea id={`auswertung-text-${n}`} label={t('explanation')} required value={explanation} onChange={setExplanation} rows={2} error={prob(dispErr, '$.explanation')} errorLang="de" />
          <Button label={t('disposeSave')} type="submit" data-testid={`dispose-${n}`} />
        </form>
      )}
    </div>
  );
}

export default function ModerationPage({ params }: PageProps) {
  const t = useT(m);
  usePageTitle(t('title'));
  return <StaffOnly roles={STAFF_ROLES} title={t('title')}>{() => <Moderation id={params.id!} />}</StaffOnly>;
}

function Moderation({ id }: { id: string }) {
  const t = useT(m);
  const { lang } = useLang();
  const announce = useAnnounce();
  const [v, setV] = useState<StaffConsultation | null>(null);
  const [rules, setRules] = useState<CodeOfConduct['rules']>([]);
  const [error, setError] = useState<string | null>(null);
  const [summary, setSummary] = useState('');
  const [changes, setChanges] = useState('');
  const [respErr, setRespErr] = useState<ApiError | null>(null);
  const [closeErr, setCloseErr] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setV(await callAs<StaffConsultation>(api.GET('/api/participation/staff/consultations/{consultationId}', { params: { path: { consultationId: id } } })));
    } catch (e) {
      setError(errorOf(e).message);
    }
  }, [id]);
  useEffect(() => {
    void load();
    callAs<CodeOfConduct>(api.GET('/api/participation/code-of-conduct'))
      .then((c) => setRules(c.rules))
      .catch(() => undefined);
  }, [load]);

  if (error)
    return (
      <>
        <PageHeading>{t('title')}</PageHeading>
        <p lang="de">{error}</p>
      </>
    );
  if (!v) return <p role="status">{t('title')} …</p>;
  const c = v.consultation;

  const step = async (which: 'open' | 'close') => {
    setCloseErr(null);
    try {
      await callAs(api.POST(`/api/participation/staff/consultations/{consultationId}/${which}`, { params: { path: { consultationId: id } }, body: { version: c.version } }));
      announce(t('saved'));
      await load();
    } catch (e) {
      setCloseErr(errorOf(e).message);
    }
  };
  const respond = async (e: FormEvent) => {
    e.preventDefault();
    setRespErr(null);
    try {
      const list = changes
        .split('\n')
        .map((x) => x.trim())
        .filter(Boolean);
      await callAs(api.POST('/api/participation/staff/consultations/{consultationId}/response', { params: { path: { consultationId: id } }, body: { version: c.version, summary: summary.trim(), ...(list.length ? { changes: list } : {}) } }));
      announce(t('saved'));
      await load();
    } catch (err) {
      setRespErr(errorOf(err));
    }
  };
  const respProblem = (p: string) => respErr?.problems.find((x) => x.path === p)?.message ?? null;
  const respSummaryErrors = respErr ? (respErr.problems.length ? respErr.problems.map((p) => ({ fieldId: p.path === '$.changes' ? 'antwort-aenderungen' : 'antwort-text', message: p.message })) : [{ fieldId: 'antwort-text', message: respErr.message }]) : [];

  return (
    <>
      <PageHeading>{t('title')}</PageHeading>
      <p className="lead" lang="de">
        {c.title} · {v.entry.name}
      </p>
      <p data-testid="staff-consultation-status">
        {t('status', { status: v.statusLabel, opens: formatDate(c.opensOn, lang), closes: formatDate(c.closesOn, lang) })}
      </p>
      <p>
        <Link to="/arbeitsplatz/beteiligung">{t('back')}</Link> · <Link to={`/beteiligung/${c.id}`}>{t('public')}</Link>
      </p>
      {!v.mayModerate && <Alert type="info">{t('readOnly')}</Alert>}

      <h2>{t('queue')}</h2>
      {v.moderationQueue.length === 0 ? (
        <p>{t('queueEmpty')}</p>
      ) : (
        <ul data-testid="moderation-queue">
          {v.moderationQueue.map((q) => (
            <li key={q.commentId}>
              {t('commentNo', { n: q.number })}: {t(`st_${q.status}` as Key)} – {t('reports', { n: q.reports.length, rules: q.reports.map((r) => r.rule).join(', ') })}
            </li>
          ))}
        </ul>
      )}

      <h2 id="staff-beitraege-h">{t('comments')}</h2>
      <ol className="comments" aria-labelledby="staff-beitraege-h">
        {v.comments.map((x) => (
          <li key={x.id} className="card" data-testid={`staff-comment-${x.number}`}>
            <h3>
              {t('commentNo', { n: x.number })} <Badge label={t(`st_${x.status}` as Key)} tone={x.status === 'visible' ? 'success' : 'warning'} />
            </h3>
            <p className="muted">
              <span lang="de">{x.authorLabel}</span> · {formatDateTime(x.createdAt, lang)}
              {x.section && (
                <>
                  {' '}
                  · <span lang="de">{x.section}</span>
                </>
              )}
            </p>
            <p lang="de">
              <Lines text={x.body} />
            </p>
            {x.disposition && (
              <p data-testid={`staff-disposition-${x.number}`}>
                {t('disposed', { kind: t(`k_${x.disposition.kind}` as Key), explanation: '' })}
                <span lang="de">{x.disposition.explanation}</span>
              </p>
            )}
            {v.mayModerate && c.status !== 'responded' && <CommentTools c={x} rules={rules} onChanged={load} />}
          </li>
        ))}
      </ol>

      {v.mayModerate && (c.status === 'open' || c.status === 'draft') && (
        <section aria-labelledby="schritt-h">
          <h2 id="schritt-h">{c.status === 'draft' ? t('open') : t('close')}</h2>
          <p>{c.status === 'draft' ? t('openText') : t('closeText')}</p>
          {closeErr && (
            <Alert type="error" title={c.status === 'draft' ? t('open') : t('close')} live>
              <span lang="de">{closeErr}</span>
            </Alert>
          )}
          {c.status === 'draft' ? (
            <Button label={t('open')} onClick={() => void step('open')} data-testid="consultation-open" />
          ) : (
            <Button label={t('close')} onClick={() => void step('close')} data-testid="consultation-close" />
          )}
        </section>
      )}
      {v.mayModerate && c.status === 'closed' && (
        <section aria-labelledby="antworten-h">
          <h2 id="antworten-h">{t('respond')}</h2>
          <p>{t('respondText')}</p>
          <form onSubmit={(e) => void respond(e)} noValidate>
            <ErrorSummary title={t('errors')} errors={respSummaryErrors} />
            <TextArea id="antwort-text" label={t('summary')} required value={summary} onChange={setSummary} rows={5} error={respProblem('$.summary') ?? respProblem('$.comments')} errorLang="de" />
            <TextArea id="antwort-aenderungen" label={t('changes')} optionalText="" value={changes} onChange={setChanges} rows={3} />
            <Button label={t('publish')} type="submit" variant="primary" data-testid="response-publish" />
          </form>
        </section>
      )}
      {c.response && <p data-testid="response-published">{t('published', { date: formatDate(c.response.publishedOn, lang) })}</p>}

      {v.moderationLog.length > 0 && (
        <>
          <h2>{t('log')}</h2>
          <ul data-testid="moderation-log">
            {v.moderationLog.map((l, i) => (
              <li key={i} lang="de">
                {formatDateTime(l.at, lang)} · {l.actorName} · {l.action}
                {l.rule ? ` (${l.rule})` : ''}: {l.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
