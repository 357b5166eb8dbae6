import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { PageProps } from '../app/page.ts';
import { PageHeading, useAnnounce, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import { formatDecimal } from '../shared/format.ts';
import { ErrorSummary, RadioGroup, SelectField, TextArea } from '../shared/form.tsx';
import { messages, useLang, useT } from '../shared/i18n.tsx';
import { Alert, Badge, Button } from '../shared/kolibri.tsx';
import { Link, useLocation } from '../shared/router.tsx';
import { ExplanationView } from '../citizen/ExplanationView.tsx';
import { KioskGuard, SandboxBanner, SessionGone } from './Frame.tsx';
import { ensureSession, forgetSession, startSession } from './session.ts';
import type { Audience, SandboxCase, SandboxDraft, SandboxSession } from './views.ts';

const m = messages({
  de: {
    title: 'Übungsfall {no}',
    back: 'Zurück zum Experimentierraum',
    noCase: 'Diesen Übungsfall gibt es nicht',
    data: 'Angaben (ausgedacht)',
    result: 'Ergebnis',
    value: '{name}: {value}',
    o_decided: 'berechnet',
    o_missing_inputs: 'Angaben fehlen',
    o_needs_human: 'Ein Mensch muss entscheiden',
    missing: 'Es fehlen',
    audience: 'Erklärung für',
    a_citizen: 'Bürgerinnen und Bürger',
    a_caseworker: 'Sachbearbeitung',
    a_auditor: 'Prüfung (Revision, Aufsicht)',
    discretion: 'Ermessen: {point}',
    option: 'Ihre Entscheidung',
    reason: 'Begründung',
    reasonHint: 'Wie in der echten Sachbearbeitung: in eigenen Worten, ohne persönliche Daten.',
    reasonMissing: 'Bitte begründen Sie Ihre Entscheidung.',
    decide: 'Entscheiden',
    decided: 'Ihre Entscheidungen',
    draft: 'Entwurf des Schreibens und Prüfung der Fakten',
    draftIntro: 'Jeder Entwurf wird geprüft: Stimmen alle Beträge, Daten und Fristen mit der Berechnung überein? Mit dem eingebauten Fehler sehen Sie, wie die Prüfung ihn findet.',
    makeDraft: 'Entwurf erstellen',
    makePlanted: 'Entwurf mit eingebautem Fehler',
    passed: 'Prüfung bestanden: {n} Fakten geprüft.',
    failed: 'Prüfung nicht bestanden – so wäre das Schreiben nicht freigegeben worden:',
    planted: 'Eingebauter Fehler: {what} („{from}“ → „{to}“)',
    reset: 'Meine Entscheidungen zu diesem Fall verwerfen',
    errors: 'Bitte prüfen Sie Ihre Angaben',
    saved: 'Gespeichert.',
  },
  en: {
    title: 'Practice case {no}',
    back: 'Back to the experimentation space',
    noCase: 'This practice case does not exist',
    data: 'Data (made up)',
    result: 'Result',
    value: '{name}: {value}',
    o_decided: 'calculated',
    o_missing_inputs: 'information missing',
    o_needs_human: 'a person must decide',
    missing: 'Missing',
    audience: 'Explanation for',
    a_citizen: 'citizens',
    a_caseworker: 'caseworkers',
    a_auditor: 'auditors',
    discretion: 'Discretion: {point}',
    option: 'Your decision',
    reason: 'Reason',
    reasonHint: 'As in real casework: in your own words, without personal data.',
    reasonMissing: 'Please give a reason for your decision.',
    decide: 'Decide',
    decided: 'Your decisions',
    draft: 'Draft letter and fact check',
    draftIntro: 'Every draft is checked: do all amounts, dates and deadlines match the calculation? With the planted error you see the check find it.',
    makeDraft: 'Create draft',
    makePlanted: 'Draft with a planted error',
    passed: 'Check passed: {n} facts checked.',
    failed: 'Check failed – this letter would not have been approved:',
    planted: 'Planted error: {what} (“{from}” → “{to}”)',
    reset: 'Discard my decisions on this case',
    errors: 'Please check your entries',
    saved: 'Saved.',
  },
});
type Key = keyof (typeof m)['de'];
const err = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'error', String(e)));

