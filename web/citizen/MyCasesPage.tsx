import { useEffect, useState } from 'react';
import { PageHeading, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, call, callAs } from '../shared/api.ts';
import type { MyCaseSummary } from '../shared/api-views.ts';
import { formatDate } from '../shared/format.ts';
import { messages, useLang, useT } from '../shared/i18n.tsx';
import { Alert } from '../shared/kolibri.tsx';
import { common, stateKey } from '../shared/messages.ts';
import { Link, Redirect } from '../shared/router.tsx';
import { useSession } from '../shared/session.tsx';

const m = messages({
  de: { title: 'Meine Anträge', az: 'Aktenzeichen', service: 'Leistung', state: 'Stand', due: 'Frist für Unterlagen', none: 'Es gibt keine Anträge zu dieser Anmeldung.', caption: 'Ihre Anträge' },
  en: { title: 'My applications', az: 'File number', service: 'Service', state: 'Status', due: 'Deadline for documents', none: 'There are no applications for this sign-in.', caption: 'Your applications' },
});

export default function MyCasesPage() {
  const t = useT(m);
  const tc = useT(common);
  const { lang } = useLang();
  const { me, loading } = useSession();
  usePageTitle(t('title'));
  const [items, setItems] = useState<MyCaseSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [titles, setTitles] = useState<Record<string, string>>({});
  useEffect(() => {
    if (me?.role !== 'citizen') return;
    callAs<{ items: MyCaseSummary[] }>(api.GET('/api/my/cases'))
      .then(async (r) => {
        setItems(r.items);
        // The services by their titles („Wohngeld“), not by the rule pack's code.
        const ids = [...new Set(r.items.map((c) => c.packId))];
        const packs = await Promise.all(ids.map((packId) => call(api.GET('/api/public/packs/{packId}', { params: { path: { packId } } })).catch(() => null)));
        setTitles(Object.fromEntries(packs.filter((p) => p !== null).map((p) => [p.id, p.title])));
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [me]);
  if (loading) return <p role="status">{tc('loading')}</p>;
  if (me?.role !== 'citizen') return <Redirect to="/anmelden" />;
  return (
    <>
      <PageHeading>{t('title')}</PageHeading>
      {error && (
        <Alert type="error" title={tc('errorTitle')}>
          {error}
        </Alert>
      )}
      {items && items.length === 0 && <p>{t('none')}</p>}
      {items && items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>{t('caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('az')}</th>
                <th scope="col">{t('service')}</th>
                <th scope="col">{t('state')}</th>
                <th scope="col">{t('due')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/mein-antrag/${c.id}`}>{c.aktenzeichen}</Link>
                  </td>
                  <td lang={titles[c.packId] && lang !== 'de' ? 'de' : undefined}>{titles[c.packId] ?? c.packId}</td>
                  <td>{tc(stateKey(c.state))}</td>
                  <td>{formatDate(c.documentsDue, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
