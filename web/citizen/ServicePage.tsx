import { useEffect, useState } from 'react';
import type { PageProps } from '../app/page.ts';
import { PageHeading, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import type { PackSummary } from '../shared/api-views.ts';
import { formatEuro } from '../shared/format.ts';
import { messages, useLang, useT } from '../shared/i18n.tsx';
import { Alert } from '../shared/kolibri.tsx';
import { common } from '../shared/messages.ts';
import { Link } from '../shared/router.tsx';

const m = messages({
  de: {
    updated: 'Stand: {date}',
    online: 'Online erledigen',
    calc: 'Unverbindlich berechnen',
    apply: 'Antrag online stellen',
    fees: 'Gebühren',
    free: 'gebührenfrei',
    legal: 'Rechtsgrundlagen',
    office: 'Zuständige Stelle',
    phone: 'Telefon',
    email: 'E-Mail',
    hours: 'Öffnungszeiten',
    appointment: 'Termin vereinbaren',
    contents: 'Inhalt',
    all: 'Alle Leistungen',
    germanNote: '',
  },
  en: {
    updated: 'Last updated: {date}',
    online: 'Do it online',
    calc: 'Calculate without obligation',
    apply: 'Apply online',
    fees: 'Fees',
    free: 'free of charge',
    legal: 'Legal basis',
    office: 'Responsible office',
    phone: 'Phone',
    email: 'E-mail',
    hours: 'Opening hours',
    appointment: 'Book an appointment',
    contents: 'Contents',
    all: 'All services',
    germanNote: 'This description is only available in German.',
  },
});

/** Service descriptions and rule packs are separate catalogues; where their ids differ, this joins them. */
const SERVICE_PACKS: Record<string, string> = { 'kita-elternbeitrag': 'kita-beitrag' };

interface Service {
  id: string;
  title: string;
  summary: string;
  updated: string;
  fees: { item: string; amount: string; norm?: string }[];
  legalBasis: { norm: string; title: string }[];
  office: { name: string; address: string; phone?: string; email?: string; openingHours?: { days: string; hours: string }[]; appointmentUrl?: string };
  sections: { anchor: string; heading: string; text: string }[];
}

/** One service description; each section's anchor is its element id (the assistant's citations link here). */
export default function ServicePage({ params }: PageProps) {
  const t = useT(m);
  const tc = useT(common);
  const { lang } = useLang();
  const [s, setS] = useState<Service | null>(null);
  const [packs, setPacks] = useState<PackSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  usePageTitle(s?.title ?? '');
  useEffect(() => {
    callAs<Service>(api.GET('/api/assistant/services/{serviceId}', { params: { path: { serviceId: params.id! } } }))
      .then(setS)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
    callAs<{ items: PackSummary[] }>(api.GET('/api/packs'))
      .then((r) => setPacks(r.items))
      .catch(() => setPacks([]));
  }, [params.id]);
  useEffect(() => {
    // A link to a section (`#gebuehren`) lands on it once the text is there.
    if (s && location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  }, [s]);
  if (error)
    return (
      <>
        <PageHeading>{tc('notFoundTitle')}</PageHeading>
        <Alert type="error" title={tc('errorTitle')}>
          {error}
        </Alert>
        <Link to="/leistungen">{t('all')}</Link>
      </>
    );
  if (!s) return <p role="status">{tc('loading')}</p>;
  const pack = packs.find((p) => p.id === (SERVICE_PACKS[s.id] ?? s.id));
  return (
    <>
      <PageHeading lang={lang === 'de' ? undefined : 'de'}>{s.title}</PageHeading>
      {lang === 'en' && <p className="notice">{t('germanNote')}</p>}
      <div lang={lang === 'de' ? undefined : 'de'}>
        <p className="lead">{s.summary}</p>
      </div>
      <p className="muted">{t('updated', { date: s.updated })}</p>
      {pack && (
        <section aria-labelledby="online-title" className="panel">
          <h2 id="online-title">{t('online')}</h2>
          <div className="actions">
            <Link to={`/rechner/${pack.id}`} className="button-link button-link--secondary">
              {t('calc')}
            </Link>
            <Link to={`/antrag/${pack.id}`} className="button-link">
              {t('apply')}
            </Link>
          </div>
        </section>
      )}
      <nav aria-labelledby="toc-title">
        <h2 id="toc-title">{t('contents')}</h2>
        <ul lang={lang === 'de' ? undefined : 'de'}>
          {s.sections.map((sec) => (
            <li key={sec.anchor}>
              <a href={`#${sec.anchor}`}>{sec.heading}</a>
            </li>
          ))}
        </ul>
      </nav>
      <div lang={lang === 'de' ? undefined : 'de'}>
        {s.sections.map((sec) => (
          <section key={sec.anchor} aria-labelledby={sec.anchor}>
            <h2 id={sec.anchor} tabIndex={-1}>
              {sec.heading}
            </h2>
            {sec.text.split('\n').map((line, i) => (
              <p key={i}>{line}</p>
            ))}
          </section>
        ))}
      </div>
      <h2>{t('fees')}</h2>
      {s.fees.length === 0 ? (
        <p>{t('free')}</p>
      ) : (
        <ul>
          {s.fees.map((f, i) => (
            <li key={i}>
              <span lang="de">{f.item}</span>: {formatEuro(f.amount, lang)}
              {f.norm && <span lang="de"> ({f.norm})</span>}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('legal')}</h2>
      <ul lang="de">
        {s.legalBasis.map((l) => (
          <li key={l.norm}>
            {l.norm} – {l.title}
          </li>
        ))}
      </ul>
      <h2>{t('office')}</h2>
      <p lang="de">
        {s.office.name}
        <br />
        {s.office.address}
      </p>
      <ul>
        {s.office.phone && (
          <li>
            {t('phone')}: <a href={`tel:${s.office.phone.replace(/[^0-9+]/g, '')}`}>{s.office.phone}</a>
          </li>
        )}
        {s.office.email && (
          <li>
            {t('email')}: <a href={`mailto:${s.office.email}`}>{s.office.email}</a>
          </li>
        )}
        {s.office.openingHours && s.office.openingHours.length > 0 && (
          <li>
            {t('hours')}:{' '}
            <span lang="de">
              {s.office.openingHours.map((h) => `${h.days}: ${h.hours}`).join('; ')}
            </span>
          </li>
        )}
        {s.office.appointmentUrl && (
          <li>
            <a href={s.office.appointmentUrl}>{t('appointment')}</a>
          </li>
        )}
      </ul>
      <p>
        <Link to="/leistungen">{t('all')}</Link>
      </p>
    </>
  );
}
