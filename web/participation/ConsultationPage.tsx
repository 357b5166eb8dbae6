import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { PageProps } from '../app/page.ts';
import { PageHeading, useAnnounce, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import { formatDate } from '../shared/format.ts';
import { Checkbox, ErrorSummary, SelectField, TextArea } from '../shared/form.tsx';
import { messages, useLang, useT } from '../shared/i18n.tsx';
import { Alert, Badge, Button } from '../shared/kolibri.tsx';
import { Link } from '../shared/router.tsx';
import { Lines, Markdown } from './Markdown.tsx';
import type { CodeOfConduct, PublicComment, PublicConsultation } from './views.ts';

const m = messages({
  de: {
    loading: 'Beteiligung',
    about: 'Worum es geht',
    easy: 'In Leichter Sprache',
    questions: 'Unsere Fragen an Sie',
    documents: 'Unterlagen',
    phase: 'Beitragsphase',
    phaseText: 'Beiträge sind möglich vom {opens} bis zum {closes} (einschließlich).',
    status: 'Stand',
    comments: 'Beiträge ({n})',
    noComments: 'Noch keine Beiträge. Schreiben Sie den ersten!',
    commentNo: 'Beitrag Nr. {n}',
    about2: 'zu: {section}',
    disposition: 'Auswertung: {label}',
    report: 'Beitrag Nr. {n} melden',
    reportRule: 'Gegen welche Regel verstößt Beitrag Nr. {n}?',
    reportNote: 'Anmerkung',
    reportSend: 'Meldung senden',
    reportCancel: 'Abbrechen',
    write: 'Ihr Beitrag',
    writeIntro: 'Ohne Anmeldung. Ihr Beitrag wird sofort veröffentlicht – ohne Ihren Namen. Bitte schreiben Sie keine persönlichen Daten (Namen, Anschriften, Telefonnummern); solche Beiträge nehmen wir nicht an.',
    body: 'Ihr Beitrag',
    bodyHint: 'Was ist Ihnen wichtig? Was sollte das System tun, was nie?',
    bodyMissing: 'Bitte schreiben Sie Ihren Beitrag.',
    section: 'Zu welcher Frage?',
    sectionNone: 'Allgemein',
    conduct: 'Verhaltenskodex',
    accept: 'Ich habe den Verhaltenskodex gelesen und halte mich daran.',
    acceptMissing: 'Bitte bestätigen Sie den Verhaltenskodex.',
    send: 'Beitrag veröffentlichen',
    errors: 'Bitte prüfen Sie Ihre Angaben',
    closed: 'Die Frist für Beiträge ist abgelaufen. Danke an alle, die mitgemacht haben.',
    response: 'Antwort der Stadt: So haben wir Ihre Beiträge verwendet',
    responseBy: 'Veröffentlicht am {date} von: {by}',
    changes: 'Was sich dadurch ändert',
    notFound: 'Diese Beteiligung gibt es nicht',
    back: 'Alle Beteiligungen',
    transparency: 'Zur Transparenzseite',
  },
  en: {
    loading: 'Consultation',
    about: 'What it is about',
    easy: 'In Easy German (Leichte Sprache)',
    questions: 'Our questions to you',
    documents: 'Documents',
    phase: 'Comment phase',
    phaseText: 'Comments are possible from {opens} to {closes} (inclusive).',
    status: 'Status',
    comments: 'Comments ({n})',
    noComments: 'No comments yet. Write the first one!',
    commentNo: 'Comment no. {n}',
    about2: 'on: {section}',
    disposition: 'Evaluation: {label}',
    report: 'Report comment no. {n}',
    reportRule: 'Which rule does comment no. {n} break?',
    reportNote: 'Note',
    reportSend: 'Send report',
    reportCancel: 'Cancel',
    write: 'Your comment',
    writeIntro: 'No sign-in. Your comment is published at once – without your name. Please do not write personal data (names, addresses, phone numbers); we do not accept such comments.',
    body: 'Your comment',
    bodyHint: 'What matters to you? What should the system do, what never?',
    bodyMissing: 'Please write your comment.',
    section: 'On which question?',
    sectionNone: 'General',
    conduct: 'Code of conduct',
    accept: 'I have read the code of conduct and keep to it.',
    acceptMissing: 'Please confirm the code of conduct.',
    send: 'Publish comment',
    errors: 'Please check your entries',
    closed: 'The deadline for comments has passed. Thank you to everyone who took part.',
    response: 'The city’s response: how we used your comments',
    responseBy: 'Published on {date} by: {by}',
    changes: 'What changes because of it',
    notFound: 'This consultation does not exist',
    back: 'All consultations',
    transparency: 'To the transparency page',
  },
});

function ReportForm({ c, rules, onDone }: { c: PublicComment; rules: CodeOfConduct['rules']; onDone(msg: string | null): void }) {
  const t = useT(m);
  const [rule, setRule] = useState(rules[0]?.id ?? '');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await callAs<{ message: string }>(api.POST('/api/participation/comments/{commentId}/reports', { params: { path: { commentId: c.id } }, body: { rule: rule as 'respekt', ...(note.trim() ? { note: note.trim() } : {}) } }));
      onDone(r.message);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <form onSubmit={(e) => void send(e)} noValidate className="inline-form" data-testid={`report-form-${c.number}`}>
      <SelectField id={`melden-regel-${c.number}`} label={t('reportRule', { n: c.number })} value={rule} onChange={setRule} options={rules.map((r) => ({ value: r.id, label: r.title, lang: 'de' }))} required />
      <TextArea id={`melden-notiz-${c.number}`} label={t('reportNote')} optionalText="" value={note} onChange={setNote} rows={2} maxLength={1000} error={error} errorLang="de" />
      <Button label={t('reportSend')} type="submit" variant="primary" data-testid={`report-send-${c.number}`} />{' '}
      <Button label={t('reportCancel')} onClick={() => onDone(null)} />
    </form>
  );
}

