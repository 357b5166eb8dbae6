import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { PageHeading, useAnnounce, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import { formatDate, parseGermanDate } from '../shared/format.ts';
import { ErrorSummary, SelectField, TextArea, TextField } from '../shared/form.tsx';
import { messages, useLang, useT } from '../shared/i18n.tsx';
import { Alert, Badge, Button } from '../shared/kolibri.tsx';
import { Link } from '../shared/router.tsx';
import { StaffOnly } from '../workbench/guard.tsx';
import { STAFF_ROLES } from './StaffDeskPage.tsx';
import type { Activation, Procedure, RegisterEntrySummary } from './views.ts';

const PACKAGE = ['systembeschreibung', 'zweck', 'daten', 'kontrollmoeglichkeiten', 'dsfa', 'fria', 'schulung', 'dv-entwurf'] as const;

const m = messages({
  de: {
    title: 'Personalrat: Verfahren je KI-System',
    intro: 'Die Personalvertretung wird vor dem Einsatz jedes KI-Systems unterrichtet und beschließt förmlich. Ein System lässt sich erst aktivieren, wenn ihr Beschluss (Zustimmung, auch unter Bedingungen) mit Dienstvereinbarung festgehalten ist.',
    entry: 'KI-System (Registereintrag)',
    gate: 'Aktivierung',
    gateOpen: 'Die Aktivierung ist möglich: Alle Voraussetzungen sind erfüllt.',
    gateClosed: 'Die Aktivierung ist gesperrt:',
    procedures: 'Bisherige Verfahren',
    none: 'Für dieses System gibt es noch kein Verfahren mit der Personalvertretung.',
    informedOn: 'Unterrichtet am {date}',
    package: 'Informationspaket',
    deliberations: 'Erörterungen',
    vote: 'Beschluss',
    voteLine: '{result} am {date}',
    conditions: 'Bedingungen',
    agreement: 'Dienstvereinbarung: {ref}, geschlossen am {date}',
    basedOn: 'auf Grundlage der Vorlage {tpl}',
    template: 'Vorlage der Dienstvereinbarung für Amtsklar lesen',
    templateText: 'Die Vorlage ist als Ermöglichungsvereinbarung geschrieben: Sie lädt zum Erproben ein und schließt Leistungs- und Verhaltenskontrolle aus.',
    inform: 'Personalvertretung unterrichten',
    informText: 'Datum der Unterrichtung und wo die Unterlagen des Informationspakets liegen (Aktenzeichen im DMS oder Adresse).',
    date: 'Datum (TT.MM.JJJJ)',
    ref: '{label}: Fundstelle',
    informSave: 'Unterrichtung festhalten',
    deliberate: 'Erörterung festhalten',
    deliberateText: 'Wann die Personalvertretung mit der Dienststelle erörtert hat und mit welchem Ergebnis (Fragen, Zusagen, offene Punkte).',
    deliberationDate: 'Datum der Erörterung (TT.MM.JJJJ)',
    deliberationNote: 'Ergebnis der Erörterung',
    noteMissing: 'Bitte das Ergebnis der Erörterung angeben.',
    deliberateSave: 'Erörterung festhalten',
    conciliationShown: 'Einigungsstelle angerufen am {date}',
    conciliate: 'Einigungsstelle anrufen',
    conciliateText: 'Nach einer Ablehnung kann die Dienststelle die Einigungsstelle anrufen. Ihr Ergebnis wird danach als neuer Beschluss festgehalten.',
    conciliationDate: 'Angerufen am (TT.MM.JJJJ)',
    conciliationNote: 'Anlass und Gegenstand',
    conciliationNoteMissing: 'Bitte Anlass und Gegenstand angeben.',
    conciliateSave: 'Anrufung festhalten',
    recordVote: 'Beschluss festhalten',
    result: 'Ergebnis des Beschlusses',
    r_approved: 'Zustimmung',
    'r_approved-with-conditions': 'Zustimmung unter Bedingungen',
    r_rejected: 'Ablehnung',
    voteDate: 'Datum des Beschlusses (TT.MM.JJJJ)',
    conditionsField: 'Bedingungen (eine je Zeile)',
    resolution: 'Aktenzeichen des Beschlusses',
    dvRef: 'Dienstvereinbarung: Bezeichnung',
    dvDate: 'Dienstvereinbarung geschlossen am (TT.MM.JJJJ)',
    voteSave: 'Beschluss festhalten',
    badDate: 'Bitte ein Datum im Format TT.MM.JJJJ angeben.',
    errors: 'Bitte prüfen Sie Ihre Angaben',
    saved: 'Gespeichert.',
    adminOnly: 'Die Schritte des Verfahrens hält die Administration fest.',
    back: 'Zur Übersicht Beteiligung',
  },
  en: {
    title: 'Staff council: procedure per AI system',
    intro: 'The staff council is informed before any AI system is used and votes formally. A system can only be activated once its vote (approval, also with conditions) is recorded with a service agreement.',
    entry: 'AI system (register entry)',
    gate: 'Activation',
    gateOpen: 'Activation is possible: every requirement is met.',
    gateClosed: 'Activation is blocked:',
    procedures: 'Procedures so far',
    none: 'There is no procedure with the staff council for this system yet.',
    informedOn: 'Informed on {date}',
    package: 'Information package',
    deliberations: 'Deliberations',
    vote: 'Vote',
    voteLine: '{result} on {date}',
    conditions: 'Conditions',
    agreement: 'Service agreement: {ref}, concluded on {date}',
    basedOn: 'based on the template {tpl}',
    template: 'Read the template service agreement for Amtsklar',
    templateText: 'The template is written as an enabling agreement: it invites experimentation and rules out monitoring of performance and behaviour.',
    inform: 'Inform the staff council',
    informText: 'Date of information and where the documents of the information package are (DMS reference or address).',
    date: 'Date (DD.MM.YYYY)',
    ref: '{label}: reference',
    informSave: 'Record information',
    deliberate: 'Record a deliberation',
    deliberateText: 'When the staff council deliberated with the administration and with what outcome (questions, commitments, open points).',
    deliberationDate: 'Date of the deliberation (DD.MM.YYYY)',
    deliberationNote: 'Outcome of the deliberation',
    noteMissing: 'Please give the outcome of the deliberation.',
    deliberateSave: 'Record deliberation',
    conciliationShown: 'Conciliation board called on {date}',
    conciliate: 'Call the conciliation board',
    conciliateText: 'After a refusal the administration can call the conciliation board (Einigungsstelle). Its result is then recorded as a new vote.',
    conciliationDate: 'Called on (DD.MM.YYYY)',
    conciliationNote: 'Reason and subject',
    conciliationNoteMissing: 'Please give the reason and subject.',
    conciliateSave: 'Record the call',
    recordVote: 'Record the vote',
    result: 'Result of the vote',
    r_approved: 'Approval',
    'r_approved-with-conditions': 'Approval with conditions',
    r_rejected: 'Refusal',
    voteDate: 'Date of the vote (DD.MM.YYYY)',
    conditionsField: 'Conditions (one per line)',
    resolution: 'Reference of the resolution',
    dvRef: 'Service agreement: name',
    dvDate: 'Service agreement concluded on (DD.MM.YYYY)',
    voteSave: 'Record vote',
    badDate: 'Please give a date as DD.MM.YYYY.',
    errors: 'Please check your entries',
    saved: 'Saved.',
    adminOnly: 'The administration records the steps of the procedure.',
    back: 'To the participation overview',
  },
});
type Key = keyof (typeof m)['de'];

const PACKAGE_LABELS: Record<(typeof PACKAGE)[number], string> = {
  systembeschreibung: 'Beschreibung des Systems',
  zweck: 'Zweck und betroffene Beschäftigte',
  daten: 'Verarbeitete Daten',
  kontrollmoeglichkeiten: 'Ausschluss von Leistungs- und Verhaltenskontrolle',
  dsfa: 'Datenschutz-Folgenabschätzung',
  fria: 'Grundrechte-Folgenabschätzung',
  schulung: 'Schulungsplan',
  'dv-entwurf': 'Entwurf der Dienstvereinbarung',
};

function problemsOf(e: ApiError | null, map: (path: string) => string): { fieldId: string; message: string }[] {
  if (!e) return [];
  return e.problems.length ? e.problems.map((p) => ({ fieldId: map(p.path), message: p.message })) : [{ fieldId: map('$'), message: e.message }];
}

export default function StaffCouncilPage() {
  const t = useT(m);
  usePageTitle(t('title'));
  return <StaffOnly roles={STAFF_ROLES} title={t('title')}>{(me) => <Council admin={me.role === 'admin'} />}</StaffOnly>;
}

function Council({ admin }: { admin: boolean }) {
  const t = useT(m);
  const { lang } = useLang();
  const announce = useAnnounce();
  const [entries, setEntries] = useState<RegisterEntrySummary[]>([]);
  const [entryId, setEntryId] = useState('');
  const [procs, setProcs] = useState<Procedure[] | null>(null);
  const [gate, setGate] = useState<Activation | null>(null);
  const [informedOn, setInformedOn] = useState('');
  const [refs, setRefs] = useState<Record<string, string>>({});
  const [informErr, setInformErr] = useState<ApiError | null>(null);
  const [result, setResult] = useState('approved');
  const [voteOn, setVoteOn] = useState('');
  const [conditions, setConditions] = useState('');
  const [resolution, setResolution] = useState('');
  const [dvRef, setDvRef] = useState('');
  const [dvOn, setDvOn] = useState('');
  const [voteErr, setVoteErr] = useState<ApiError | null>(null);
  const [tplVersion, setTplVersion] = useState<string | null>(null);

  useEffect(() => {
    callAs<{ items: RegisterEntrySummary[] }>(api.GET('/api/governance/register'))
      .then((r) => {
        setEntries(r.items);
        setEntryId((cur) => cur || new URLSearchParams(location.search).get('eintrag') || r.items[0]?.id || '');
      })
      .catch(() => undefined);
    callAs<{ id: string; version: string | null }>(api.GET('/api/participation/service-agreement-template'))
      .then((x) => setTplVersion(`${x.id}@${x.version ?? ''}`))
      .catch(() => undefined);
  }, []);

  const load = useCallback(async () => {
    if (!entryId) return;
    const [p, g] = await Promise.all([
      callAs<{ items: Procedure[] }>(api.GET('/api/participation/staff-council', { params: { query: { entryId } } })),
      callAs<Activation>(api.GET('/api/governance/register/{entryId}/activation', { params: { path: { entryId } } })).catch(() => null),
    ]);
    setProcs(p.items);
    setGate(g);
  }, [entryId]);
  useEffect(() => {
    void load();
  }, [load]);

  const current = procs?.[0] ?? null;
  const iso = (v: string) => parseGermanDate(v.trim());

  const inform = async (e: FormEvent) => {
    e.preventDefault();
    const day = iso(informedOn);
    if (!day) return setInformErr(new ApiError(400, 'invalid_input', t('badDate'), [{ path: '$.informedOn', message: t('badDate') }]));
    setInformErr(null);
    try {
      await callAs(
        api.POST('/api/participation/staff-council', {
          body: { entryId, informedOn: day, package: PACKAGE.filter((k) => refs[k]?.trim()).map((k) => ({ item: k, ref: refs[k]!.trim() })) },
        }),
      );
      announce(t('saved'));
      await load();
    } catch (err) {
      setInformErr(err instanceof ApiError ? err : new ApiError(0, 'error', String(err)));
    }
  };
  const vote = async (e: FormEvent) => {
    e.preventDefault();
    if (!current) return;
    const on = iso(voteOn);
    if (!on) return setVoteErr(new ApiError(400, 'invalid_input', t('badDate'), [{ path: '$.on', message: t('badDate') }]));
    const dvDay = dvRef.trim() ? iso(dvOn) : null;
    if (dvRef.trim() && !dvDay) return setVoteErr(new ApiError(400, 'invalid_input', t('badDate'), [{ path: '$.serviceAgreement.concludedOn', message: t('badDate') }]));
    setVoteErr(null);
    const list = conditions
      .split('\n')
      .map((x) => x.trim())
      .filter(Boolean);
    try {
      await callAs(
        api.POST('/api/participation/staff-council/{procedureId}/vote', {
          params: { path: { procedureId: current.id } },
          body: {
            version: current.version,
            result: result as 'approved',
            on,
            ...(list.length ? { conditions: list } : {}),
            ...(resolution.trim() ? { resolutionRef: resolution.trim() } : {}),
            ...(dvRef.trim() && dvDay ? { serviceAgreement: { ref: dvRef.trim(), concludedOn: dvDay, ...(tplVersion ? { basedOnTemplate: tplVersion } : {}) } } : {}),
          },
        }),
      );
      // A later vote (after the conciliation board) starts from an empty form.
      setResult('approved');
      setVoteOn('');
      setConditions('');
      setResolution('');
      setDvRef('');
      setDvOn('');
      announce(t('saved'));
      await load();
    } catch (err) {
      setVoteErr(err instanceof ApiError ? err : new ApiError(0, 'error', String(err)));
    }
  };
  const informField = (p: string) => (p === '$.informedOn' ? 'pr-unterrichtet' : p.startsWith('$.package') ? `pr-paket-${PACKAGE[Number(/\[(\d+)\]/.exec(p)?.[1] ?? 0)] ?? 'systembeschreibung'}` : 'pr-unterrichtet');
  const voteField = (p: string) => (p === '$.on' ? 'pr-beschluss-datum' : p.startsWith('$.serviceAgreement.concludedOn') ? 'pr-dv-datum' : p.startsWith('$.serviceAgreement') ? 'pr-dv' : p === '$.conditions' ? 'pr-bedingungen' : 'pr-ergebnis');
  const fieldErr = (e: ApiError | null, map: (p: string) => string, id: string) => problemsOf(e, map).find((x) => x.fieldId === id)?.message ?? null;
  const packageMissing = (k: string) => informErr?.problems.find((p) => p.message.includes(PACKAGE_LABELS[k as 'zweck']) || p.path.includes(k))?.message ?? null;

  return (
    <>
      <PageHeading>{t('title')}</PageHeading>
      <p className="lead">{t('intro')}</p>
      <p>
        <Link to="/dienstvereinbarung">{t('template')}</Link> – {t('templateText')}
      </p>
      <SelectField id="pr-eintrag" label={t('entry')} value={entryId} onChange={setEntryId} options={entries.map((x) => ({ value: x.id, label: x.name, lang: 'de' }))} />

      <section aria-labelledby="gate-h" className="card" data-testid="activation-gate">
        <h2 id="gate-h">{t('gate')}</h2>
        {gate &&
          (gate.allowed ? (
            <p data-testid="gate-open">
              <Badge label={t('gateOpen')} tone="success" />
            </p>
          ) : (
            <>
              <p data-testid="gate-closed">{t('gateClosed')}</p>
              <ul lang="de" data-testid="gate-reasons">
                {gate.reasons.map((r, i) => (
                  <li key={i}>{r.message}</li>
                ))}
              </ul>
            </>
          ))}
      </section>

      <h2>{t('procedures')}</h2>
      {procs && procs.length === 0 && <p>{t('none')}</p>}
      {procs?.map((p) => (
        <section key={p.id} className="card" aria-label={`${p.entryName}: ${p.statusLabel}`} data-testid="procedure">
          <h3 lang="de">
            {p.entryName}: {p.statusLabel}
          </h3>
          {p.renewalMessage && (
            <Alert type="warning" level={4}>
              <span lang="de">{p.renewalMessage}</span>
            </Alert>
          )}
          <p>{t('informedOn', { date: formatDate(p.informedOn, lang) })}</p>
          <h4>{t('package')}</h4>
          <ul lang="de">
            {p.package.map((x) => (
              <li key={x.item}>
                {x.label}: {x.ref ?? x.notApplicable}
              </li>
            ))}
          </ul>
          {p.deliberations.length > 0 && (
            <>
              <h4>{t('deliberations')}</h4>
              <ul data-testid="procedure-deliberations">
                {p.deliberations.map((d, i) => (
                  <li key={i}>
                    {formatDate(d.on, lang)}: <span lang="de">{d.note}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {p.conciliation && (
            <p data-testid="procedure-conciliation">
              {t('conciliationShown', { date: formatDate(p.conciliation.calledOn, lang) })}: <span lang="de">{p.conciliation.note}</span>
            </p>
          )}
          {p.vote && (
            <>
              <h4>{t('vote')}</h4>
              <p data-testid="procedure-vote">{t('voteLine', { result: t(`r_${p.vote.result}` as Key), date: formatDate(p.vote.on, lang) })}</p>
              {p.vote.conditions.length > 0 && (
                <>
                  <h5>{t('conditions')}</h5>
                  <ul lang="de" data-testid="procedure-conditions">
                    {p.vote.conditions.map((c) => (
                      <li key={c}>{c}</li>
                    ))}
                  </ul>
                </>
              )}
            </>
          )}
          {p.serviceAgreement && (
            <p data-testid="procedure-agreement">
              {t('agreement', { ref: p.serviceAgreement.ref, date: formatDate(p.serviceAgreement.concludedOn, lang) })}
              {p.serviceAgreement.basedOnTemplate && <> ({t('basedOn', { tpl: p.serviceAgreement.basedOnTemplate })})</>}
            </p>
          )}
        </section>
      ))}

      {!admin && <p>{t('adminOnly')}</p>}
      {admin && entryId && (!current || !current.open) && (
        <section aria-labelledby="unterrichten-h">
          <h2 id="unterrichten-h">{t('inform')}</h2>
          <p>{t('informText')}</p>
          <form onSubmit={(e) => void inform(e)} noValidate>
            <ErrorSummary title={t('errors')} errors={problemsOf(informErr, informField)} />
            <TextField id="pr-unterrichtet" label={t('date')} required width="short" value={informedOn} onChange={setInformedOn} error={fieldErr(informErr, informField, 'pr-unterrichtet')} errorLang="de" />
            {PACKAGE.map((k) => (
              <TextField key={k} id={`pr-paket-${k}`} label={t('ref', { label: PACKAGE_LABELS[k] })} required value={refs[k] ?? ''} onChange={(v) => setRefs((r) => ({ ...r, [k]: v }))} error={packageMissing(k)} errorLang="de" />
            ))}
            <Button label={t('informSave')} type="submit" variant="primary" data-testid="council-inform" />
          </form>
        </section>
      )}
      {admin && current?.status === 'rejected' && (
        <DatedNoteForm
          key={`einigung-${current.version}`}
          ids={{ heading: 'einigung-h', date: 'pr-einigung-datum', note: 'pr-einigung-anlass', datePath: '$.calledOn', button: 'council-conciliate' }}
          labels={{ title: t('conciliate'), intro: t('conciliateText'), date: t('conciliationDate'), note: t('conciliationNote'), noteMissing: t('conciliationNoteMissing'), save: t('conciliateSave') }}
          send={(on, note) => callAs(api.POST('/api/participation/staff-council/{procedureId}/conciliation', { params: { path: { procedureId: current.id } }, body: { version: current.version, calledOn: on, note } }))}
          onSaved={load}
        />
      )}
      {admin && current?.open && (
        <DatedNoteForm
          key={`eroerterung-${current.version}`}
          ids={{ heading: 'eroerterung-h', date: 'pr-eroerterung-datum', note: 'pr-eroerterung-ergebnis', datePath: '$.on', button: 'council-deliberate' }}
          labels={{ title: t('deliberate'), intro: t('deliberateText'), date: t('deliberationDate'), note: t('deliberationNote'), noteMissing: t('noteMissing'), save: t('deliberateSave') }}
          send={(on, note) => callAs(api.POST('/api/participation/staff-council/{procedureId}/deliberations', { params: { path: { procedureId: current.id } }, body: { version: current.version, on, note } }))}
          onSaved={load}
        />
      )}
      {admin && current?.open && (
        <section aria-labelledby="beschluss-h">
          <h2 id="beschluss-h">{t('recordVote')}</h2>
          <form onSubmit={(e) => void vote(e)} noValidate>
            <ErrorSummary title={t('errors')} errors={problemsOf(voteErr, voteField)} />
            <SelectField id="pr-ergebnis" label={t('result')} value={result} onChange={setResult} options={(['approved', 'approved-with-conditions', 'rejected'] as const).map((r) => ({ value: r, label: t(`r_${r}` as Key) }))} />
            <TextField id="pr-beschluss-datum" label={t('voteDate')} required width="short" value={voteOn} onChange={setVoteOn} error={fieldErr(voteErr, voteField, 'pr-beschluss-datum')} errorLang="de" />
            <TextArea id="pr-bedingungen" label={t('conditionsField')} optionalText="" value={conditions} onChange={setConditions} rows={3} error={fieldErr(voteErr, voteField, 'pr-bedingungen')} errorLang="de" />
            <TextField id="pr-aktenzeichen" label={t('resolution')} optionalText="" value={resolution} onChange={setResolution} />
            <TextField id="pr-dv" label={t('dvRef')} value={dvRef} onChange={setDvRef} error={fieldErr(voteErr, voteField, 'pr-dv')} errorLang="de" />
            <TextField id="pr-dv-datum" label={t('dvDate')} width="short" value={dvOn} onChange={setDvOn} error={fieldErr(voteErr, voteField, 'pr-dv-datum')} errorLang="de" />
            <Button label={t('voteSave')} type="submit" variant="primary" data-testid="council-vote" />
          </form>
        </section>
      )}
      <p>
        <Link to="/arbeitsplatz/beteiligung">{t('back')}</Link>
      </p>
    </>
  );
}

/**
 * A step of the procedure that is a date and a text: a deliberation, or the call of the
 * conciliation board. Checked here for presence and date format; the server checks the rest
 * and its German errors are shown at the field they name.
 */
function DatedNoteForm(p: {
  ids: { heading: string; date: string; note: string; datePath: string; button: string };
  labels: { title: string; intro: string; date: string; note: string; noteMissing: string; save: string };
  send(on: string, note: string): Promise<unknown>;
  onSaved(): Promise<void>;
}) {
  const t = useT(m);
  const announce = useAnnounce();
  const [on, setOn] = useState('');
  const [note, setNote] = useState('');
  const [err, setErr] = useState<ApiError | null>(null);
  const fieldOf = (path: string) => (path === '$.note' ? p.ids.note : p.ids.date);
  const fieldErr = (id: string) => problemsOf(err, fieldOf).find((x) => x.fieldId === id)?.message ?? null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const day = parseGermanDate(on.trim());
    const problems = [...(day ? [] : [{ path: p.ids.datePath, message: t('badDate') }]), ...(note.trim() ? [] : [{ path: '$.note', message: p.labels.noteMissing }])];
    if (!day || problems.length) return setErr(new ApiError(400, 'invalid_input', problems[0]!.message, problems));
    setErr(null);
    try {
      await p.send(day, note.trim());
      announce(t('saved'));
      await p.onSaved();
    } catch (x) {
      setErr(x instanceof ApiError ? x : new ApiError(0, 'error', String(x)));
    }
  };
  return (
    <section aria-labelledby={p.ids.heading}>
      <h2 id={p.ids.heading}>{p.labels.title}</h2>
      <p>{p.labels.intro}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary title={t('errors')} errors={problemsOf(err, fieldOf)} />
        <TextField id={p.ids.date} label={p.labels.date} required width="short" value={on} onChange={setOn} error={fieldErr(p.ids.date)} errorLang="de" />
        <TextArea id={p.ids.note} label={p.labels.note} required value={note} onChange={setNote} rows={4} error={fieldErr(p.ids.note)} errorLang="de" />
        <Button label={p.labels.save} type="submit" variant="primary" data-testid={p.ids.button} />
      </form>
    </section>
  );
}
