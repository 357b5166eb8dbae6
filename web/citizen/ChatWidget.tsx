import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, api, call } from '../shared/api.ts';
import type { ChatResponse, Welcome } from '../shared/api-views.ts';
import { Checkbox, TextArea } from '../shared/form.tsx';
import { messages, useLang, useT } from '../shared/i18n.tsx';
import { Alert, Button } from '../shared/kolibri.tsx';
import { Link } from '../shared/router.tsx';

const m = messages({
  de: {
    aiLabel: 'KI-Assistent',
    you: 'Sie',
    question: 'Ihre Frage',
    questionHint: 'Allgemeine Fragen zu Leistungen der Stadt. Bitte keine persönlichen Daten eingeben.',
    send: 'Frage senden',
    sending: 'Antwort wird erstellt …',
    empty: 'Bitte geben Sie eine Frage ein.',
    tooLong: 'Bitte fassen Sie Ihre Frage kürzer (höchstens 1.000 Zeichen).',
    sources: 'Quellen',
    handover: 'Bitte wenden Sie sich an:',
    phone: 'Telefon',
    email: 'E-Mail',
    hours: 'Öffnungszeiten',
    appointment: 'Termin vereinbaren',
    emergency: 'Sofort Hilfe',
    helpful: 'War diese Antwort hilfreich?',
    consent: 'Ich bin einverstanden, dass meine Frage, die Antwort und meine Bewertung gespeichert werden, um den Assistenten zu verbessern. Persönliche Daten werden vorher entfernt.',
    consentMissing: 'Bitte stimmen Sie zuerst der Speicherung zu.',
    feedbackYes: 'Ja, hilfreich',
    feedbackNo: 'Nein, nicht hilfreich',
    thanks: 'Danke für Ihre Rückmeldung.',
    newAnswer: 'Neue Antwort des KI-Assistenten: {text}',
    unavailable: 'Der Assistent ist nicht verfügbar',
    log: 'Gesprächsverlauf',
  },
  en: {
    aiLabel: 'AI assistant',
    you: 'You',
    question: 'Your question',
    questionHint: 'General questions about city services. Please do not enter personal data.',
    send: 'Send question',
    sending: 'Preparing the answer …',
    empty: 'Please enter a question.',
    tooLong: 'Please shorten your question (at most 1,000 characters).',
    sources: 'Sources',
    handover: 'Please contact:',
    phone: 'Phone',
    email: 'E-mail',
    hours: 'Opening hours',
    appointment: 'Book an appointment',
    emergency: 'Immediate help',
    helpful: 'Was this answer helpful?',
    consent: 'I agree that my question, the answer and my rating are stored to improve the assistant. Personal data is removed first.',
    consentMissing: 'Please agree to the storage first.',
    feedbackYes: 'Yes, helpful',
    feedbackNo: 'No, not helpful',
    thanks: 'Thank you for your feedback.',
    newAnswer: 'New answer from the AI assistant: {text}',
    unavailable: 'The assistant is not available',
    log: 'Conversation',
  },
});

interface Turn {
  question: string;
  response: ChatResponse;
}

/** Links to the city's own service pages stay inside the portal. */
function localHref(url: string): string {
  try {
    const u = new URL(url, location.origin);
    return u.pathname.startsWith('/leistungen/') ? `${u.pathname}${u.hash}` : url;
  } catch {
    return url;
  }
}

/**
 * The citizen assistant: visibly and audibly an AI (disclosure before the first question and
 * with every answer), answers with links to the exact service description, hands over to
 * people. New answers are read out through a polite live region (crisis hand-overs assertively).
 */
export default function ChatWidget() {
  const t = useT(m);
  const { lang } = useLang();
  const [welcome, setWelcome] = useState<Welcome | null>(null);
  const [turns, setTurns] = useState<Turn[]>([]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [live, setLive] = useState({ polite: '', assertive: '' });
  const inputRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void call(api.GET('/api/assistant/welcome', { params: { query: { lang } } }))
      .then(setWelcome)
      .catch(() => setWelcome(null));
  }, [lang]);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    const q = text.trim();
    if (!q) return setError(t('empty'));
    if (q.length > 1000) return setError(t('tooLong'));
    setError(null);
    setBusy(true);
    try {
      const r = await call(api.POST('/api/assistant/chat', { body: { message: q, lang, first: turns.length === 0 } }));
      setTurns((ts) => [...ts, { question: q, response: r }]);
      setText('');
      const spoken = t('newAnswer', { text: [r.disclosure.text, r.answer?.text, r.handover?.message].filter(Boolean).join(' ') });
      const crisis = r.handover && ['crisis', 'violence', 'emergency'].includes(r.handover.reason);
      setLive({ polite: '', assertive: '' });
      window.setTimeout(() => setLive(crisis ? { polite: '', assertive: spoken } : { polite: spoken, assertive: '' }), 50);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
      inputRef.current?.querySelector('textarea')?.focus();
    }
  };

  if (welcome && !welcome.available) {
    return (
      <Alert type="info" title={t('unavailable')}>
        <p>{welcome.disclosure}</p>
        <p>{welcome.unavailableMessage}</p>
      </Alert>
    );
  }

  return (
    <div className="chat" data-testid="chat-widget">
      {welcome && (
        <div className="notice notice--ai" data-testid="chat-disclosure">
          <p>
            <strong>{t('aiLabel')}:</strong> {welcome.disclosure}
          </p>
          {turns.length === 0 && <p>{welcome.welcome}</p>}
        </div>
      )}
      <h3 id="chat-log-title">{t('log')}</h3>
      <ol className="chat-log" aria-labelledby="chat-log-title" data-testid="chat-log">
        {turns.map((turn, i) => (
          <ChatTurn key={i} turn={turn} />
        ))}
      </ol>
      <div className="visually-hidden" aria-live="polite" data-testid="chat-live">
        {live.polite}
      </div>
      <div className="visually-hidden" aria-live="assertive">
        {live.assertive}
      </div>
      <form onSubmit={(e) => void send(e)} noValidate>
        <div ref={inputRef}>
          <TextArea id="chat-question" label={t('question')} hint={t('questionHint')} value={text} onChange={setText} rows={3} required error={error} />
        </div>
        <Button label={busy ? t('sending') : t('send')} type="submit" variant="primary" disabled={busy} data-testid="chat-send" />
      </form>
    </div>
  );
}