/** A public consultation: description, documents, comment phase, comments, comment form with the code of conduct, abuse reports, the published response. */
export default function ConsultationPage({ params }: PageProps) {
  const t = useT(m);
  const { lang } = useLang();
  const announce = useAnnounce();
  const [c, setC] = useState<PublicConsultation | null>(null);
  const [conduct, setConduct] = useState<CodeOfConduct | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [body, setBody] = useState('');
  const [section, setSection] = useState('');
  const [accept, setAccept] = useState(false);
  const [shown, setShown] = useState(false);
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // Fixed when sending, so that the summary does not take the focus while someone corrects a field.
  const [errors, setErrors] = useState<{ fieldId: string; message: string }[]>([]);
  const [reporting, setReporting] = useState<string | null>(null);
  const [reported, setReported] = useState<string | null>(null);
  usePageTitle(c?.title ?? t('loading'));
  const id = params.id!;

  const load = useCallback(async () => {
    try {
      setC(await callAs<PublicConsultation>(api.GET('/api/participation/consultations/{consultationId}', { params: { path: { consultationId: id } } })));
    } catch (e) {
      setLoadError(e instanceof ApiError ? e.message : String(e));
    }
  }, [id]);
  useEffect(() => {
    void load();
    callAs<CodeOfConduct>(api.GET('/api/participation/code-of-conduct'))
      .then(setConduct)
      .catch(() => undefined);
  }, [load]);

  if (loadError)
    return (
      <>
        <PageHeading>{t('notFound')}</PageHeading>
        <p lang="de">{loadError}</p>
        <p>
          <Link to="/beteiligung">{t('back')}</Link>
        </p>
      </>
    );
  if (!c) return <p role="status">{t('loading')} …</p>;

  const bodyError = body.trim() ? null : t('bodyMissing');
  const acceptError = accept ? null : t('acceptMissing');
  const fieldErr = (path: string) => serverError?.problems.find((p) => p.path === path)?.message ?? null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    setServerError(null);
    const local = [...(bodyError ? [{ fieldId: 'beitrag-text', message: bodyError }] : []), ...(acceptError ? [{ fieldId: 'beitrag-kodex', message: acceptError }] : [])];
    setErrors(local);
    if (local.length) return;
    try {
      const r = await callAs<{ message: string }>(
        api.POST('/api/participation/consultations/{consultationId}/comments', { params: { path: { consultationId: id } }, body: { body: body.trim(), acceptConduct: accept, ...(section ? { section } : {}) } }),
      );
      setDone(r.message);
      announce(r.message);
      setBody('');
      setAccept(false);
      setShown(false);
      await load();
    } catch (err) {
      const x = err instanceof ApiError ? err : new ApiError(0, 'error', String(err));
      setServerError(x);
      setErrors([{ fieldId: x.problems.some((p) => p.path === '$.acceptConduct') ? 'beitrag-kodex' : 'beitrag-text', message: x.message }]);
    }
  };

  return (
    <>
      <PageHeading lang="de">{c.title}</PageHeading>
      <p>
        <Badge label={c.status.label} tone={c.acceptsComments ? 'success' : 'neutral'} />{' '}
        <span lang="de" data-testid="consultation-status">
          {c.status.label}
        </span>{' '}
        · <span lang="de">{c.entryName}</span> · <span lang="de">{c.occasion.label}</span>
      </p>
      {c.response && (
        <section aria-labelledby="antwort-h" className="card" data-testid="consultation-response">
          <h2 id="antwort-h">{t('response')}</h2>
          <p lang="de">
            <Lines text={c.response.summary} />
          </p>
          {c.response.changes.length > 0 && (
            <>
              <h3>{t('changes')}</h3>
              <ul lang="de">
                {c.response.changes.map((x) => (
                  <li key={x}>{x}</li>
                ))}
              </ul>
            </>
          )}
          <p className="muted">
            {t('responseBy', { date: formatDate(c.response.publishedOn, lang), by: '' })}
            <span lang="de">{c.response.publishedBy}</span>
          </p>
        </section>
      )}
      <h2>{t('about')}</h2>
      <p lang="de" data-testid="consultation-description">
        <Lines text={c.plainLanguage} />
      </p>
      {c.easyLanguage && (
        <details>
          <summary>{t('easy')}</summary>
          <p lang="de">
            <Lines text={c.easyLanguage} />
          </p>
        </details>
      )}
      {c.questions.length > 0 && (
        <>
          <h2>{t('questions')}</h2>
          <ul lang="de">
            {c.questions.map((q) => (
              <li key={q}>{q}</li>
            ))}
          </ul>
        </>
      )}
      {c.documents.length > 0 && (
        <>
          <h2>{t('documents')}</h2>
          <ul lang="de">
            {c.documents.map((d) => (
              <li key={d.url + d.title}>{d.url.startsWith('/') && !d.url.startsWith('/api/') ? <Link to={d.url}>{d.title}</Link> : <a href={d.url}>{d.title}</a>}</li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('phase')}</h2>
      <p data-testid="consultation-deadline">{t('phaseText', { opens: formatDate(c.opensOn, lang), closes: formatDate(c.closesOn, lang) })}</p>

      <h2 id="beitraege-h">{t('comments', { n: c.counts.comments })}</h2>
      {reported && (
        <Alert type="info" title={t('reportSend')} live>
          <span lang="de">{reported}</span>
        </Alert>
      )}
      {c.comments.length === 0 ? (
        <p>{t('noComments')}</p>
      ) : (
        <ol className="comments" aria-labelledby="beitraege-h" data-testid="comments">
          {c.comments.map((x) => (
            <li key={x.id} className="card" data-testid={`comment-${x.number}`}>
              <h3>{t('commentNo', { n: x.number })}</h3>
              {x.visible ? (
                <>
                  <p className="muted">
                    <span lang="de">{x.author}</span> · {formatDate(x.createdOn, lang)}
                    {x.section && (
                      <>
                        {' '}
                        · <span lang="de">{t('about2', { section: x.section })}</span>
                      </>
                    )}
                  </p>
                  <p lang="de">
                    <Lines text={x.body ?? ''} />
                  </p>
                  {x.disposition && (
                    <p data-testid={`disposition-${x.number}`}>
                      <strong>{t('disposition', { label: '' })}</strong>
                      <span lang="de">
                        {x.disposition.label} – {x.disposition.explanation}
                      </span>
                    </p>
                  )}
                  {reporting === x.id && conduct ? (
                    <ReportForm
                      c={x}
                      rules={conduct.rules}
                      onDone={(msg) => {
                        setReporting(null);
                        if (msg) {
                          setReported(msg);
                          announce(msg);
                        }
                      }}
                    />
                  ) : (
                    <button type="button" className="btn" data-testid={`report-${x.number}`} onClick={() => setReporting(x.id)}>
                      {t('report', { n: x.number })}
                    </button>
                  )}
                </>
              ) : (
                <p lang="de" className="muted">
                  {x.note}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}

      {c.acceptsComments ? (
        <section aria-labelledby="schreiben-h">
          <h2 id="schreiben-h">{t('write')}</h2>
          <p>{t('writeIntro')}</p>
          {done && (
            <Alert type="success" title={t('write')} live data-testid="comment-done">
              <span lang="de">{done}</span>
            </Alert>
          )}
          <form onSubmit={(e) => void submit(e)} noValidate>
            <ErrorSummary title={t('errors')} errors={errors} />
            {c.questions.length > 0 && (
              <SelectField id="beitrag-frage" label={t('section')} value={section} onChange={setSection} options={[{ value: '', label: t('sectionNone') }, ...c.questions.map((q) => ({ value: q, label: q, lang: 'de' }))]} />
            )}
            <TextArea
              id="beitrag-text"
              label={t('body')}
              hint={t('bodyHint')}
              required
              value={body}
              onChange={setBody}
              maxLength={5000}
              error={shown ? (bodyError ?? (serverError && !fieldErr('$.acceptConduct') ? serverError.message : null)) : null}
              errorLang={bodyError ? undefined : 'de'}
            />
            {conduct && (
              <details data-testid="code-of-conduct">
                <summary>
                  {t('conduct')} ({conduct.version})
                </summary>
                <div lang="de">
                  <Markdown text={conduct.markdown} topLevel={3} skipTitle />
                </div>
              </details>
            )}
            <Checkbox id="beitrag-kodex" label={t('accept')} checked={accept} onChange={setAccept} error={shown ? acceptError : null} />
            <Button label={t('send')} type="submit" variant="primary" data-testid="comment-submit" />
          </form>
        </section>
      ) : (
        <p data-testid="comments-closed">{t('closed')}</p>
      )}
      <p>
        <Link to="/beteiligung">{t('back')}</Link> · <Link to="/transparenz">{t('transparency')}</Link>
      </p>
    </>
  );
}
