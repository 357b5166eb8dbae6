import { useState, type FormEvent } from 'react';
import type { PageProps } from '../app/page.ts';
import { PageHeading, useAnnounce, useFocusAfterRender, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, call } from '../shared/api.ts';
import type { Calculation, FormInput, WhatIfResult } from '../shared/api-views.ts';
import { formatEuro } from '../shared/format.ts';
import { ErrorSummary, SelectField } from '../shared/form.tsx';
import { messages, useLang, useT } from '../shared/i18n.tsx';
import { Alert, Button } from '../shared/kolibri.tsx';
import { navigate } from '../shared/router.tsx';
import { ExplanationView } from './ExplanationView.tsx';
import type { Data } from './packform/model.ts';
import { PackFields, question } from './packform/PackFields.tsx';
import { StepHeading, StepList } from './packform/Steps.tsx';
import { scopesOf } from './packform/Summary.tsx';
import { buildSteps, defAt, usePackForm } from './packform/usePackForm.ts';

const m = messages({
  de: {
    title: '{pack}: unverbindlich berechnen',
    titleLoading: 'Rechner',
    intro: 'Ohne Anmeldung. Ihre Angaben werden nur für die Berechnung an den Server geschickt und nicht gespeichert. Das Ergebnis ist unverbindlich – verbindlich ist allein der Bescheid.',
    general: 'Allgemeine Angaben',
    result: 'Ergebnis',
    next: 'Weiter',
    back: 'Zurück',
    calculate: 'Berechnen',
    errors: 'Bitte prüfen Sie Ihre Angaben',
    resultTitle: 'Voraussichtliches Ergebnis',
    perMonth: 'im Monat (voraussichtlich)',
    decided: 'Nach Ihren Angaben ergibt sich:',
    noClaim: 'Nach Ihren Angaben besteht voraussichtlich kein Anspruch.',
    needsHuman: 'Hier muss ein Mensch entscheiden',
    needsHumanText: 'Das Gesetz lässt der Behörde an dieser Stelle einen Spielraum. Über Ihren Antrag würde eine Mitarbeiterin oder ein Mitarbeiter entscheiden. Der Betrag oben gilt nur, wenn so entschieden wird wie vorläufig angenommen.',
    missingTitle: 'Für ein Ergebnis fehlen noch Angaben',
    reasons: 'Gründe',
    whatIfTitle: 'Was wäre, wenn …?',
    whatIfIntro: 'Ab welchem Wert einer Angabe ändert sich das Ergebnis? Zum Beispiel: Ab welchem Einkommen gäbe es kein Wohngeld mehr?',
    whatIfField: 'Welche Angabe soll sich ändern?',
    whatIfRun: 'Grenze berechnen',
    whatIfNone: 'Innerhalb von 0 bis 1.000.000 ändert sich das Ergebnis bei dieser Angabe nicht.',
    whatIfUp: 'Ab {at} ändert sich das Ergebnis (dann: {there}).',
    whatIfDown: 'Bei {at} oder weniger ändert sich das Ergebnis (dann: {there}).',
    whatIfNumeric: 'Es gibt noch keine Zahl-Angabe, die sich ändern ließe.',
    edit: 'Angaben ändern',
    apply: 'Mit diesen Angaben einen Antrag stellen',
    announceResult: 'Ergebnis berechnet.',
    germanNote: '',
  },
  en: {
    title: '{pack}: calculate without obligation',
    titleLoading: 'Calculator',
    intro: 'No sign-in. Your entries are sent to the server only for the calculation and are not stored. The result is not binding – only the official decision is.',
    general: 'General information',
    result: 'Result',
    next: 'Next',
    back: 'Back',
    calculate: 'Calculate',
    errors: 'Please check your entries',
    resultTitle: 'Expected result',
    perMonth: 'per month (expected)',
    decided: 'Based on your entries:',
    noClaim: 'Based on your entries there is probably no entitlement.',
    needsHuman: 'A person has to decide here',
    needsHumanText: 'The law leaves the authority room for judgement here. A member of staff would decide on your application. The amount above only applies if the decision is as provisionally assumed.',
    missingTitle: 'Information still missing for a result',
    reasons: 'Reasons',
    whatIfTitle: 'What if …?',
    whatIfIntro: 'At which value of an entry does the result change? For example: from which income would there be no housing benefit?',
    whatIfField: 'Which entry should change?',
    whatIfRun: 'Calculate the limit',
    whatIfNone: 'Between 0 and 1,000,000 the result does not change for this entry.',
    whatIfUp: 'From {at} the result changes (then: {there}).',
    whatIfDown: 'At {at} or less the result changes (then: {there}).',
    whatIfNumeric: 'There is no numeric entry yet that could change.',
    edit: 'Change entries',
    apply: 'Apply with these entries',
    announceResult: 'Result calculated.',
    germanNote: 'The questions and explanations come from the legal rules and are in German.',
  },
});