function ChatTurn({ turn }: { turn: Turn }) {
  const t = useT(m);
  const { lang } = useLang();
  const r = turn.response;
  const [consent, setConsent] = useState(false);
  const [fbError, setFbError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const feedback = async (helpful: boolean) => {
    if (!consent) return setFbError(t('consentMissing'));
    setFbError(null);
    try {
      await call(
        api.POST('/api/assistant/feedback', {
          body: { consent: true, helpful, question: turn.question, answer: r.answer?.text ?? r.handover?.message ?? '', citations: r.citations.map((c) => c.url), language: r.language, mode: r.mode },
        }),
      );
      setSent(true);
    } catch (err) {
      setFbError(err instanceof ApiError ? err.message : String(err));
    }
  };
  const answerLang = r.language !== lang ? r.language : undefined;
  return (
    <>
      <li className="from-user">
        <strong>{t('you')}:</strong> {turn.question}
      </li>
      <li className="from-bot">
        <p className="muted">
          <strong>{t('aiLabel')}</strong> – {r.disclosure.text}
        </p>
        {r.piiWarning && <p className="field-error">{r.piiWarning.message}</p>}
        {r.handover?.emergency && r.handover.emergency.length > 0 && (
          <div className="notice notice--warning">
            <p>
              <strong>{t('emergency')}</strong>
            </p>
            <ul>
              {r.handover.emergency.map((e) => (
                <li key={e.id}>
                  {e.name}: <a href={`tel:${e.number.replace(/[^0-9+]/g, '')}`}>{e.number}</a>
                  {e.note ? ` – ${e.note}` : ''}
                </li>
              ))}
            </ul>
          </div>
        )}
        {r.answer && (
          <div lang={answerLang}>
            {r.answer.text.split('\n').map((line, i) => (
              <p key={i}>{line}</p>
            ))}
            {r.answer.notice && <p className="muted">{r.answer.notice}</p>}
          </div>
        )}
        {r.citations.length > 0 && (
          <>
            <p>
              <strong>{t('sources')}:</strong>
            </p>
            <ol>
              {r.citations.map((c) => (
                <li key={c.n} lang="de">
                  <Link to={localHref(c.url)}>
                    {c.serviceTitle} – {c.heading}
                  </Link>
                </li>
              ))}
            </ol>
          </>
        )}
        {r.handover && (
          <div className="notice">
            <p>{r.handover.message}</p>
            {r.handover.office && (
              <>
                <p>{t('handover')}</p>
                <p lang="de">
                  {r.handover.office.name}
                  {r.handover.office.address ? `, ${r.handover.office.address}` : ''}
                  <br />
                  {r.handover.office.phone && (
                    <>
                      {t('phone')}: <a href={`tel:${r.handover.office.phone.replace(/[^0-9+]/g, '')}`}>{r.handover.office.phone}</a>
                      <br />
                    </>
                  )}
                  {r.handover.office.email && (
                    <>
                      {t('email')}: <a href={`mailto:${r.handover.office.email}`}>{r.handover.office.email}</a>
                      <br />
                    </>
                  )}
                  {r.handover.office.openingHours && (
                    <>
                      {t('hours')}: {r.handover.office.openingHours}
                    </>
                  )}
                </p>
                {r.handover.office.appointmentUrl && (
                  <p>
                    <a href={r.handover.office.appointmentUrl}>{t('appointment')}</a>
                  </p>
                )}
              </>
            )}
          </div>
        )}
        {sent ? (
          <p role="status">{t('thanks')}</p>
        ) : (
          <fieldset className="field">
            <legend>{t('helpful')}</legend>
            <Checkbox label={t('consent')} checked={consent} onChange={setConsent} error={fbError} />
            <div className="actions">
              <button type="button" className="btn" onClick={() => void feedback(true)}>
                {t('feedbackYes')}
              </button>
              <button type="button" className="btn" onClick={() => void feedback(false)}>
                {t('feedbackNo')}
              </button>
            </div>
          </fieldset>
        )}
      </li>
    </>
  );
}
