import { useState, type FormEvent } from 'react';
import { PageHeading, useAnnounce, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import { ErrorSummary, RadioGroup, SelectField, TextArea } from '../shared/form.tsx';
import { messages, useT } from '../shared/i18n.tsx';
import { Alert, Button } from '../shared/kolibri.tsx';
import { Link, useLocation } from '../shared/router.tsx';
import type { FeedbackAnswer } from './views.ts';

export const m = messages({
  de: {
    title: 'Rückmeldung geben',
    introCase: 'Wie hilfreich war die Entscheidung, das Schreiben oder die Erklärung zu Ihrem Antrag? Ihre Rückmeldung geht an die Verantwortlichen des Systems, nicht an Ihre Sachbearbeitung, und ändert nichts an Ihrem Antrag.',
    introPublic: 'Wie hilfreich war eine Erklärung des Rechners oder eine Antwort des Bürger-Assistenten? Ihre Rückmeldung geht an die Verantwortlichen des Systems und wird auf der Transparenzseite gezählt.',
    subject: 'Worauf bezieht sich Ihre Rückmeldung?',
    s_decision: 'die Entscheidung',
    s_letter: 'ein Schreiben (Bescheid, Nachforderung, Erinnerung)',
    s_thisLetter: 'das Schreiben, von dem Sie kommen',
    s_explanation: 'die Erklärung',
    's_chatbot-answer': 'eine Antwort des Bürger-Assistenten',
    pack: 'Zu welcher Leistung?',
    rating: 'Wie hilfreich war es?',
    r1: '1 – gar nicht hilfreich',
    r2: '2',
    r3: '3',
    r4: '4',
    r5: '5 – sehr hilfreich',
    ratingMissing: 'Bitte wählen Sie eine Bewertung.',
    text: 'Was möchten Sie uns sagen?',
    textHint: 'Bitte ohne persönliche Daten. Namen, Anschriften, Telefonnummern, IBAN und ähnliches entfernen wir vor dem Speichern.',
    send: 'Rückmeldung senden',
    thanks: 'Danke für Ihre Rückmeldung!',
    errors: 'Bitte prüfen Sie Ihre Angaben',
    back: 'Zurück zu Ihrem Antrag',
    participation: 'Zur Beteiligung',
    wohngeld: 'Wohngeld',
    kita: 'Kita-Beitrag',
  },
  en: {
    title: 'Give feedback',
    introCase: 'How helpful was the decision, the letter or the explanation of your application? Your feedback goes to the people responsible for the system, not to your caseworker, and changes nothing about your application.',
    introPublic: 'How helpful was an explanation of the calculator or an answer of the citizen assistant? Your feedback goes to the people responsible for the system and is counted on the transparency page.',
    subject: 'What is your feedback about?',
    s_decision: 'the decision',
    s_letter: 'a letter (decision notice, request for documents, reminder)',
    s_thisLetter: 'the letter you came from',
    s_explanation: 'the explanation',
    's_chatbot-answer': 'an answer of the citizen assistant',
    pack: 'Which service?',
    rating: 'How helpful was it?',
    r1: '1 – not helpful at all',
    r2: '2',
    r3: '3',
    r4: '4',
    r5: '5 – very helpful',
    ratingMissing: 'Please choose a rating.',
    text: 'What would you like to tell us?',
    textHint: 'Please without personal data. We remove names, addresses, phone numbers, IBAN and the like before storing.',
    send: 'Send feedback',
    thanks: 'Thank you for your feedback!',
    errors: 'Please check your entries',
    back: 'Back to your application',
    participation: 'To participation',
    wohngeld: 'Housing benefit (Wohngeld)',
    kita: 'Childcare fee (Kita-Beitrag)',
  },
});
type Key = keyof (typeof m)['de'];

/**
 * Feedback on a decision, letter (`&schreiben=`) or explanation of one's own case (`?fall=`, signed in), or
 * without login on a calculator explanation or an answer of the assistant. The server removes
 * personal data from the text and says what it removed.
 */
export default function FeedbackPage() {
  const t = useT(m);
  usePageTitle(t('title'));
  const announce = useAnnounce();
  const { query } = useLocation();
  const caseId = query.get('fall');
  // From a letter of one's own case (`?schreiben=`): that letter is the first thing to rate.
  const letterId = caseId ? query.get('schreiben') : null;
  const subjects = caseId ? (letterId ? (['letter', 'decision', 'explanation'] as const) : (['decision', 'explanation'] as const)) : (['explanation', 'chatbot-answer'] as const);
  const [subject, setSubject] = useState<string>(query.get('betreff') ?? subjects[0]);
  const [packId, setPackId] = useState(query.get('leistung') ?? 'wohngeld');
  const [rating, setRating] = useState('');
  const [text, setText] = useState('');
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [answer, setAnswer] = useState<FeedbackAnswer | null>(null);
  const ratingError = rating ? null : t('ratingMissing');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    setError(null);
    if (ratingError) return;
    const body = {
      subject: subject as 'decision',
      rating: Number(rating),
      ...(text.trim() ? { text: text.trim() } : {}),
      ...(!caseId && subject === 'explanation' ? { packId, ref: 'citizen' } : {}),
      ...(caseId && subject === 'explanation' ? { ref: 'citizen' } : {}),
      ...(caseId && subject === 'letter' && letterId ? { ref: letterId } : {}),
    };
    try {
      const r = caseId
        ? await callAs<FeedbackAnswer>(api.POST('/api/participation/cases/{id}/feedback', { params: { path: { id: caseId } }, body }))
        : await callAs<FeedbackAnswer>(api.POST('/api/participation/feedback', { body }));
      setAnswer(r);
      announce(t('thanks'));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'error', String(err)));
    }
  };
  const textError = error ? (error.problems.find((p) => p.path === '$.text')?.message ?? error.message) : null;
  const errors = [...(shown && ratingError ? [{ fieldId: 'rueckmeldung-bewertung', message: ratingError }] : []), ...(textError ? [{ fieldId: 'rueckmeldung-text', message: textError }] : [])];
  return (
    <>
      <PageHeading>{t('title')}</PageHeading>
      <p className="lead">{caseId ? t('introCase') : t('introPublic')}</p>
      {answer ? (
        <Alert type="success" title={t('thanks')} live data-testid="feedback-done">
          {answer.notice && (
            <span lang="de" data-testid="feedback-notice">
              {answer.notice}
            </span>
          )}
        </Alert>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <ErrorSummary title={t('errors')} errors={errors} />
          <RadioGroup id="rueckmeldung-betreff" label={t('subject')} value={subject} onChange={setSubject} options={subjects.map((s) => ({ value: s, label: t(s === 'letter' ? 's_thisLetter' : (`s_${s}` as Key)) }))} />
          {!caseId && subject === 'explanation' && (
            <SelectField id="rueckmeldung-leistung" label={t('pack')} value={packId} onChange={setPackId} options={[{ value: 'wohngeld', label: t('wohngeld') }, { value: 'kita-beitrag', label: t('kita') }]} />
          )}
          <RadioGroup id="rueckmeldung-bewertung" label={t('rating')} required inline value={rating} onChange={setRating} options={(['1', '2', '3', '4', '5'] as const).map((r) => ({ value: r, label: t(`r${r}` as Key) }))} error={shown ? ratingError : null} />
          <TextArea id="rueckmeldung-text" label={t('text')} hint={t('textHint')} optionalText="" value={text} onChange={setText} rows={4} maxLength={2000} error={textError} errorLang="de" />
          <Button label={t('send')} type="submit" variant="primary" data-testid="feedback-submit" />
        </form>
      )}
      <p>{caseId ? <Link to={`/mein-antrag/${caseId}`}>{t('back')}</Link> : <Link to="/beteiligung">{t('participation')}</Link>}</p>
    </>
  );
}