/** Every number the person entered: the candidates for what-if. */
function numericPaths(data: unknown, pack: Parameters<typeof defAt>[0]): { path: string; def: FormInput }[] {
  const out: { path: string; def: FormInput }[] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    else if (v !== undefined && v !== null) {
      const def = defAt(pack, path);
      if (def && (def.type === 'money' || def.type === 'integer' || def.type === 'number') && !def.enum) out.push({ path, def });
    }
  };
  walk(data, '$');
  return out;
}

/** A what-if candidate by the pack's question for it, with its item's values filled in — never the field's code. */
function pathLabel(data: Data, path: string, def: FormInput): string {
  return question(def.question, scopesOf(data, path), 'de');
}

export function CalculatorPage({ params }: PageProps) {
  const packId = params.packId!;
  const t = useT(m);
  const { lang } = useLang();
  const announce = useAnnounce();
  const focusStepHeading = useFocusAfterRender('step-heading');
  const f = usePackForm(packId, null);
  const [errors, setErrors] = useState<{ fieldId: string; message: string }[]>([]);
  const [result, setResult] = useState<Calculation | null>(null);
  const [busy, setBusy] = useState(false);
  const [fatal, setFatal] = useState<string | null>(null);
  const [wiPath, setWiPath] = useState('');
  const [wi, setWi] = useState<WhatIfResult | null>(null);
  const [wiError, setWiError] = useState<string | null>(null);
  usePageTitle(f.pack ? t('title', { pack: f.pack.title }) : t('titleLoading'));

  if (f.loadError) return <Alert type="error" title={t('titleLoading')}>{f.loadError}</Alert>;
  if (!f.pack) return <p role="status">…</p>;
  const steps = buildSteps(f.pack, t('general'));
  const total = steps.length + 1;
  const onResult = f.step >= steps.length;
  const current = steps[Math.min(f.step, steps.length - 1)]!;

  const go = (n: number) => {
    f.setStep(n);
    setErrors([]);
    focusStepHeading();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFatal(null);
    try {
      const last = f.step === steps.length - 1;
      const r = await f.check(last ? steps : [current], { requireComplete: last });
      setErrors(r.errors);
      if (!r.ok) return;
      if (last) {
        setResult(r.calculation);
        setWi(null);
        announce(t('announceResult'));
      }
      go(f.step + 1);
    } catch (err) {
      setFatal(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const runWhatIf = async () => {
    if (!wiPath) return;
    setWiError(null);
    setBusy(true);
    try {
      const r = await call(api.POST('/api/public/packs/{packId}/what-if', { params: { path: { packId } }, body: { antrag: f.state.data, path: wiPath } }));
      setWi(r);
      announce(r.sentences.join(' ') || t('whatIfNone'));
    } catch (err) {
      setWiError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const toApplication = () => {
    const key = `amtsklar.antrag.${packId}`;
    localStorage.setItem(key, JSON.stringify({ state: f.state, step: 0, extra: {}, savedAt: new Date().toISOString() }));
    navigate(`/antrag/${packId}`);
  };

  const candidates = numericPaths(f.state.data, f.pack);
  const money = (v: unknown) => (typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) ? formatEuro(v, lang) : String(v));

  return (
    <>
      <PageHeading>{t('title', { pack: f.pack.title })}</PageHeading>
      <p className="lead">{t('intro')}</p>
      {lang === 'en' && <p className="notice">{t('germanNote')}</p>}
      <StepList names={[...steps.map((s) => s.name), t('result')]} current={f.step} germanNames={[...steps.map((s) => s.id !== 'allgemein'), false]} />
      {fatal && (
        <Alert type="error" title={t('errors')} live>
          {fatal}
        </Alert>
      )}
      {!onResult ? (
        <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="step-heading">
          <StepHeading n={f.step + 1} total={total} name={current.name} german={current.id !== 'allgemein'} />
          <ErrorSummary title={t('errors')} errors={errors} />
          <PackFields inputs={current.inputs} base="$" ctx={f.ctx} />
          <div className="actions">
            {f.step > 0 && <Button label={t('back')} onClick={() => go(f.step - 1)} />}
            <Button label={f.step === steps.length - 1 ? t('calculate') : t('next')} type="submit" variant="primary" disabled={busy} data-testid="step-next" />
          </div>
        </form>
      ) : (
        result && (
          <section aria-labelledby="step-heading" data-testid="calc-result">
            <StepHeading n={total} total={total} name={t('resultTitle')} />
            {result.outcome === 'missing_inputs' ? (
              <>
                <h3>{t('missingTitle')}</h3>
                <ul lang="de">
                  {result.missing.map((x) => (
                    <li key={x.input}>{x.question}</li>
                  ))}
                </ul>
              </>
            ) : (
              <>
                <p>{t('decided')}</p>
                <p className="result-figure" data-testid="calc-main-value">
                  {money(result.mainValue)} <span className="muted">{t('perMonth')}</span>
                </p>
                {(result.mainValue === 0 || result.mainValue === '0' || result.mainValue === '0.00') && <p>{t('noClaim')}</p>}
                {result.outcome === 'needs_human' && (
                  <div className="notice notice--warning">
                    <h3>{t('needsHuman')}</h3>
                    <p>{t('needsHumanText')}</p>
                    <ul lang="de">
                      {result.discretion.map((d) => (
                        <li key={d.point}>
                          {d.why} ({d.norm})
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
                {result.reasons.length > 0 && (
                  <>
                    <h3>{t('reasons')}</h3>
                    <ul lang="de">
                      {result.reasons.map((r) => (
                        <li key={r.norm + r.text}>
                          {r.text} ({r.norm})
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                <ExplanationView explanation={result.explanation} headingLevel={3} />
              </>
            )}
            {result.outcome !== 'missing_inputs' && (
              <section aria-labelledby="whatif-title" className="panel">
                <h3 id="whatif-title">{t('whatIfTitle')}</h3>
                <p>{t('whatIfIntro')}</p>
                {candidates.length === 0 ? (
                  <p>{t('whatIfNumeric')}</p>
                ) : (
                  <>
                    <SelectField
                      id="whatif-field"
                      label={t('whatIfField')}
                      value={wiPath}
                      placeholder="—"
                      options={candidates.map((c) => ({ value: c.path, label: pathLabel(f.state.data, c.path, c.def), lang: 'de' }))}
                      onChange={(v) => {
                        setWiPath(v);
                        setWi(null);
                      }}
                      error={wiError}
                      errorLang="de"
                      required
                    />
                    <Button label={t('whatIfRun')} onClick={() => void runWhatIf()} disabled={busy || !wiPath} data-testid="whatif-run" />
                  </>
                )}
                {wi && (
                  <div data-testid="whatif-result" className="notice">
                    {wi.sentences.length > 0 ? (
                      <ul lang="de">
                        {wi.sentences.map((s) => (
                          <li key={s}>{s}</li>
                        ))}
                      </ul>
                    ) : (
                      <p>{t('whatIfNone')}</p>
                    )}
                    <ul>
                      {wi.boundaries.map((b) => (
                        <li key={b.direction}>{t(b.direction === 'up' ? 'whatIfUp' : 'whatIfDown', { at: money(b.at), there: money(b.outputThere) })}</li>
                      ))}
                    </ul>
                  </div>
                )}
              </section>
            )}
            <div className="actions">
              <Button label={t('edit')} onClick={() => go(0)} />
              <Button label={t('apply')} variant="primary" onClick={toApplication} />
            </div>
          </section>
        )
      )}
    </>
  );
}

export default CalculatorPage;
