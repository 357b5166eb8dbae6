import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { PageHeading, useAnnounce, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, call, callAs } from '../shared/api.ts';
import { formatDate, formatDecimal, formatEuro } from '../shared/format.ts';
import { ErrorSummary, RadioGroup, SelectField, TextArea, TextField } from '../shared/form.tsx';
import { messages, useLang, useT } from '../shared/i18n.tsx';
import { Alert, Button } from '../shared/kolibri.tsx';
import { Link, useLocation } from '../shared/router.tsx';
import { ExplanationView } from '../citizen/ExplanationView.tsx';
import { enumLabel } from '../citizen/packform/labels.ts';
import { formMessages } from '../citizen/packform/messages.ts';
import { fieldId, leaves, movable, packFields, sendable, withLeaves, type SandboxField } from './fields.ts';
import { KioskGuard, SandboxBanner } from './Frame.tsx';
import { endSession, ensureSession, startSession } from './session.ts';
import type { Audience, PoolItem, SandboxCalc, SandboxCase, SandboxInfo, SandboxSession } from './views.ts';

export const m = messages({
  de: {
    title: 'Experimentierraum: KI und Regeln selbst ausprobieren',
    intro: 'Hier probieren Sie aus, was die Verwaltung mit Amtsklar tut – mit ausgedachten Fällen. Rechnen Sie Wohngeld und Kita-Beitrag, spielen Sie Sachbearbeitung, fragen Sie den Assistenten und sagen Sie uns, was Ihnen auffällt.',
    day: 'Übungsfälle vom {day}; das nächste Zurücksetzen ist am {next}.',
    cases: 'Übungsfälle: Schreibtisch der Sachbearbeitung',
    casesIntro: 'Öffnen Sie einen Fall: Angaben, Ergebnis, Erklärung auf jeder Ebene, Ermessen entscheiden, Entwurf des Schreibens und die Prüfung, die einen eingebauten Fehler findet.',
    o_decided: 'berechnet',
    o_missing_inputs: 'Angaben fehlen',
    o_needs_human: 'Ermessen offen',
    calc: 'Rechner mit „Was wäre, wenn“',
    calcIntro: 'Wählen Sie einen Übungsfall als Ausgangspunkt und ändern Sie die Angaben. Es gibt keine Felder für Namen – nur, was die Berechnung braucht.',
    start: 'Ausgangspunkt',
    audience: 'Erklärung für',
    a_citizen: 'Bürgerinnen und Bürger',
    a_caseworker: 'Sachbearbeitung',
    a_auditor: 'Prüfung (Revision, Aufsicht)',
    calculate: 'Berechnen',
    noResult: 'Kein Ergebnis: {outcome}',
    whatIf: 'Was wäre, wenn …?',
    whatIfField: 'Welche Angabe soll sich ändern?',
    whatIfRun: 'Grenze berechnen',
    chat: 'Den Bürger-Assistenten ausprobieren',
    chatIntro: 'Der Assistent antwortet aus den Leistungsbeschreibungen der Stadt (hier ohne Sprachmodell). Er ist eine Maschine und sagt das auch.',
    question: 'Ihre Frage',
    ask: 'Frage senden',
    answer: 'Antwort des Assistenten (KI)',
    feedback: 'Ihre Erfahrung teilen',
    feedbackIntro: 'Was war verständlich, was nicht? Ihre Rückmeldung bleibt nach dem Zurücksetzen erhalten und geht an die Verantwortlichen.',
    subject: 'Worauf bezieht sie sich?',
    s_explanation: 'eine Erklärung',
    's_chatbot-answer': 'eine Antwort des Assistenten',
    s_decision: 'eine Entscheidung eines Übungsfalls',
    s_letter: 'ein Schreiben eines Übungsfalls',
    rating: 'Wie hilfreich war es? (1 = gar nicht, 5 = sehr)',
    ratingMissing: 'Bitte wählen Sie eine Bewertung.',
    text: 'Was möchten Sie uns sagen?',
    textHint: 'Bitte ohne persönliche Daten – solche Texte werden abgelehnt.',
    send: 'Rückmeldung senden',
    thanks: 'Danke für Ihre Rückmeldung!',
    end: 'Alles löschen und neu beginnen',
    endText: 'Löscht Ihre Übungssitzung mit allem, was Sie entschieden haben.',
    ended: 'Gelöscht. Eine neue Übungssitzung hat begonnen.',
    kioskLink: 'Kiosk-Modus (z. B. in der Bibliothek): löscht alles nach Untätigkeit',
    errors: 'Bitte prüfen Sie Ihre Angaben',
    refused: 'Abgelehnt',
  },
  en: {
    title: 'Experimentation space: try AI and rules yourself',
    intro: 'Try what the administration does with Amtsklar – with made-up cases. Calculate housing benefit and childcare fees, play caseworker, ask the assistant and tell us what you notice.',
    day: 'Practice cases of {day}; the next reset is on {next}.',
    cases: 'Practice cases: the caseworker’s desk',
    casesIntro: 'Open a case: data, result, explanation at every level, decide discretion, the draft letter and the check that finds a planted error.',
    o_decided: 'calculated',
    o_missing_inputs: 'information missing',
    o_needs_human: 'discretion open',
    calc: 'Calculators with “what if”',
    calcIntro: 'Choose a practice case as a starting point and change the data. There are no fields for names – only what the calculation needs.',
    start: 'Starting point',
    audience: 'Explanation for',
    a_citizen: 'citizens',
    a_caseworker: 'caseworkers',
    a_auditor: 'auditors',
    calculate: 'Calculate',
    noResult: 'No result: {outcome}',
    whatIf: 'What if …?',
    whatIfField: 'Which item should change?',
    whatIfRun: 'Find the threshold',
    chat: 'Try the citizen assistant',
    chatIntro: 'The assistant answers from the city’s service descriptions (here without a language model). It is a machine and says so.',
    question: 'Your question',
    ask: 'Send question',
    answer: 'Answer of the assistant (AI)',
    feedback: 'Share your experience',
    feedbackIntro: 'What was clear, what was not? Your feedback survives the reset and goes to the people responsible.',
    subject: 'What is it about?',
    s_explanation: 'an explanation',
    's_chatbot-answer': 'an answer of the assistant',
    s_decision: 'a decision of a practice case',
    s_letter: 'a letter of a practice case',
    rating: 'How helpful was it? (1 = not at all, 5 = very)',
    ratingMissing: 'Please choose a rating.',
    text: 'What would you like to tell us?',
    textHint: 'Please without personal data – such texts are refused.',
    send: 'Send feedback',
    thanks: 'Thank you for your feedback!',
    end: 'Delete everything and start again',
    endText: 'Deletes your practice session with everything you decided.',
    ended: 'Deleted. A new practice session has started.',
    kioskLink: 'Kiosk mode (e.g. in the library): deletes everything after inactivity',
    errors: 'Please check your entries',
    refused: 'Refused',
  },
});
export type SandboxKey = keyof (typeof m)['de'];

