import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { PageHeading, useAnnounce, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import { formatDate, parseGermanDate } from '../shared/format.ts';
import { ErrorSummary, SelectField, TextArea, TextField } from '../shared/form.tsx';
import { messages, useLang, useT } from '../shared/i18n.tsx';
import { Alert, Button } from '../shared/kolibri.tsx';
import { Link, navigate } from '../shared/router.tsx';
import { StaffOnly } from '../workbench/guard.tsx';
import type { RegisterEntrySummary, StaffConsultationSummary } from './views.ts';

export const STAFF_ROLES = ['caseworker', 'team_lead', 'admin', 'dpo', 'auditor'] as const;

const m = messages({
  de: {
    title: 'Beteiligung und Mitbestimmung',
    intro: 'Beteiligungen der Öffentlichkeit moderieren und beantworten, das Verfahren mit dem Personalrat festhalten, Rückmeldungen und Widersprüche bearbeiten.',
    consultations: 'Beteiligungen',
    none: 'Noch keine Beteiligung.',
    system: 'System',
    topic: 'Thema',
    status: 'Stand',
    period: 'Zeitraum',
    comments: 'Beiträge',
    moderation: 'zu moderieren',
    open: 'ohne Auswertung',
    more: 'Weitere Aufgaben',
    council: 'Personalrat: Unterrichtung, Beschluss, Dienstvereinbarung',
    feedback: 'Rückmeldungen an die Verantwortlichen',
    objections: 'Widersprüche des Teams',
    agreement: 'Vorlage der Dienstvereinbarung',
    sandbox: 'Experimentierraum (Übung ohne echte Daten)',
    create: 'Neue Beteiligung vorbereiten',
    createIntro: 'Als Entwurf; eröffnet wird sie auf ihrer Seite, sobald der Registereintrag veröffentlicht ist. Die Frist für Beiträge beträgt mindestens 14 Tage.',
    entry: 'KI-System (Registereintrag)',
    occasion: 'Anlass',
    o_before: 'vor der Inbetriebnahme',
    o_change: 'wesentliche Änderung',
    opens: 'Beginn (TT.MM.JJJJ)',
    closes: 'Ende der Frist (TT.MM.JJJJ)',
    titleField: 'Titel',
    plain: 'Worum es geht, in einfacher Sprache',
    questionsField: 'Leitfragen (eine je Zeile)',
    save: 'Entwurf anlegen',
    badDate: 'Bitte ein Datum im Format TT.MM.JJJJ angeben.',
    errors: 'Bitte prüfen Sie Ihre Angaben',
  },
  en: {
    title: 'Participation and co-determination',
    intro: 'Moderate and answer public consultations, record the procedure with the staff council, work on feedback and objections.',
    consultations: 'Consultations',
    none: 'No consultation yet.',
    system: 'System',
    topic: 'Topic',
    status: 'Status',
    period: 'Period',
    comments: 'Comments',
    moderation: 'to moderate',
    open: 'not yet evaluated',
    more: 'Further tasks',
    council: 'Staff council: information, vote, service agreement',
    feedback: 'Feedback to the people responsible',
    objections: 'Objections of the team',
    agreement: 'Template service agreement',
    sandbox: 'Experimentation space (practice without real data)',
    create: 'Prepare a new consultation',
    createIntro: 'As a draft; it is opened on its page once the register entry is published. The comment period is at least 14 days.',
    entry: 'AI system (register entry)',
    occasion: 'Occasion',
    o_before: 'before first use',
    o_change: 'major change',
    opens: 'Start (DD.MM.YYYY)',
    closes: 'End of the comment period (DD.MM.YYYY)',
    titleField: 'Title',
    plain: 'What it is about, in plain language',
    questionsField: 'Guiding questions (one per line)',
    save: 'Create draft',
    badDate: 'Please give a date as DD.MM.YYYY.',
    errors: 'Please check your entries',
  },
});

/** The staff entry to participation: consultations with their moderation load, and links to the other procedures. */
export default function StaffDeskPage() {
  const t = useT(m);
  usePageTitle(t('title'));
  return (
    <StaffOnly roles={STAFF_ROLES} title={t('title')}>
      {(me) => <Desk role={me.role} />}
    </StaffOnly>
  );
}

const FIELD_OF: Record<string, string> = { '$.entryId': 'neu-eintrag', '$.opensOn': 'neu-beginn', '$.closesOn': 'neu-ende', '$.content.title': 'neu-titel', '$.content.plainLanguage': 'neu-text', '$.content.questions': 'neu-fragen' };

/** Owners and the administration prepare a consultation as a draft (the server checks who may). */
function CreateConsultation() {
  const t = useT(m);
  const announce = useAnnounce();
  const [entries, setEntries] = useState<RegisterEntrySummary[]>([]);
  const [entryId, setEntryId] = useState('');
  const [occasion, setOccasion] = useState('before-activation');
  const [opens, setOpens] = useState('');
  const [closes, setCloses] = useState('');
  const [title, setTitle] = useState('');
  const [plain, setPlain] = useState('');
  const [questions, setQuestions] = useState('');
  const [errors, setErrors] = useState<{ fieldId: string; message: string }[]>([]);
  useEffect(() => {
    callAs<{ items: RegisterEntrySummary[] }>(api.GET('/api/governance/register'))
      .then((r) => setEntries(r.items))
      .catch(() => undefined);
  }, []);
  const entry = entryId || entries[0]?.id || '';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const o = parseGermanDate(opens.trim());
    const c = parseGermanDate(closes.trim());
    const local = [...(o ? [] : [{ fieldId: 'neu-beginn', message: t('badDate') }]), ...(c ? [] : [{ fieldId: 'neu-ende', message: t('badDate') }])];
    setErrors(local);
    if (!o || !c) return;
    try {
      const list = questions
        .split('\n')
        .map((x) => x.trim())
        .filter(Boolean);
      const r = await callAs<{ id: string }>(
        api.POST('/api/participation/staff/consultations', {
          body: { entryId: entry, occasion: occasion as 'before-activation', opensOn: o, closesOn: c, content: { title: title.trim(), plainLanguage: plain.trim(), ...(list.length ? { questions: list } : {}) } },
        }),
      );
      announce(t('save'));
      navigate(`/arbeitsplatz/beteiligung/${r.id}`);
    } catch (x) {
      const err = x instanceof ApiError ? x : new ApiError(0, 'error', String(x));
      setErrors(err.problems.length ? err.problems.map((p) => ({ fieldId: FIELD_OF[p.path] ?? 'neu-titel', message: p.message })) : [{ fieldId: 'neu-titel', message: err.message }]);
    }
  };
  const errorOf = (id: string) => errors.find((x) => x.fieldId === id)?.message ?? null;
  return (
    <section aria-labelledby="neu-h">
      <h2 id="neu-h">{t('create')}</h2>
      <p>{t('createIntro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary title={t('errors')} errors={errors} />
        <SelectField id="neu-eintrag" label={t('entry')} value={entry} onChange={setEntryId} options={entries.map((x) => ({ value: x.id, label: x.name, lang: 'de' }))} error={errorOf('neu-eintrag')} errorLang="de" />
        <SelectField id="neu-anlass" label={t('occasion')} value={occasion} onChange={setOccasion} options={[{ value: 'before-activation', label: t('o_before') }, { value: 'major-change', label: t('o_change') }]} />
        <TextField id="neu-beginn" label={t('opens')} required width="short" value={opens} onChange={setOpens} error={errorOf('neu-beginn')} errorLang="de" />
        <TextField id="neu-ende" label={t('closes')} required width="short" value={closes} onChange={setCloses} error={errorOf('neu-ende')} errorLang="de" />
        <TextField id="neu-titel" label={t('titleField')} required value={title} onChange={setTitle} error={errorOf('neu-titel')} errorLang="de" />
        <TextArea id="neu-text" label={t('plain')} required value={plain} onChange={setPlain} rows={5} error={errorOf('neu-text')} errorLang="de" />
        <TextArea id="neu-fragen" label={t('questionsField')} optionalText="" value={questions} onChange={setQuestions} rows={3} error={errorOf('neu-fragen')} errorLang="de" />
        <Button label={t('save')} type="submit" variant="primary" data-testid="consultation-create" />
      </form>
    </section>
  );
}

function Desk({ role }: { role: string }) {
  const t = useT(m);
  const { lang } = useLang();
  const [items, setItems] = useState<StaffConsultationSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    callAs<{ items: StaffConsultationSummary[] }>(api.GET('/api/participation/staff/consultations'))
      .then((r) => setItems(r.items))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, []);
  useEffect(load, [load]);
  return (
    <>
      <PageHeading>{t('title')}</PageHeading>
      <p className="lead">{t('intro')}</p>
      <h2 id="beteiligungen-h">{t('consultations')}</h2>
      {error && (
        <Alert type="error" title={t('consultations')}>
          <span lang="de">{error}</span>
        </Alert>
      )}
      {items && items.length === 0 && <p>{t('none')}</p>}
      {items && items.length > 0 && (
        <table className="table" aria-labelledby="beteiligungen-h" data-testid="staff-consultations">
          <thead>
            <tr>
              <th scope="col">{t('topic')}</th>
              <th scope="col">{t('system')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('period')}</th>
              <th scope="col">{t('comments')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                <td lang="de">
                  <Link to={`/arbeitsplatz/beteiligung/${c.id}`}>{c.title}</Link>
                </td>
                <td>{c.entryId}</td>
                <td lang="de">{c.statusLabel}</td>
                <td>
                  {formatDate(c.opensOn, lang)} – {formatDate(c.closesOn, lang)}
                </td>
                <td>
                  {c.comments} ({c.awaitingModeration} {t('moderation')}, {c.withoutDisposition} {t('open')})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {role !== 'auditor' && <CreateConsultation />}
      <h2>{t('more')}</h2>
      <ul>
        <li>
          <Link to="/arbeitsplatz/personalrat">{t('council')}</Link>
        </li>
        <li>
          <Link to="/arbeitsplatz/rueckmeldungen">{t('feedback')}</Link>
        </li>
        {(role === 'caseworker' || role === 'team_lead') && (
          <li>
            <Link to="/arbeitsplatz/widersprueche">{t('objections')}</Link>
          </li>
        )}
        <li>
          <Link to="/dienstvereinbarung">{t('agreement')}</Link>
        </li>
        <li>
          <Link to="/experimentierraum">{t('sandbox')}</Link>
        </li>
      </ul>
    </>
  );
}