function Discretion({ c, session, audience, onDone }: { c: SandboxCase; session: SandboxSession; audience: Audience; onDone(x: SandboxCase): void }) {
  const t = useT(m);
  const announce = useAnnounce();
  const p = c.openDiscretion[0]!;
  const [option, setOption] = useState(p.options[0]?.id ?? '');
  const [reason, setReason] = useState('');
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [summary, setSummary] = useState<string | null>(null);
  const missing = reason.trim() ? null : t('reasonMissing');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    setError(null);
    setSummary(missing);
    if (missing) return;
    try {
      onDone(await callAs<SandboxCase>(api.POST('/api/sandbox/sessions/{sessionId}/cases/{no}/discretion', { params: { path: { sessionId: session.sessionId, no: c.no } }, body: { point: p.point, option, reason: reason.trim(), audience } })));
      announce(t('saved'));
    } catch (x) {
      setError(err(x));
      setSummary(err(x).message);
    }
  };
  const reasonError = shown ? (missing ?? error?.message ?? null) : null;
  return (
    <section aria-labelledby="ermessen-h" className="card">
      <h2 id="ermessen-h" lang="de">
        {t('discretion', { point: p.point })}
      </h2>
      {p.why && <p lang="de">{p.why}</p>}
      {p.norm && <p lang="de">{p.norm}</p>}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary title={t('errors')} errors={summary ? [{ fieldId: 'uebung-begruendung', message: summary }] : []} />
        <RadioGroup id="uebung-option" label={t('option')} value={option} onChange={setOption} options={p.options.map((o) => ({ value: o.id, label: o.label, lang: 'de' }))} />
        <TextArea id="uebung-begruendung" label={t('reason')} hint={t('reasonHint')} required value={reason} onChange={setReason} rows={3} error={reasonError} errorLang={missing ? undefined : 'de'} />
        <Button label={t('decide')} type="submit" variant="primary" data-testid="sandbox-decide" />
      </form>
    </section>
  );
}

