import { useEffect, useState } from 'react';
import { PageHeading, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import { messages, useLang, useT } from '../shared/i18n.tsx';
import { Alert } from '../shared/kolibri.tsx';
import { common } from '../shared/messages.ts';
import { ParticipationTransparencySection } from '../participation/TransparencySection.tsx';

const m = messages({
  de: {
    title: 'KI und Algorithmen der Stadt',
    none: 'Zurzeit ist kein System veröffentlicht.',
    classesTitle: 'Was die Einstufungen bedeuten',
    status: 'Status',
    klass: 'Einstufung nach der KI-Verordnung',
    why: 'Warum so eingestuft',
    aiSystem: 'KI-System im Sinne der KI-Verordnung?',
    oversight: 'Menschliche Aufsicht',
    object: 'So widersprechen Sie',
    contact: 'Kontakt',
    legal: 'Rechtsgrundlagen',
    provider: 'Anbieter',
    figures: 'Zahlen',
    decisions: 'Entscheidungen im Zeitraum {period}: {n}',
    human: 'davon von Menschen entschieden: {n} ({share})',
    objections: 'Widersprüche: {filed} eingelegt, {upheld} ganz und {partly} teilweise erfolgreich, {rejected} zurückgewiesen, {pending} offen',
    objectionsFiled: 'Widersprüche: {filed} eingelegt',
    fairness: 'Prüfung auf Benachteiligung: {label} (Stand {date})',
    changed: 'Zuletzt geändert: {date}',
    export: 'Alle Einträge als CSV (Eurocities-Vorlage)',
    germanNote: '',
  },
  en: {
    title: 'AI and algorithms of the city',
    none: 'No system is published at the moment.',
    classesTitle: 'What the classes mean',
    status: 'Status',
    klass: 'Class under the AI Act',
    why: 'Why this class',
    aiSystem: 'AI system under the AI Act?',
    oversight: 'Human oversight',
    object: 'How to object',
    contact: 'Contact',
    legal: 'Legal basis',
    provider: 'Provider',
    figures: 'Figures',
    decisions: 'Decisions in the period {period}: {n}',
    human: 'decided by people: {n} ({share})',
    objections: 'Objections: {filed} filed, {upheld} fully and {partly} partly successful, {rejected} rejected, {pending} pending',
    objectionsFiled: 'Objections: {filed} filed',
    fairness: 'Check for disadvantage: {label} (as of {date})',
    changed: 'Last changed: {date}',
    export: 'All entries as CSV (Eurocities template)',
    germanNote: 'The register entries are published in German.',
  },
});

interface SystemView {
  id: string;
  name: string;
  summary: string;
  department: string;
  status: { code: string; label: string; since: string | null };
  classification: { code: string; label: string; explanation: string; why: string[]; aiSystem: string; aiSystemWhy: string | null; assessedOn: string | null };
  humanOversight: string;
  howToObject: string;
  contact: { email: string; phone?: string; url?: string };
  legalBasis: string[];
  provider: string;
  /** Counts are null where fewer than 10 people stand behind them (withheld, `withheld` says why). */
  figures: {
    period: string;
    decisions: number | null;
    decidedByHumans: number | null;
    humanShare: string | null;
    objections: { filed: number; upheld: number | null; partlyUpheld: number | null; rejected: number | null; pending: number | null } | null;
    withheld: string | null;
    fairness: { label: string; date: string; url?: string } | null;
  } | null;
  lastChanged: string;
}

/** GET /api/transparency (response not declared in the OpenAPI document yet). */
interface TransparencyView {
  title: string;
  municipality: string;
  intro: string;
  generatedAt: string;
  systems: SystemView[];
  classes: { code: string; label: string; explanation: string }[];
}

/** The public page of the AI register: every system in plain language, its class and why, oversight, objection, figures. */
export default function TransparencyPage() {
  const t = useT(m);
  const tc = useT(common);
  const { lang } = useLang();
  usePageTitle(t('title'));
  const [v, setV] = useState<TransparencyView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    callAs<TransparencyView>(api.GET('/api/transparency'))
      .then(setV)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, []);
  const de = lang === 'de' ? undefined : 'de';
  return (
    <>
      <PageHeading>{t('title')}</PageHeading>
      {lang === 'en' && <p className="notice">{t('germanNote')}</p>}
      {error && (
        <Alert type="error" title={tc('errorTitle')}>
          {error}
        </Alert>
      )}
      {!v && !error && <p role="status">{tc('loading')}</p>}
      {v && (
        <>
          <p className="lead" lang={de}>
            {v.intro}
          </p>
          {v.systems.length === 0 && <p>{t('none')}</p>}
          {v.systems.map((s) => (
            <section key={s.id} aria-labelledby={`sys-${s.id}`} className="card" data-testid="transparency-system">
              <h2 id={`sys-${s.id}`} lang={de}>
                {s.name}
              </h2>
              <p lang={de}>{s.summary}</p>
              <dl className="facts">
                <div>
                  <dt>{t('status')}</dt>
                  <dd lang={de}>{s.status.label}</dd>
                </div>
                <div>
                  <dt>{t('klass')}</dt>
                  <dd lang={de}>
                    {s.classification.label} – {s.classification.explanation}
                  </dd>
                </div>
                <div>
                  <dt>{t('why')}</dt>
                  <dd>
                    <ul lang={de}>
                      {s.classification.why.map((w) => (
                        <li key={w}>{w}</li>
                      ))}
                    </ul>
                  </dd>
                </div>
                <div>
                  <dt>{t('aiSystem')}</dt>
                  <dd lang={de}>
                    {s.classification.aiSystem}
                    {s.classification.aiSystemWhy ? ` – ${s.classification.aiSystemWhy}` : ''}
                  </dd>
                </div>
                <div>
                  <dt>{t('oversight')}</dt>
                  <dd lang={de}>{s.humanOversight}</dd>
                </div>
                <div>
                  <dt>{t('object')}</dt>
                  <dd lang={de}>{s.howToObject}</dd>
                </div>
                <div>
                  <dt>{t('contact')}</dt>
                  <dd>
                    <a href={`mailto:${s.contact.email}`}>{s.contact.email}</a>
                    {s.contact.phone ? `, ${s.contact.phone}` : ''}
                  </dd>
                </div>
                <div>
                  <dt>{t('legal')}</dt>
                  <dd lang={de}>{s.legalBasis.join('; ') || '–'}</dd>
                </div>
                <div>
                  <dt>{t('provider')}</dt>
                  <dd lang={de}>{s.provider}</dd>
                </div>
              </dl>
              {s.figures && (
                <>
                  <h3>{t('figures')}</h3>
                  <ul>
                    {s.figures.decisions !== null && <li>{t('decisions', { period: s.figures.period, n: s.figures.decisions })}</li>}
                    {s.figures.decidedByHumans !== null && <li>{t('human', { n: s.figures.decidedByHumans, share: s.figures.humanShare ?? '–' })}</li>}
                    {s.figures.objections && (
                      <li>
                        {s.figures.objections.upheld === null
                          ? t('objectionsFiled', { filed: s.figures.objections.filed })
                          : t('objections', { filed: s.figures.objections.filed, upheld: s.figures.objections.upheld, partly: s.figures.objections.partlyUpheld ?? 0, rejected: s.figures.objections.rejected ?? 0, pending: s.figures.objections.pending ?? 0 })}
                      </li>
                    )}
                    {s.figures.fairness && <li>{t('fairness', { label: s.figures.fairness.label, date: s.figures.fairness.date })}</li>}
                  </ul>
                  {s.figures.withheld && <p lang={de}>{s.figures.withheld}</p>}
                </>
              )}
              <p className="muted">{t('changed', { date: s.lastChanged })}</p>
            </section>
          ))}
          <ParticipationTransparencySection />
          <h2>{t('classesTitle')}</h2>
          <dl lang={de}>
            {v.classes.map((c) => (
              <div key={c.code}>
                <dt>
                  <strong>{c.label}</strong>
                </dt>
                <dd>{c.explanation}</dd>
              </div>
            ))}
          </dl>
          <p>
            <a href="/api/transparency/register.csv" download>
              {t('export')}
            </a>
          </p>
        </>
      )}
    </>
  );
}