const err = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'error', String(e)));

function Calculator({ pool, session }: { pool: PoolItem[]; session: SandboxSession }) {
  const t = useT(m);
  const tf = useT(formMessages);
  const { lang } = useLang();
  const announce = useAnnounce();
  const [startNo, setStartNo] = useState(String(pool[0]?.no ?? ''));
  const [base, setBase] = useState<{ packId: string; application: Record<string, unknown> } | null>(null);
  const [fields, setFields] = useState<SandboxField[]>([]);
  const [audience, setAudience] = useState<Audience>('citizen');
  const [result, setResult] = useState<SandboxCalc | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [whatPath, setWhatPath] = useState('');
  const [sentences, setSentences] = useState<string[] | null>(null);
  useEffect(() => {
    if (!startNo) return;
    let live = true;
    callAs<SandboxCase>(api.GET('/api/sandbox/sessions/{sessionId}/cases/{no}', { params: { path: { sessionId: session.sessionId, no: Number(startNo) } } }))
      .then(async (c) => {
        // The pack's questions and answer names, as the citizen form shows them.
        const pack = await call(api.GET('/api/public/packs/{packId}', { params: { path: { packId: c.packId } } }));
        if (!live) return;
        setBase({ packId: c.packId, application: c.application });
        const fs = packFields(pack, c.application, leaves(c.application));
        setFields(fs);
        // Income is what people ask about first (“up to which income…?”).
        setWhatPath((fs.find((f) => movable(f) && /einkuenfte|brutto|einkommen/.test(f.path)) ?? fs.find(movable))?.path ?? '');
        setResult(null);
        setSentences(null);
      })
      .catch((e: unknown) => live && setError(err(e)));
    return () => {
      live = false;
    };
  }, [startNo, session.sessionId]);
  const antrag = () => withLeaves(base!.application, fields.map(sendable));
  const setValue = (i: number) => (v: string) => setFields((fs) => fs.map((x, j) => (j === i ? { ...x, value: v } : x)));
  const calculate = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await callAs<SandboxCalc>(api.POST('/api/sandbox/calculate', { body: { packId: base!.packId as 'wohngeld', antrag: antrag() as Record<string, never>, audience } }));
      setResult(r);
      announce(t('calculate'));
    } catch (x) {
      setError(err(x));
    }
  };
  const whatIf = async () => {
    setError(null);
    try {
      const r = await callAs<{ sentences: string[] }>(api.POST('/api/sandbox/what-if', { body: { packId: base!.packId as 'wohngeld', antrag: antrag() as Record<string, never>, path: whatPath, change: base!.packId === 'wohngeld' ? 'claim' : 'value' } }));
      setSentences(r.sentences);
    } catch (x) {
      setError(err(x));
    }
  };
  const fieldProblem = (path: string) => error?.problems.find((p) => p.path === `$.antrag${path.slice(1)}`)?.message ?? null;
  const summary = error ? (error.problems.length ? error.problems.map((p) => ({ fieldId: p.path.startsWith('$.antrag') ? fieldId(`$${p.path.slice(8)}`) : 'rechner-start', message: p.message })) : [{ fieldId: 'rechner-start', message: error.message }]) : [];
  const answerLabel = (f: SandboxField, v: unknown) => {
    const l = enumLabel(lang, f.def.name, v);
    return { value: String(v), label: l.text, ...(l.lang ? { lang: l.lang } : {}) };
  };
  const shownResult = (r: SandboxCalc) => (r.mainType === 'money' || r.mainType === 'euro' ? formatEuro(r.mainValue, lang) : typeof r.mainValue === 'string' || typeof r.mainValue === 'boolean' ? enumLabel(lang, r.mainOutput, r.mainValue).text : formatDecimal(r.mainValue, undefined, lang));
  return (
    <section aria-labelledby="rechner-h">
      <h2 id="rechner-h">{t('calc')}</h2>
      <p>{t('calcIntro')}</p>
      <form onSubmit={(e) => void calculate(e)} noValidate>
        <ErrorSummary title={t('errors')} errors={summary} />
        <SelectField id="rechner-start" label={t('start')} value={startNo} onChange={setStartNo} options={pool.map((p) => ({ value: String(p.no), label: p.label, lang: 'de' }))} />
        {fields.map((f, i) => {
          const common = { id: fieldId(f.path), label: f.label, lang: lang === 'de' ? undefined : 'de', norm: f.def.norm, required: true, error: fieldProblem(f.path), errorLang: 'de', value: f.value, onChange: setValue(i) };
          if (f.def.type === 'boolean')
            return (
              <RadioGroup
                key={f.path}
                {...common}
                inline
                options={[
                  { value: 'true', label: tf('yes') },
                  { value: 'false', label: tf('no') },
                ]}
              />
            );
          if (f.def.enum) return <SelectField key={f.path} {...common} options={f.def.enum.filter((v) => v !== null).map((v) => answerLabel(f, v))} />;
          return <TextField key={f.path} {...common} inputMode={f.def.type === 'integer' ? 'numeric' : 'decimal'} suffix={f.def.type === 'money' ? '€' : undefined} width="short" />;
        })}
        <SelectField id="rechner-ebene" label={t('audience')} value={audience} onChange={(v) => setAudience(v as Audience)} options={(['citizen', 'caseworker', 'auditor'] as const).map((a) => ({ value: a, label: t(`a_${a}`) }))} />
        <Button label={t('calculate')} type="submit" variant="primary" data-testid="sandbox-calculate" />
      </form>
      {result && (
        <div data-testid="sandbox-result">
          <p>
            <strong data-testid="sandbox-main">
              {result.mainValue != null ? (
                <>
                  <span lang={lang === 'de' ? undefined : 'de'}>{result.mainLabel}</span>: {shownResult(result)}
                </>
              ) : (
                t('noResult', { outcome: t(`o_${result.outcome}` as SandboxKey) })
              )}
            </strong>
          </p>
          <ExplanationView explanation={result.explanation} headingLevel={3} compact />
        </div>
      )}
      {base && whatPath && (
        <>
          <h3>{t('whatIf')}</h3>
          <SelectField id="rechner-wasw" label={t('whatIfField')} value={whatPath} onChange={setWhatPath} options={fields.filter(movable).map((f) => ({ value: f.path, label: f.label, lang: 'de' }))} />
          <Button label={t('whatIfRun')} onClick={() => void whatIf()} data-testid="sandbox-whatif" />
          {sentences && (
            <ul lang="de" data-testid="sandbox-whatif-result">
              {sentences.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

interface ChatAnswer {
  label: string;
  response: { disclosure: { text: string }; answer?: { text: string } | null; handover?: { message: string } | null };
}

function Chat() {
  const t = useT(m);
  const announce = useAnnounce();
  const { lang } = useLang();
  const [q, setQ] = useState('');
  const [a, setA] = useState<ChatAnswer | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const ask = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setA(null);
    try {
      const r = await callAs<ChatAnswer>(api.POST('/api/sandbox/chat', { body: { message: q, lang } }));
      setA(r);
      announce(t('answer'));
    } catch (x) {
      setError(err(x));
    }
  };
  return (
    <section aria-labelledby="chat-h">
      <h2 id="chat-h">{t('chat')}</h2>
      <p>{t('chatIntro')}</p>
      <form onSubmit={(e) => void ask(e)} noValidate>
        <TextArea id="uebung-frage" label={t('question')} required value={q} onChange={setQ} rows={2} maxLength={1000} error={error ? error.message : null} errorLang="de" />
        <Button label={t('ask')} type="submit" variant="primary" data-testid="sandbox-ask" />
      </form>
      {error && (
        <Alert type="error" title={t('refused')} live data-testid="sandbox-refused">
          <span lang="de">{error.message}</span>
        </Alert>
      )}
      {a && (
        <div className="card" data-testid="sandbox-answer">
          <h3>{t('answer')}</h3>
          <p lang="de">{a.response.disclosure.text}</p>
          <p lang="de">{a.response.answer?.text ?? a.response.handover?.message}</p>
        </div>
      )}
    </section>
  );
}

function Feedback() {
  const t = useT(m);
  const announce = useAnnounce();
  const [subject, setSubject] = useState('explanation');
  const [rating, setRating] = useState('');
  const [text, setText] = useState('');
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const ratingError = rating ? null : t('ratingMissing');
  const send = async (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    setError(null);
    if (ratingError) return;
    try {
      await callAs(api.POST('/api/sandbox/feedback', { body: { subject: subject as 'explanation', rating: Number(rating), ...(text.trim() ? { text: text.trim() } : {}), ...(subject !== 'chatbot-answer' ? { packId: 'wohngeld' as const } : {}) } }));
      setDone(true);
      announce(t('thanks'));
    } catch (x) {
      setError(err(x));
    }
  };
  const textError = error ? (error.problems.find((p) => p.path === '$.text')?.message ?? error.message) : null;
  return (
    <section aria-labelledby="uebung-rm-h">
      <h2 id="uebung-rm-h">{t('feedback')}</h2>
      <p>{t('feedbackIntro')}</p>
      {done ? (
        <Alert type="success" title={t('thanks')} live data-testid="sandbox-feedback-done">
          {t('feedbackIntro')}
        </Alert>
      ) : (
        <form onSubmit={(e) => void send(e)} noValidate>
          <ErrorSummary title={t('errors')} errors={[...(shown && ratingError ? [{ fieldId: 'uebung-rm-bewertung', message: ratingError }] : []), ...(textError ? [{ fieldId: 'uebung-rm-text', message: textError }] : [])]} />
          <SelectField id="uebung-rm-betreff" label={t('subject')} value={subject} onChange={setSubject} options={(['explanation', 'chatbot-answer', 'decision', 'letter'] as const).map((s) => ({ value: s, label: t(`s_${s}`) }))} />
          <RadioGroup id="uebung-rm-bewertung" label={t('rating')} required inline value={rating} onChange={setRating} options={['1', '2', '3', '4', '5'].map((r) => ({ value: r, label: r }))} error={shown ? ratingError : null} />
          <TextArea id="uebung-rm-text" label={t('text')} hint={t('textHint')} optionalText="" value={text} onChange={setText} rows={3} maxLength={2000} error={textError} errorLang="de" />
          <Button label={t('send')} type="submit" variant="primary" data-testid="sandbox-feedback-send" />
        </form>
      )}
    </section>
  );
}

/** The experimentation space: no login, synthetic cases only, clearly labelled; `?kiosk=1` for a public terminal. */
export default function SandboxPage() {
  const t = useT(m);
  const { lang } = useLang();
  const announce = useAnnounce();
  usePageTitle(t('title'));
  const { query } = useLocation();
  const kiosk = query.get('kiosk') === '1';
  const [info, setInfo] = useState<SandboxInfo | null>(null);
  const [pool, setPool] = useState<PoolItem[]>([]);
  const [session, setSession] = useState<SandboxSession | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [i, p, s] = await Promise.all([callAs<SandboxInfo>(api.GET('/api/sandbox')), callAs<{ items: PoolItem[] }>(api.GET('/api/sandbox/cases')), ensureSession(kiosk)]);
      // A session from before a reset is gone: begin a new one.
      const alive = await callAs(api.POST('/api/sandbox/sessions/{sessionId}/keep-alive', { params: { path: { sessionId: s.sessionId } } })).then(
        () => true,
        () => false,
      );
      setInfo(i);
      setPool(p.items);
      setSession(alive ? s : await startSession(kiosk));
    } catch (e) {
      setError(err(e).message);
    }
  }, [kiosk]);
  useEffect(() => {
    void load();
  }, [load]);

  const restart = async () => {
    if (session) await endSession(session.sessionId);
    setSession(await startSession(kiosk));
    announce(t('ended'));
  };

  return (
    <>
      <SandboxBanner kioskSeconds={kiosk ? (info?.kiosk.idleSeconds ?? null) : null} />
      <PageHeading>{t('title')}</PageHeading>
      <p className="lead">{t('intro')}</p>
      {error && (
        <Alert type="error">
          <span lang="de">{error}</span>
        </Alert>
      )}
      {info && <p data-testid="sandbox-day">{t('day', { day: formatDate(info.day, lang), next: formatDate(info.nextReset.slice(0, 10), lang) })}</p>}
      {session && kiosk && <KioskGuard session={session} />}
      <section aria-labelledby="faelle-h">
        <h2 id="faelle-h">{t('cases')}</h2>
        <p>{t('casesIntro')}</p>
        <ul data-testid="sandbox-cases">
          {pool.map((c) => (
            <li key={c.no}>
              <Link to={`/experimentierraum/fall/${c.no}${kiosk ? '?kiosk=1' : ''}`} lang="de">
                {c.label}
              </Link>{' '}
              ({t(`o_${c.outcome}` as SandboxKey)})
            </li>
          ))}
        </ul>
      </section>
      {session && pool.length > 0 && <Calculator pool={pool} session={session} />}
      <Chat />
      <Feedback />
      <section aria-labelledby="ende-h">
        <h2 id="ende-h">{t('end')}</h2>
        <p>{t('endText')}</p>
        <Button label={t('end')} onClick={() => void restart()} data-testid="sandbox-end" />
      </section>
      {!kiosk && (
        <p>
          <a href="/experimentierraum?kiosk=1">{t('kioskLink')}</a>
        </p>
      )}
    </>
  );
}
