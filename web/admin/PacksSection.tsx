import { useEffect, useState } from 'react';
import { useAnnounce } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import type { PackSummary, Settings } from '../shared/api-views.ts';
import { SelectField } from '../shared/form.tsx';
import { useT } from '../shared/i18n.tsx';
import { Alert } from '../shared/kolibri.tsx';
import { Link } from '../shared/router.tsx';
import { ad } from './messages.ts';

/** The installed rule packs and which legal version new applications are decided with. */
export function PacksSection({ canEdit }: { canEdit: boolean }) {
  const t = useT(ad);
  const announce = useAnnounce();
  const [packs, setPacks] = useState<PackSummary[]>([]);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void (async () => {
      try {
        setPacks((await callAs<{ items: PackSummary[] }>(api.GET('/api/packs'))).items);
        setSettings(await callAs<Settings>(api.GET('/api/admin/settings')));
      } catch (e) {
        setError(e instanceof ApiError ? e.message : String(e));
      }
    })();
  }, []);
  const setRelease = async (packId: string, release: string) => {
    if (!settings) return;
    const packReleases = { ...settings.packReleases };
    if (release) packReleases[packId] = release;
    else delete packReleases[packId];
    try {
      setSettings(await callAs<Settings>(api.PUT('/api/admin/settings', { body: { packReleases } })));
      announce(t('saved'));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <>
      <p>{t('packsIntro')}</p>
      {error && (
        <Alert type="error" title={t('packs')} live>
          <span lang="de">{error}</span>
        </Alert>
      )}
      <ul className="cards">
        {packs.map((p) => (
          <li key={p.id} className="card">
            <h2 lang="de">{p.title}</h2>
            <p>
              <span className="code">{p.id}</span> · {p.hasDiscretionPoints ? t('discretion') : t('noDiscretion')}
            </p>
            <SelectField
              id={`release-${p.id}`}
              label={t('packRelease', { pack: p.title })}
              value={settings?.packReleases[p.id] ?? ''}
              onChange={(v) => void setRelease(p.id, v)}
              options={[{ value: '', label: t('newest', { release: p.release }) }, ...p.releases.map((r) => ({ value: r, label: r }))]}
              {...(canEdit ? {} : { hint: t('readOnly') })}
            />
          </li>
        ))}
      </ul>
      <p>
        <Link to="/arbeitsplatz/neuberechnung">{t('toRecalc')}</Link>
      </p>
    </>
  );
}
