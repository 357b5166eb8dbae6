import { useEffect, useState, type FormEvent } from 'react';
import type { PageProps } from '../app/page.ts';
import { PageHeading, useAnnounce, useFocusAfterRender, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import type { Calculation, LoginAnswer, SubmissionAnswer } from '../shared/api-views.ts';
import { formatDateTime } from '../shared/format.ts';
import { Checkbox, ErrorSummary, TextField } from '../shared/form.tsx';
import { messages, useLang, useT } from '../shared/i18n.tsx';
import { Alert, Button } from '../shared/kolibri.tsx';
import { Link } from '../shared/router.tsx';
import { useSession } from '../shared/session.tsx';
import { fieldId } from './packform/model.ts';
import { PackFields } from './packform/PackFields.tsx';
import { StepHeading, StepList } from './packform/Steps.tsx';
import { SummaryFields } from './packform/Summary.tsx';
import { buildSteps, usePackForm } from './packform/usePackForm.ts';

const m = messages({
  de: {
    title: '{pack}: Antrag stellen',
    titleLoading: 'Antrag stellen',
    intro: 'Sie beantworten die Fragen Schritt für Schritt. Ihre Eingaben werden auf diesem Gerät zwischengespeichert, damit nichts verloren geht – auch wenn Sie die Seite neu laden. Erst mit „Antrag absenden“ geht der Antrag an die Stadt.',
    shared: 'Benutzen Sie ein fremdes oder öffentliches Gerät? Dann löschen Sie den Entwurf, wenn Sie fertig sind.',
    restored: 'Ihr gespeicherter Entwurf vom {at} wurde wiederhergestellt.',
    savedAt: 'Entwurf auf diesem Gerät gespeichert: {at}',
    clear: 'Entwurf löschen …',
    clearQuestion: 'Wollen Sie den Entwurf wirklich löschen? Alle Angaben auf diesem Gerät gehen verloren. Das lässt sich nicht rückgängig machen.',
    clearConfirm: 'Ja, Entwurf löschen',
    clearCancel: 'Nein, Entwurf behalten',
    cleared: 'Der Entwurf wurde gelöscht.',
    general: 'Allgemeine Angaben',
    contact: 'Ihre Kontaktdaten',
    summary: 'Prüfen und absenden',
    next: 'Weiter',
    back: 'Zurück',
    errors: 'Bitte prüfen Sie Ihre Angaben',
    name: 'Vor- und Nachname',
    address: 'Anschrift (Straße, Hausnummer, PLZ, Ort)',
    email: 'E-Mail-Adresse',
    emailHint: 'Für Rückfragen und Nachrichten zu Ihrem Antrag.',
    phone: 'Telefonnummer',
    addressHint: 'An diese Anschrift schicken wir den Bescheid.',
    addressMissing: 'Bitte geben Sie Ihre Anschrift an (Straße, Hausnummer, PLZ, Ort). An sie schicken wir den Bescheid.',
    phoneInvalid: 'Die Telefonnummer darf nur Ziffern, Leerzeichen und die Zeichen + / - ( ) enthalten, z. B. 0151 234 56 78.',
    nameMissing: 'Bitte geben Sie Ihren Vor- und Nachnamen an.',
    emailInvalid: 'Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@beispiel.de.',
    summaryIntro: 'Bitte prüfen Sie Ihre Angaben. Mit „Ändern“ kommen Sie zum jeweiligen Schritt zurück.',
    change: 'Ändern: {step}',
    evidence: 'Diese Nachweise laden Sie nach dem Absenden hoch',
    declaration: 'Ich versichere, dass meine Angaben richtig und vollständig sind. Mir ist bekannt, dass ich Änderungen sofort mitteilen muss (§ 60 SGB I).',
    declarationMissing: 'Bitte bestätigen Sie, dass Ihre Angaben richtig und vollständig sind.',
    submit: 'Antrag absenden',
    sending: 'Antrag wird gesendet …',
    doneTitle: 'Ihr Antrag ist eingegangen',
    doneText: 'Vielen Dank. Ihr Antrag wurde an die Stadt Musterstadt gesendet.',
    az: 'Aktenzeichen',
    code: 'Zugangscode',
    codeNote: 'Bitte notieren Sie Aktenzeichen und Zugangscode. Damit sehen Sie jederzeit den Stand Ihres Antrags. Der Zugangscode wird nur jetzt angezeigt.',
    toCase: 'Weiter: Nachweise hochladen und Stand ansehen',
    nextTitle: 'So geht es weiter',
    next1: 'Laden Sie die Nachweise hoch, die für Ihren Antrag nötig sind (Schaltfläche unten).',
    next2: 'Wir prüfen Ihren Antrag. Fehlt etwas, schreiben wir Ihnen und nennen eine Frist.',
    next3: 'Über Ihren Antrag entscheidet eine Mitarbeiterin oder ein Mitarbeiter. Sie erhalten einen schriftlichen Bescheid; Sie finden ihn auch hier im Portal.',
    next4: 'Den Stand Ihres Antrags sehen Sie jederzeit unter „Mein Antrag“ – mit Aktenzeichen und Zugangscode.',
    contactStep: 'Kontaktdaten',
    declarationLegend: 'Erklärung',
  },
  en: {
    title: '{pack}: apply',
    titleLoading: 'Apply',
    intro: 'You answer the questions step by step. Your entries are kept on this device so nothing gets lost – even if you reload the page. Only “Send application” sends the application to the city.',
    shared: 'Using a shared or public device? Delete the draft when you are done.',
    restored: 'Your saved draft from {at} has been restored.',
    savedAt: 'Draft saved on this device: {at}',
    clear: 'Delete draft …',
    clearQuestion: 'Do you really want to delete the draft? All entries on this device will be lost. This cannot be undone.',
    clearConfirm: 'Yes, delete the draft',
    clearCancel: 'No, keep the draft',
    cleared: 'The draft has been deleted.',
    general: 'General information',
    contact: 'Your contact details',
    summary: 'Check and send',
    next: 'Next',
    back: 'Back',
    errors: 'Please check your entries',
    name: 'First and last name',
    address: 'Address (street, number, postcode, town)',
    email: 'E-mail address',
    emailHint: 'For questions and messages about your application.',
    phone: 'Phone number',
    addressHint: 'We send the decision to this address.',
    addressMissing: 'Please enter your address (street, number, postcode, town). We send the decision to it.',
    phoneInvalid: 'The phone number may contain only digits, spaces and the characters + / - ( ), e.g. 0151 234 56 78.',
    nameMissing: 'Please enter your first and last name.',
    emailInvalid: 'Please enter a valid e-mail address, e.g. name@example.org.',
    summaryIntro: 'Please check your entries. “Change” takes you back to the step.',
    change: 'Change: {step}',
    evidence: 'You upload this evidence after sending',
    declaration: 'I confirm that my information is correct and complete. I know that I must report changes immediately (§ 60 SGB I).',
    declarationMissing: 'Please confirm that your information is correct and complete.',
    submit: 'Send application',
    sending: 'Sending the application …',
    doneTitle: 'Your application has been received',
    doneText: 'Thank you. Your application has been sent to the City of Musterstadt.',
    az: 'File number',
    code: 'Access code',
    codeNote: 'Please write down the file number and access code. With them you can see the status of your application at any time. The access code is shown only now.',
    toCase: 'Next: upload evidence and see the status',
    nextTitle: 'What happens next',
    next1: 'Upload the evidence your application needs (button below).',
    next2: 'We check your application. If anything is missing, we write to you and set a deadline.',
    next3: 'A member of staff decides on your application. You receive a written decision; you also find it here in the portal.',
    next4: 'You can see the status of your application at any time under “My application” – with the file number and access code.',
    contactStep: 'Contact details',
    declarationLegend: 'Declaration',
  },
});

interface Applicant {
  name: string;
  anschrift: string;
  email: string;
  telefon: string;
}

const EMPTY_APPLICANT: Applicant = { name: '', anschrift: '', email: '', telefon: '' };
const DONE_KEY = 'amtsklar.antrag.eingegangen';

function newKey(): string {
  const a = new Uint8Array(16);
  crypto.getRandomValues(a);
  return `web-${Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function ApplicationPage({ params }: PageProps) {
  const packId = params.packId!;
  const t = useT(m);
  const { lang } = useLang();
  const announce = useAnnounce();
  const focusStepHeading = useFocusAfterRender('step-heading');
  const session = useSession();
  const f = usePackForm(packId, { key: `amtsklar.antrag.${packId}` });
  const [errors, setErrors] = useState<{ fieldId: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const [fatal, setFatal] = useState<string | null>(null);
  const [calc, setCalc] = useState<Calculation | null>(null);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [confirmClear, setConfirmClear] = useState(false);
  const [justSent, setJustSent] = useState(false);
  const focusClearQuestion = useFocusAfterRender('draft-clear-question');
  const focusClearButton = useFocusAfterRender('draft-clear');
  const [done, setDone] = useState<SubmissionAnswer | null>(() => {
    try {
      const d = JSON.parse(sessionStorage.getItem(DONE_KEY) ?? 'null') as SubmissionAnswer & { packId: string };
      return d?.packId === packId ? d : null;
    } catch {
      return null;
    }
  });
  usePageTitle(done ? t('doneTitle') : f.pack ? t('title', { pack: f.pack.title }) : t('titleLoading'));

  const applicant = { ...EMPTY_APPLICANT, ...((f.extra.applicant as Partial<Applicant> | undefined) ?? {}) };
  const declared = f.extra.declared === true;
  const setApplicant = (k: keyof Applicant, v: string) => f.setExtra((e) => ({ ...e, applicant: { ...applicant, [k]: v } }));
  // One key per draft: sending the same application twice (double click, lost answer) stores it once.
  const { pack, extra, setExtra } = f;
  useEffect(() => {
    if (pack && !extra.idempotencyKey) setExtra((e) => ({ ...e, idempotencyKey: newKey() }));
  }, [pack, extra.idempotencyKey, setExtra]);

  if (done) return <Done answer={done} justSent={justSent} />;
  if (f.loadError) return <Alert type="error" title={t('titleLoading')}>{f.loadError}</Alert>;
  if (!f.pack) return <p role="status">…</p>;

  const steps = buildSteps(f.pack, t('general'));
  const contactIndex = steps.length;
  const summaryIndex = steps.length + 1;
  const total = steps.length + 2;
  const names = [...steps.map((s) => s.name), t('contactStep'), t('summary')];
  const german = [...steps.map((s) => s.id !== 'allgemein'), false, false];
  const stepNo = Math.min(f.step, summaryIndex);

  const nameError = !applicant.name.trim() ? t('nameMissing') : null;
  const emailError = applicant.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(applicant.email.trim()) ? t('emailInvalid') : null;
  // The Bescheid has to be delivered (§ 37 SGB X): the application needs the address; the calculator never asks for it.
  const addressError = !applicant.anschrift.trim() ? t('addressMissing') : null;
  const phoneError = applicant.telefon.trim() && !/^(?=.*\d)[\d\s+/()-]+$/.test(applicant.telefon.trim()) ? t('phoneInvalid') : null;

  const go = (n: number) => {
    f.setStep(n);
    setErrors([]);
    focusStepHeading();
  };

  const next = async (e: FormEvent) => {
    e.preventDefault();
    setFatal(null);
    setBusy(true);
    try {
      if (stepNo < contactIndex) {
        const r = await f.check([steps[stepNo]!], { requireComplete: false });
        setErrors(r.errors);
        if (r.ok) go(stepNo + 1);
      } else if (stepNo === contactIndex) {
        setTouched({ name: true, anschrift: true, email: true, telefon: true });
        const errs = [
          nameError ? { fieldId: 'antrag-name', message: nameError } : null,
          addressError ? { fieldId: 'antrag-anschrift', message: addressError } : null,
          emailError ? { fieldId: 'antrag-email', message: emailError } : null,
          phoneError ? { fieldId: 'antrag-telefon', message: phoneError } : null,
        ].filter((x): x is { fieldId: string; message: string } => x !== null);
        setErrors(errs);
        if (errs.length) return;
        const r = await f.check(steps, { requireComplete: true });
        setCalc(r.calculation);
        if (!r.ok) {
          setErrors(r.errors);
          return;
        }
        go(summaryIndex);
      } else {
        await submit();
      }
    } catch (err) {
      setFatal(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    if (!declared) {
      setErrors([{ fieldId: 'antrag-erklaerung', message: t('declarationMissing') }]);
      setTouched((x) => ({ ...x, declared: true }));
      return;
    }
    const body = {
      packId,
      applicant: { name: applicant.name.trim(), ...(applicant.anschrift.trim() ? { anschrift: applicant.anschrift.trim() } : {}), ...(applicant.email.trim() ? { email: applicant.email.trim() } : {}), ...(applicant.telefon.trim() ? { telefon: applicant.telefon.trim() } : {}) },
      antrag: f.state.data,
    };
    try {
      const answer = await callAs<SubmissionAnswer>(api.POST('/api/applications', { params: { header: { 'idempotency-key': String(f.extra.idempotencyKey) } }, body }));
      sessionStorage.setItem(DONE_KEY, JSON.stringify({ ...answer, packId }));
      f.clearDraft();
      // The one-time login link from the answer signs the applicant in for the evidence upload.
      const login = await callAs<LoginAnswer>(api.GET('/api/auth/link/{token}', { params: { path: { token: answer.loginToken } } }));
      await session.signedIn(login);
      setJustSent(true);
      setDone(answer);
    } catch (err) {
      if (err instanceof ApiError && err.problems.length) {
        setErrors(err.problems.map((p) => ({ fieldId: p.path.startsWith('$.applicant.') ? `antrag-${p.path.slice(12)}` : fieldId(p.path.replace(/^\$\.antrag/, '$')), message: `${p.path}: ${p.message}` })));
      } else throw err;
    }
  };

  const current = steps[Math.min(stepNo, steps.length - 1)]!;
  return (
    <>
      <PageHeading>{t('title', { pack: f.pack.title })}</PageHeading>
      <p className="lead">{t('intro')}</p>
      {/* Deleting is offered here, far from „Weiter“ (visually and in the tab order), and asks first. */}
      <div className="draft-clear">
        <p className="muted">{t('shared')}</p>
        {confirmClear ? (
          <div className="notice notice--warning" role="group" aria-labelledby="draft-clear-question" data-testid="draft-clear-confirmation">
            <p id="draft-clear-question" tabIndex={-1}>
              {t('clearQuestion')}
            </p>
            <p className="actions">
              <button
                type="button"
                className="btn"
                data-testid="draft-clear-confirm"
                onClick={() => {
                  f.clearDraft();
                  setErrors([]);
                  setTouched({});
                  setConfirmClear(false);
                  announce(t('cleared'));
                  focusStepHeading();
                }}
              >
                {t('clearConfirm')}
              </button>
              <button
                type="button"
                className="btn"
                data-testid="draft-clear-cancel"
                onClick={() => {
                  setConfirmClear(false);
                  focusClearButton();
                }}
              >
                {t('clearCancel')}
              </button>
            </p>
          </div>
        ) : (
          <p>
            <button
              type="button"
              className="btn"
              id="draft-clear"
              data-testid="draft-clear"
              onClick={() => {
                setConfirmClear(true);
                focusClearQuestion();
              }}
            >
              {t('clear')}
            </button>
          </p>
        )}
      </div>
      {f.restoredAt && (
        <div className="notice" role="status" data-testid="draft-restored">
          {t('restored', { at: formatDateTime(f.restoredAt, lang) })}
        </div>
      )}
      <StepList names={names} current={stepNo} germanNames={german} />
      {fatal && (
        <Alert type="error" title={t('errors')} live>
          {fatal}
        </Alert>
      )}
      <form onSubmit={(e) => void next(e)} noValidate aria-labelledby="step-heading">
        <StepHeading n={stepNo + 1} total={total} name={names[stepNo]!} german={german[stepNo]} />
        <ErrorSummary title={t('errors')} errors={errors} />
        {stepNo < contactIndex && (
          <>
            {current.question && current.inputs[0]?.type === 'list' && <p lang="de">{current.question}</p>}
            <PackFields inputs={current.inputs} base="$" ctx={f.ctx} />
          </>
        )}
        {stepNo === contactIndex && (
          <>
            <TextField id="antrag-name" label={t('name')} required value={applicant.name} onChange={(v) => setApplicant('name', v)} error={touched.name ? nameError : null} autoComplete="name" />
            <TextField id="antrag-anschrift" label={t('address')} hint={t('addressHint')} required value={applicant.anschrift} onChange={(v) => setApplicant('anschrift', v)} error={touched.anschrift ? addressError : null} autoComplete="street-address" />
            <TextField
              id="antrag-email"
              type="email"
              label={t('email')}
              hint={t('emailHint')}
              optionalText={lang === 'de' ? 'freiwillig' : 'optional'}
              value={applicant.email}
              onChange={(v) => setApplicant('email', v)}
              error={touched.email ? emailError : null}
              autoComplete="email"
            />
            <TextField id="antrag-telefon" type="tel" label={t('phone')} optionalText={lang === 'de' ? 'freiwillig' : 'optional'} value={applicant.telefon} onChange={(v) => setApplicant('telefon', v)} error={touched.telefon ? phoneError : null} autoComplete="tel" width="medium" />
          </>
        )}
        {stepNo === summaryIndex && (
          <>
            <p>{t('summaryIntro')}</p>
            {steps.map((s, i) => (
              <section key={s.id} aria-labelledby={`sum-${s.id}`}>
                <h3 id={`sum-${s.id}`} lang={german[i] ? 'de' : undefined}>
                  {s.name}
                </h3>
                <SummaryFields inputs={s.inputs} base="$" data={f.state.data} />
                <p>
                  <button type="button" className="btn" onClick={() => go(i)}>
                    {t('change', { step: s.name })}
                  </button>
                </p>
              </section>
            ))}
            <section aria-labelledby="sum-contact">
              <h3 id="sum-contact">{t('contact')}</h3>
              <dl className="facts">
                <div>
                  <dt>{t('name')}</dt>
                  <dd>{applicant.name}</dd>
                </div>
                <div>
                  <dt>{t('address')}</dt>
                  <dd>{applicant.anschrift || '–'}</dd>
                </div>
                <div>
                  <dt>{t('email')}</dt>
                  <dd>{applicant.email || '–'}</dd>
                </div>
                <div>
                  <dt>{t('phone')}</dt>
                  <dd>{applicant.telefon || '–'}</dd>
                </div>
              </dl>
              <p>
                <button type="button" className="btn" onClick={() => go(contactIndex)}>
                  {t('change', { step: t('contactStep') })}
                </button>
              </p>
            </section>
            {calc && calc.evidence.length > 0 && (
              <section aria-labelledby="sum-evidence">
                <h3 id="sum-evidence">{t('evidence')}</h3>
                <ul lang="de">
                  {calc.evidence.map((e) => (
                    <li key={e.id}>
                      {e.label} ({e.norm})
                    </li>
                  ))}
                </ul>
              </section>
            )}
            <fieldset className="field">
              <legend>{t('declarationLegend')}</legend>
              <Checkbox
                id="antrag-erklaerung"
                label={t('declaration')}
                checked={declared}
                onChange={(v) => f.setExtra((e) => ({ ...e, declared: v }))}
                error={touched.declared && !declared ? t('declarationMissing') : null}
              />
            </fieldset>
          </>
        )}
        <div className="actions">
          {stepNo > 0 && <Button label={t('back')} onClick={() => go(stepNo - 1)} />}
          <Button label={stepNo === summaryIndex ? (busy ? t('sending') : t('submit')) : t('next')} type="submit" variant="primary" disabled={busy} data-testid="step-next" />
        </div>
      </form>
      <p className="muted" aria-live="off" data-testid="draft-saved">
        {f.savedAt ? t('savedAt', { at: formatDateTime(f.savedAt, lang) }) : ''}
      </p>
    </>
  );
}

/** `justSent`: the page replaced the form under „Antrag absenden“; its heading takes the focus. */
function Done({ answer, justSent }: { answer: SubmissionAnswer; justSent: boolean }) {
  const t = useT(m);
  return (
    <>
      <PageHeading focus={justSent}>{t('doneTitle')}</PageHeading>
      <Alert type="success" title={t('doneTitle')}>
        {t('doneText')}
      </Alert>
      <dl className="facts">
        <div>
          <dt>{t('az')}</dt>
          <dd className="big-code" data-testid="done-aktenzeichen">
            {answer.aktenzeichen}
          </dd>
        </div>
        <div>
          <dt>{t('code')}</dt>
          <dd className="big-code" data-testid="done-code">
            {answer.accessCode}
          </dd>
        </div>
      </dl>
      <p className="notice notice--warning">{t('codeNote')}</p>
      <section aria-labelledby="next-title" data-testid="next-steps">
        <h2 id="next-title">{t('nextTitle')}</h2>
        <ol>
          <li>{t('next1')}</li>
          <li>{t('next2')}</li>
          <li>{t('next3')}</li>
          <li>{t('next4')}</li>
        </ol>
      </section>
      <p>
        <Link
          to={`/mein-antrag/${answer.caseId}`}
          className="button-link"
          onClick={() => {
            sessionStorage.removeItem(DONE_KEY);
          }}
        >
          {t('toCase')}
        </Link>
      </p>
    </>
  );
}

export default ApplicationPage;
