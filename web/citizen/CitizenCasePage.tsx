import { useCallback, useEffect, useLayoutEffect, useState, type FormEvent } from 'react';
import type { PageProps } from '../app/page.ts';
import { PageHeading, useAnnounce, useFocusAfterRender, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, call, callAs } from '../shared/api.ts';
import type { CitizenCase, DocumentView, Explanation, PersonalData, PublicPack } from '../shared/api-views.ts';
import { formatDate, formatDateTime } from '../shared/format.ts';
import { TextArea } from '../shared/form.tsx';
import { messages, useLang, useT } from '../shared/i18n.tsx';
import { Alert, Badge, Button } from '../shared/kolibri.tsx';
import { common, stateKey } from '../shared/messages.ts';
import { Link, Redirect } from '../shared/router.tsx';
import { useSession } from '../shared/session.tsx';
import { EvidenceUpload } from './EvidenceUpload.tsx';
import { ExplanationView } from './ExplanationView.tsx';
import { withAnswerLabels } from './packform/labels.ts';

const m = messages({
  de: {
    title: 'Antrag {az}',
    state: 'Stand',
    service: 'Leistung',
    dueTitle: 'Bitte reichen Sie Unterlagen nach',
    dueText: 'Damit wir über Ihren Antrag entscheiden können, fehlen noch Unterlagen. Bitte laden Sie sie bis zum {date} hoch.',
    dueDays: 'Noch {n} Tage.',
    dueToday: 'Die Frist endet heute.',
    duePassed: 'Die Frist ist abgelaufen. Bitte reichen Sie die Unterlagen trotzdem so bald wie möglich ein.',
    consequences: 'Wenn Unterlagen fehlen, kann der Antrag abgelehnt werden (§ 66 SGB I). Wenn Sie die Frist nicht einhalten können, melden Sie sich bitte bei uns.',
    missingInputs: 'Diese Angaben fehlen noch – bitte melden Sie sich dazu bei uns:',
    evidenceTitle: 'Nachweise hochladen',
    evidenceIntro: 'Diese Nachweise brauchen wir für Ihren Antrag. Erlaubt sind PDF, PNG und JPEG bis 10 MB.',
    complete: 'Ich habe alle Unterlagen eingereicht',
    completeHint: 'Danach prüfen wir Ihren Antrag weiter.',
    completed: 'Danke. Ihre Unterlagen sind vollständig gemeldet; Ihr Antrag wird weiter bearbeitet.',
    inProgress: 'Ihr Antrag wird bearbeitet. Sie müssen gerade nichts tun.',
    lettersTitle: 'Schreiben an Sie',
    letterFeedback: 'Rückmeldung zu diesem Schreiben geben',
    decisionTitle: 'Ihr Bescheid',
    issuedAt: 'Bescheid vom {date}',
    approvedBy: 'Geprüft und freigegeben von: {names}',
    humanTitle: 'Hier haben Menschen entschieden',
    humanPoint: '{by} hat entschieden: {option}',
    reason: 'Begründung',
    override: '{by} hat den Wert „{name}“ auf {value} festgesetzt.',
    fullWay: 'Vollständigen Rechenweg anzeigen',
    hideWay: 'Rechenweg ausblenden',
    pdf: 'Bescheid als PDF herunterladen',
    pdfNote: 'Das PDF ist barrierefrei (PDF/UA) und trägt den Prüfcode als QR-Code.',
    receiptTitle: 'Prüfcode: So prüfen Sie, dass Ihr Bescheid unverändert ist',
    receiptIntro: 'Jede Entscheidung wird in ein öffentliches, fälschungssicheres Protokoll eingetragen. Der Prüfcode beweist, dass Ihr Bescheid genau so im Protokoll steht.',
    receiptStep1: 'Der Prüfcode steht auch als QR-Code auf Ihrem Bescheid.',
    receiptStep2: 'Laden Sie die Quittung herunter und prüfen Sie sie mit dem öffentlichen Prüfschlüssel der Stadt – mit dem freien Programm Amtsklar: „npx amtsklar receipt verify quittung.json --key <Prüfschlüssel>“.',
    receiptStep3: 'Sie können auch jede andere Stelle (z. B. eine Beratungsstelle) bitten, den Code zu prüfen. Dafür braucht niemand Ihre persönlichen Daten.',
    receiptDownload: 'Quittung herunterladen (JSON)',
    receiptKey: 'Öffentlicher Prüfschlüssel',
    receiptCheckpoint: 'Aktueller Stand des Protokolls',
    receiptNone: 'Der Prüfcode ist noch nicht verfügbar.',
    receiptTechnical: 'Für Fachleute: Prüfcode und technische Prüfung',
    receiptCode: 'Prüfcode',
    objectionTitle: 'Widerspruch einlegen',
    objectionIntro: 'Sind Sie mit dem Bescheid nicht einverstanden? Sie können bis zum {date} Widerspruch einlegen. Über Ihren Widerspruch entscheidet eine andere Person als beim Bescheid.',
    objectionReason: 'Warum legen Sie Widerspruch ein?',
    objectionHint: 'Schreiben Sie in eigenen Worten, was Ihrer Meinung nach nicht stimmt (mindestens 10 Zeichen).',
    objectionTooShort: 'Bitte begründen Sie Ihren Widerspruch mit mindestens 10 Zeichen.',
    objectionSubmit: 'Widerspruch absenden',
    objectionFiled: 'Ihr Widerspruch ist eingegangen. Eine andere Mitarbeiterin oder ein anderer Mitarbeiter prüft den Bescheid.',
    objectionState: 'Über Ihren Widerspruch ist noch nicht entschieden.',
    objectionStatus: 'Stand Ihres Widerspruchs',
    feedbackLink: 'Rückmeldung zur Entscheidung oder Erklärung geben',
    documentsTitle: 'Ihre eingereichten Unterlagen',
    noDocuments: 'Noch keine Unterlagen.',
    uploaded: 'hochgeladen am {at}',
    notFound: 'Diesen Antrag gibt es nicht oder Sie sind nicht angemeldet.',
    myCases: 'Zu meinen Anträgen',
    germanNote: '',
  },
  en: {
    title: 'Application {az}',
    state: 'Status',
    service: 'Service',
    dueTitle: 'Please send further documents',
    dueText: 'To decide on your application we still need documents. Please upload them by {date}.',
    dueDays: '{n} days left.',
    dueToday: 'The deadline ends today.',
    duePassed: 'The deadline has passed. Please still send the documents as soon as possible.',
    consequences: 'If documents are missing, the application can be refused (§ 66 SGB I). If you cannot meet the deadline, please contact us.',
    missingInputs: 'This information is still missing – please contact us about it:',
    evidenceTitle: 'Upload evidence',
    evidenceIntro: 'We need this evidence for your application. PDF, PNG and JPEG up to 10 MB are allowed.',
    complete: 'I have sent all documents',
    completeHint: 'We will then continue with your application.',
    completed: 'Thank you. Your documents are reported complete; your application is being processed further.',
    inProgress: 'Your application is being processed. There is nothing you need to do right now.',
    lettersTitle: 'Letters to you',
    letterFeedback: 'Give feedback on this letter',
    decisionTitle: 'Your decision',
    issuedAt: 'Decision of {date}',
    approvedBy: 'Checked and approved by: {names}',
    humanTitle: 'Where people decided',
    humanPoint: '{by} decided: {option}',
    reason: 'Reason',
    override: '{by} set the value “{name}” to {value}.',
    fullWay: 'Show the full calculation',
    hideWay: 'Hide the calculation',
    pdf: 'Download the decision as PDF',
    pdfNote: 'The PDF is accessible (PDF/UA) and carries the verification code as a QR code.',
    receiptTitle: 'Verification code: how to check that your decision is unchanged',
    receiptIntro: 'Every decision is entered into a public, tamper-evident log. The verification code proves that your decision is in the log exactly as it is.',
    receiptStep1: 'The verification code is also printed as a QR code on your decision.',
    receiptStep2: 'Download the receipt and check it with the city’s public verification key – with the free Amtsklar program: “npx amtsklar receipt verify receipt.json --key <key>”.',
    receiptStep3: 'You can also ask anyone else (e.g. an advice centre) to check the code. Nobody needs your personal data for that.',
    receiptDownload: 'Download the receipt (JSON)',
    receiptKey: 'Public verification key',
    receiptCheckpoint: 'Current state of the log',
    receiptNone: 'The verification code is not available yet.',
    receiptTechnical: 'For experts: verification code and technical check',
    receiptCode: 'Verification code',
    objectionTitle: 'Object to the decision',
    objectionIntro: 'Do you disagree with the decision? You can object until {date}. Your objection is decided by a different person than the decision.',
    objectionReason: 'Why do you object?',
    objectionHint: 'Describe in your own words what you think is wrong (at least 10 characters).',
    objectionTooShort: 'Please give at least 10 characters of reasons for your objection.',
    objectionSubmit: 'Send objection',
    objectionFiled: 'Your objection has been received. A different member of staff will review the decision.',
    objectionState: 'Your objection has not been decided yet.',
    objectionStatus: 'Status of your objection',
    feedbackLink: 'Give feedback on the decision or explanation',
    documentsTitle: 'Documents you sent',
    noDocuments: 'No documents yet.',
    uploaded: 'uploaded on {at}',
    notFound: 'This application does not exist or you are not signed in.',
    myCases: 'To my applications',
    germanNote: 'Letters, decisions and explanations are in German, the language of the administrative procedure.',
  },
});

