import { useEffect, useMemo, useState } from 'react';
import { PageHeading, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import { TextField } from '../shared/form.tsx';
import { messages, useLang, useT } from '../shared/i18n.tsx';
import { Alert } from '../shared/kolibri.tsx';
import { common } from '../shared/messages.ts';
import { Link } from '../shared/router.tsx';

const m = messages({
  de: {
    title: 'Leistungen der Stadt Musterstadt',
    intro: 'Was Sie für eine Leistung brauchen, was sie kostet und wer zuständig ist.',
    filter: 'Leistungen filtern',
    filterHint: 'Stichwort eingeben, z. B. Wohngeld, Kita oder Ausweis',
    count: '{n} Leistungen',
    none: 'Keine Leistung passt zu Ihrem Stichwort.',
  },
  en: {
    title: 'Services of the City of Musterstadt',
    intro: 'What you need for a service, what it costs and who is responsible. The descriptions are in German.',
    filter: 'Filter services',
    filterHint: 'Enter a keyword, e.g. Wohngeld, Kita or Ausweis',
    count: '{n} services',
    none: 'No service matches your keyword.',
  },
});

interface ServiceItem {
  id: string;
  title: string;
  summary: string;
}

export default function ServicesPage() {
  const t = useT(m);
  const tc = useT(common);
  const { lang } = useLang();
  usePageTitle(t('title'));
  const [items, setItems] = useState<ServiceItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [q, setQ] = useState('');
  useEffect(() => {
    callAs<{ items: ServiceItem[] }>(api.GET('/api/assistant/services'))
      .then((r) => setItems(r.items))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, []);
  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return (items ?? []).filter((s) => !needle || `${s.title} ${s.summary}`.toLowerCase().includes(needle));
  }, [items, q]);
  return (
    <>
      <PageHeading>{t('title')}</PageHeading>
      <p className="lead">{t('intro')}</p>
      {error && (
        <Alert type="error" title={tc('errorTitle')}>
          {error}
        </Alert>
      )}
      <TextField id="leistungen-filter" type="search" label={t('filter')} hint={t('filterHint')} value={q} onChange={setQ} width="medium" />
      {items && (
        <p role="status" aria-live="polite">
          {shown.length ? t('count', { n: shown.length }) : t('none')}
        </p>
      )}
      <ul className="cards" lang={lang === 'de' ? undefined : 'de'}>
        {shown.map((s) => (
          <li key={s.id} className="card">
            <h2>
              <Link to={`/leistungen/${s.id}`}>{s.title}</Link>
            </h2>
            <p>{s.summary}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