export default function SandboxCasePage({ params }: PageProps) {
  const t = useT(m);
  const { lang } = useLang();
  const announce = useAnnounce();
  const { query } = useLocation();
  const kiosk = query.get('kiosk') === '1';
  usePageTitle(t('title', { no: params.no ?? '' }));
  const [session, setSession] = useState<SandboxSession | null>(null);
  const [c, setC] = useState<SandboxCase | null>(null);
  const [audience, setAudience] = useState<Audience>('caseworker');
  const [error, setError] = useState<ApiError | null>(null);
  const [gone, setGone] = useState(false);
  const [draft, setDraft] = useState<SandboxDraft | null>(null);
  const [draftErr, setDraftErr] = useState<string | null>(null);
  const no = Number(params.no);
  const valid = /^\d{1,3}$/.test(params.no ?? '');

  const load = useCallback(
    async (s: SandboxSession, a: Audience) => {
      try {
        setC(await callAs<SandboxCase>(api.GET('/api/sandbox/sessions/{sessionId}/cases/{no}', { params: { path: { sessionId: s.sessionId, no }, query: { audience: a } } })));
        setError(null);
      } catch (x) {
        const e = err(x);
        if (e.status === 404 && !e.problems.length) {
          forgetSession();
          setGone(true);
        } else setError(e);
      }
    },
    [no],
  );
  useEffect(() => {
    if (!valid) return;
    void ensureSession(kiosk).then((s) => {
      setSession(s);
      return load(s, audience);
    });
  }, [valid, kiosk]);

  const changeAudience = (a: string) => {
    setAudience(a as Audience);
    if (session) void load(session, a as Audience);
  };
  const makeDraft = async (planted: boolean) => {
    if (!session) return;
    setDraftErr(null);
    try {
      setDraft(await callAs<SandboxDraft>(api.POST('/api/sandbox/sessions/{sessionId}/cases/{no}/draft', { params: { path: { sessionId: session.sessionId, no } }, body: { planted } })));
      announce(t('draft'));
    } catch (x) {
      setDraftErr(err(x).message);
    }
  };
  const resetCase = async () => {
    if (!session) return;
    await callAs(api.POST('/api/sandbox/sessions/{sessionId}/cases/{no}/reset', { params: { path: { sessionId: session.sessionId, no } } }));
    setDraft(null);
    await load(session, audience);
    announce(t('saved'));
  };
  const backTo = `/experimentierraum${kiosk ? '?kiosk=1' : ''}`;

  if (!valid || (error && !c))
    return (
      <>
        <SandboxBanner />
        <PageHeading>{t('noCase')}</PageHeading>
        {error && (
          <p lang="de" data-testid="sandbox-case-error">
            {error.message}
          </p>
        )}
        <p>
          <Link to={backTo}>{t('back')}</Link>
        </p>
      </>
    );
  return (
    <>
      <SandboxBanner kioskSeconds={kiosk ? (session?.idleSeconds ?? null) : null} />
      {session && kiosk && <KioskGuard session={session} />}
      <PageHeading>{c ? <span lang="de">{c.label}</span> : t('title', { no })}</PageHeading>
      <p>
        <Link to={backTo}>{t('back')}</Link>
      </p>
      {gone && (
        <SessionGone
          onRestart={() =>
            void startSession(kiosk).then((s) => {
              setSession(s);
              setGone(false);
              return load(s, audience);
            })
          }
        />
      )}
      {c && (
        <>
          <h2>{t('result')}</h2>
          <p data-testid="sandbox-case-outcome">
            <Badge label={t(`o_${c.outcome}` as Key)} tone={c.outcome === 'decided' ? 'success' : 'warning'} />{' '}
            {c.mainValue != null && <span>{t('value', { name: c.mainOutput, value: formatDecimal(c.mainValue, undefined, lang) })}</span>}
          </p>
          {c.missing.length > 0 && (
            <>
              <h3>{t('missing')}</h3>
              <ul lang="de">
                {c.missing.map((x) => (
                  <li key={x.input}>{x.question}</li>
                ))}
              </ul>
            </>
          )}
          {c.openDiscretion.length > 0 && session && <Discretion key={c.openDiscretion[0]!.point} c={c} session={session} audience={audience} onDone={setC} />}
          {c.decidedDiscretion.length > 0 && (
            <>
              <h3>{t('decided')}</h3>
              <ul data-testid="sandbox-decided">
                {c.decidedDiscretion.map((d) => (
                  <li key={d.point} lang="de">
                    {d.point}: {d.option} – {d.reason}
                  </li>
                ))}
              </ul>
              <Button label={t('reset')} onClick={() => void resetCase()} data-testid="sandbox-case-reset" />
            </>
          )}
          <SelectField id="uebung-ebene" label={t('audience')} value={audience} onChange={changeAudience} options={(['citizen', 'caseworker', 'auditor'] as const).map((a) => ({ value: a, label: t(`a_${a}`) }))} />
          <ExplanationView explanation={c.explanation} headingLevel={2} compact />
          <section aria-labelledby="entwurf-h">
            <h2 id="entwurf-h">{t('draft')}</h2>
            <p>{t('draftIntro')}</p>
            <Button label={t('makeDraft')} onClick={() => void makeDraft(false)} data-testid="sandbox-draft" /> <Button label={t('makePlanted')} onClick={() => void makeDraft(true)} data-testid="sandbox-draft-planted" />
            {draftErr && (
              <Alert type="warning" live>
                <span lang="de">{draftErr}</span>
              </Alert>
            )}
            {draft && (
              <div data-testid="sandbox-gate">
                {draft.planted && (
                  <p lang="de">
                    {t('planted', { what: draft.planted.description, from: draft.planted.from, to: draft.planted.to })}
                  </p>
                )}
                {draft.gate.passed ? (
                  <p data-testid="sandbox-gate-passed">
                    <Badge label={t('passed', { n: draft.gate.factsChecked })} tone="success" />
                  </p>
                ) : (
                  <>
                    <p data-testid="sandbox-gate-failed">{t('failed')}</p>
                    <ul lang="de">
                      {draft.gate.findings.map((f, i) => (
                        <li key={i}>{f.message}</li>
                      ))}
                    </ul>
                  </>
                )}
                <pre className="sandbox-letter" lang="de" tabIndex={0} aria-label={t('draft')}>
                  {draft.text}
                </pre>
              </div>
            )}
          </section>
          <h2>{t('data')}</h2>
          <pre className="sandbox-letter" lang="de" tabIndex={0} aria-label={t('data')}>
            {JSON.stringify(c.application, null, 2)}
          </pre>
        </>
      )}
    </>
  );
}