function daysUntil(date: string): number {
  const today = new Date();
  const d = new Date(`${date}T00:00:00`);
  const t0 = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((d.getTime() - t0.getTime()) / 86_400_000);
}

export default function CitizenCasePage({ params }: PageProps) {
  const id = params.id!;
  const t = useT(m);
  const tc = useT(common);
  const { lang } = useLang();
  const announce = useAnnounce();
  const { me, loading } = useSession();
  const [c, setC] = useState<CitizenCase | null>(null);
  const [docs, setDocs] = useState<DocumentView[]>([]);
  const [evidence, setEvidence] = useState<{ id: string; label: string; norm: string }[]>([]);
  const [pack, setPack] = useState<PublicPack | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  usePageTitle(c ? t('title', { az: c.aktenzeichen }) : t('title', { az: '' }));

  const load = useCallback(async () => {
    setRefreshing(true);
    try {
      const view = await callAs<CitizenCase>(api.GET('/api/my/cases/{id}', { params: { path: { id } } }));
      setC(view);
      const d = await callAs<{ items: DocumentView[] }>(api.GET('/api/my/cases/{id}/documents', { params: { path: { id } } }));
      setDocs(d.items);
      // The service's title and the names of its documents, for every state of the case.
      setPack(await call(api.GET('/api/public/packs/{packId}', { params: { path: { packId: view.packId } } })).catch(() => null));
      if (view.state === 'checked' || view.state === 'received') {
        // Right after the application: which evidence does it need? (The engine's checklist, nothing stored.)
        const app = await callAs<PersonalData>(api.GET('/api/my/cases/{id}/application', { params: { path: { id } } }));
        const calc = await call(api.POST('/api/public/packs/{packId}/calculate', { params: { path: { packId: view.packId } }, body: { antrag: app.application } })).catch(() => null);
        setEvidence(calc?.evidence ?? []);
      } else {
        setEvidence(view.missing.filter((x) => x.kind === 'document').map((x) => ({ id: x.id, label: x.label, norm: x.norm ?? '' })));
      }
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setRefreshing(false);
    }
  }, [id]);

  useEffect(() => {
    if (me?.role === 'citizen') void load();
  }, [me, load]);

  if (loading) return <p role="status">{tc('loading')}</p>;
  if (me?.role !== 'citizen') return <Redirect to={`/anmelden?weiter=/mein-antrag/${id}`} />;
  if (error && !c)
    return (
      <>
        <PageHeading>{t('title', { az: '' })}</PageHeading>
        <Alert type="error" title={tc('errorTitle')}>
          {error}
        </Alert>
        <p>
          <Link to="/mein-antrag">{t('myCases')}</Link>
        </p>
      </>
    );
  if (!c) return <p role="status">{tc('loading')}</p>;

  const waitingForDocs = c.state === 'documents_requested' || c.state === 'reminded';
  const canUpload = ['received', 'checked', 'documents_requested', 'reminded'].includes(c.state);
  const openEvidence = evidence.filter((e) => !docs.some((d) => d.checklistId === e.id));
  const missingInputs = c.missing.filter((x) => x.kind === 'input');

  const complete = async () => {
    try {
      await callAs(api.POST('/api/my/cases/{id}/complete', { body: { version: c.version }, params: { path: { id } } }));
      setNotice(t('completed'));
      announce(t('completed'));
      await load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <>
      <PageHeading>{t('title', { az: c.aktenzeichen })}</PageHeading>
      {lang === 'en' && <p className="notice">{t('germanNote')}</p>}
      <dl className="facts">
        <div>
          <dt>{t('state')}</dt>
          <dd data-testid="case-state">
            <Badge label={tc(stateKey(c.state))} tone={c.state === 'issued' || c.state === 'closed' ? 'success' : waitingForDocs ? 'warning' : 'info'} />
          </dd>
        </div>
        <div>
          <dt>{t('service')}</dt>
          <dd lang={pack && lang !== 'de' ? 'de' : undefined}>{pack?.title ?? c.packId}</dd>
        </div>
      </dl>
      {notice && (
        <Alert type="success" title={notice}>
          {notice}
        </Alert>
      )}
      {error && (
        <Alert type="error" title={tc('errorTitle')} live>
          {error}
        </Alert>
      )}

      {waitingForDocs && c.documentsDue && (
        <section aria-labelledby="due-title" className="notice notice--warning" data-testid="documents-due">
          <h2 id="due-title">{t('dueTitle')}</h2>
          <p>
            <strong>{t('dueText', { date: formatDate(c.documentsDue, lang) })}</strong>{' '}
            {daysUntil(c.documentsDue) > 0 ? t('dueDays', { n: daysUntil(c.documentsDue) }) : daysUntil(c.documentsDue) === 0 ? t('dueToday') : t('duePassed')}
          </p>
          <p>{t('consequences')}</p>
          {missingInputs.length > 0 && (
            <>
              <p>{t('missingInputs')}</p>
              <ul lang="de">
                {missingInputs.map((x) => (
                  <li key={x.id}>{withAnswerLabels(x.label)}</li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}

      {canUpload && (
        <section aria-labelledby="evidence-title" aria-busy={refreshing || undefined} data-testid="evidence">
          <h2 id="evidence-title" tabIndex={-1}>
            {t('evidenceTitle')}
          </h2>
          <p>{t('evidenceIntro')}</p>
          {/* The uploaded item's form disappears: the focus goes back to the section's heading, not to the page's start. */}
          <EvidenceUpload caseId={id} items={openEvidence} onUploaded={() => void load().then(() => document.getElementById('evidence-title')?.focus())} />
          {waitingForDocs && (
            <div className="actions">
              <Button label={t('complete')} variant="primary" onClick={() => void complete()} data-testid="documents-complete" />
              <span className="muted">{t('completeHint')}</span>
            </div>
          )}
        </section>
      )}
      {!canUpload && !c.decision && <p>{t('inProgress')}</p>}

      <section aria-labelledby="docs-title">
        <h2 id="docs-title">{t('documentsTitle')}</h2>
        {docs.length === 0 ? (
          <p>{t('noDocuments')}</p>
        ) : (
          <ul data-testid="uploaded-documents">
            {docs.map((d) => (
              <li key={d.id}>
                <a href={`/api/my/cases/${id}/documents/${d.id}`} download>
                  {d.filename}
                </a>{' '}
                (<span lang="de">{evidenceLabel(d.checklistId, evidence, c, pack)}</span>) – {t('uploaded', { at: formatDateTime(d.createdAt, lang) })}
              </li>
            ))}
          </ul>
        )}
      </section>

      {c.decision && <Decision c={c} onChanged={() => void load()} />}

      {c.letters.length > 0 && (
        <section aria-labelledby="letters-title">
          <h2 id="letters-title">{t('lettersTitle')}</h2>
          {c.letters.map((l) => {
            const name = `${l.kind === 'nachforderung' ? 'Nachforderung' : l.kind === 'erinnerung' ? 'Erinnerung' : l.kind === 'abhilfebescheid' ? 'Abhilfebescheid' : 'Bescheid'} – ${formatDateTime(l.createdAt, lang)}`;
            return (
              <details key={l.id}>
                <summary lang="de">{name}</summary>
                {/* A scrolling box: focusable, so it can be scrolled with the keyboard too. */}
                <pre className="letter" lang="de" tabIndex={0} role="region" aria-label={name}>
                  {l.text}
                </pre>
                <p>
                  <Link to={`/rueckmeldung?fall=${encodeURIComponent(c.id)}&schreiben=${encodeURIComponent(l.id)}`}>{t('letterFeedback')}</Link>
                </p>
              </details>
            );
          })}
        </section>
      )}
      <p>
        <Link to="/mein-antrag">{t('myCases')}</Link>
      </p>
    </>
  );
}

function evidenceLabel(checklistId: string | null, evidence: { id: string; label: string }[], c: CitizenCase, pack: PublicPack | null): string {
  if (!checklistId) return '–';
  return evidence.find((e) => e.id === checklistId)?.label ?? c.missing.find((x) => x.id === checklistId)?.label ?? pack?.checklist.find((x) => x.id === checklistId)?.label ?? checklistId;
}

function Decision({ c, onChanged }: { c: CitizenCase; onChanged(): void }) {
  const t = useT(m);
  const { lang } = useLang();
  const [short, setShort] = useState<Explanation | null>(null);
  const [full, setFull] = useState<Explanation | null>(null);
  const [showFull, setShowFull] = useState(false);
  const [receipt, setReceipt] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [objError, setObjError] = useState<string | null>(null);
  const [filed, setFiled] = useState(false);
  // The form goes when the objection is sent, the focus to the confirmation in its place. Each
  // attempt with a reason too short takes the focus to the field, which reads the error out.
  const focusFiled = useFocusAfterRender('objection-filed');
  const [shortAttempts, setShortAttempts] = useState(0);
  useLayoutEffect(() => {
    if (shortAttempts > 0) document.getElementById('widerspruch-begruendung')?.focus();
  }, [shortAttempts]);
  const d = c.decision!;
  const id = c.id;

  useEffect(() => {
    void call(api.GET('/api/my/cases/{id}/explanation', { params: { path: { id }, query: { level: 'kurz' } } }))
      .then(setShort)
      .catch(() => setShort(null));
    void callAs<{ text: string }>(api.GET('/api/my/cases/{id}/receipt', { params: { path: { id }, query: { format: 'text' } } }))
      .then((r) => setReceipt(r.text))
      .catch(() => setReceipt(null));
  }, [id]);

  const toggleFull = async () => {
    if (!full) setFull(await call(api.GET('/api/my/cases/{id}/explanation', { params: { path: { id }, query: { level: 'rechenweg' } } })));
    setShowFull((s) => !s);
  };

  const tooShort = reason.trim().length < 10;
  const object = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (tooShort) {
      setShortAttempts((n) => n + 1);
      return;
    }
    try {
      await callAs(api.POST('/api/my/cases/{id}/objection', { params: { path: { id } }, body: { version: c.version, reason: reason.trim() } }));
      setFiled(true);
      focusFiled();
      onChanged();
    } catch (err) {
      setObjError(err instanceof ApiError ? err.message : String(err));
    }
  };

  const human = Object.entries(d.discretionDecisions ?? {});
  const overrides = (d.overrides ?? []).map((o) => [o.rule, o] as const);
  return (
    <section aria-labelledby="decision-title" data-testid="decision">
      <h2 id="decision-title">{t('decisionTitle')}</h2>
      {c.issuedAt && <p>{t('issuedAt', { date: formatDate(c.issuedAt.slice(0, 10), lang) })}</p>}
      {short && <ExplanationView explanation={short} headingLevel={3} compact />}
      {d.reasons.length > 0 && (
        <ul lang="de">
          {d.reasons.map((r) => (
            <li key={r.norm + r.text}>
              {r.text} ({r.norm})
            </li>
          ))}
        </ul>
      )}
      {(human.length > 0 || overrides.length > 0) && (
        <>
          <h3>{t('humanTitle')}</h3>
          <ul data-testid="human-decisions">
            {human.map(([point, h]) => {
              const option = d.discretion.find((x) => x.point === point)?.options.find((o) => o.id === h.option)?.label ?? h.option;
              return (
                <li key={point}>
                  <span lang="de">{t('humanPoint', { by: h.by, option })}</span>
                  <br />
                  {t('reason')}: <span lang="de">{h.reason}</span>
                </li>
              );
            })}
            {overrides.map(([name, o]) => (
              <li key={name}>
                {t('override', { by: o.by, name, value: String(o.value) })}
                <br />
                {t('reason')}: <span lang="de">{o.reason}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {d.approvedBy.length > 0 && <p>{t('approvedBy', { names: d.approvedBy.join(', ') })}</p>}
      <p>
        <button type="button" className="btn" aria-expanded={showFull} aria-controls="rechenweg" onClick={() => void toggleFull()} data-testid="show-rechenweg">
          {showFull ? t('hideWay') : t('fullWay')}
        </button>
      </p>
      <div id="rechenweg">{showFull && full && <ExplanationView explanation={full} headingLevel={3} />}</div>
      <p>
        <a className="button-link" href={`/api/my/cases/${id}/bescheid.pdf`} download data-testid="bescheid-pdf">
          {t('pdf')}
        </a>
      </p>
      <p className="muted">{t('pdfNote')}</p>

      <section aria-labelledby="receipt-title" className="panel">
        <h3 id="receipt-title">{t('receiptTitle')}</h3>
        {/* Plain language first; the code, the command and the raw files only for whoever asks for them. */}
        <p>{t('receiptIntro')}</p>
        <p>
          {t('receiptStep1')} {t('receiptStep3')}
        </p>
        {!receipt && <p>{t('receiptNone')}</p>}
        <details data-testid="receipt-details">
          <summary>{t('receiptTechnical')}</summary>
          {receipt && (
            <>
              <p>{t('receiptCode')}:</p>
              <p className="code" data-testid="receipt-code">
                {receipt}
              </p>
            </>
          )}
          <p>{t('receiptStep2')}</p>
          <ul>
            <li>
              <a href={`/api/my/cases/${id}/receipt`} download="quittung.json">
                {t('receiptDownload')}
              </a>
            </li>
            <li>
              <a href="/api/ledger/key">{t('receiptKey')}</a>
            </li>
            <li>
              <a href="/api/ledger/checkpoint">{t('receiptCheckpoint')}</a>
            </li>
          </ul>
        </details>
      </section>

      {(c.state === 'objection_filed' || c.state === 'abhilfe_review') && !filed && <p className="notice">{t('objectionState')}</p>}
      {filed && (
        <div id="objection-filed" tabIndex={-1} data-testid="objection-filed">
          <Alert type="success" title={t('objectionTitle')}>
            {t('objectionFiled')}
          </Alert>
        </div>
      )}
      {c.canObject && !filed && (
        <section aria-labelledby="objection-title">
          <h3 id="objection-title">{t('objectionTitle')}</h3>
          <p>{t('objectionIntro', { date: formatDate(c.objectionDue, lang) })}</p>
          {objError && (
            <Alert type="error" title={t('objectionTitle')} live>
              {objError}
            </Alert>
          )}
          <form onSubmit={(e) => void object(e)} noValidate>
            <TextArea id="widerspruch-begruendung" label={t('objectionReason')} hint={t('objectionHint')} required value={reason} onChange={setReason} maxLength={5000} error={touched && tooShort ? t('objectionTooShort') : null} />
            <Button label={t('objectionSubmit')} type="submit" variant="primary" data-testid="objection-submit" />
          </form>
        </section>
      )}
      <ul>
        {(filed || ['objection_filed', 'abhilfe_review', 'objection_upheld', 'decision_changed'].includes(c.state)) && (
          <li>
            <Link to={`/mein-antrag/${id}/widerspruch`}>{t('objectionStatus')}</Link>
          </li>
        )}
        <li>
          <Link to={`/rueckmeldung?fall=${encodeURIComponent(id)}`}>{t('feedbackLink')}</Link>
        </li>
      </ul>
    </section>
  );
}
