import { useEffect, useState } from 'react';
import { useAnnounce } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import type { PackSummary, Settings } from '../shared/api-views.ts';
import { SelectField } from '../shared/form.tsx';
import { useT } from '../shared/i18n.tsx';
import { Alert, Button } from '../shared/kolibri.tsx';
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
        // Both at once: a list shown before the settings arrive would show the wrong release.
        const [p, s] = await Promise.all([callAs<{ items: PackSummary[] }>(api.GET('/api/packs')), callAs<Settings>(api.GET('/api/admin/settings'))]);
        setSettings(s);
        setPacks(p.items);
      } catch (e) {
        setError(e instanceof ApiError ? e.message : String(e));
      }
    })();
  }, []);
  // Chosen, not yet saved: moving through the list with the arrow keys must not switch the law on the way.
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const saveRelease = async (p: PackSummary) => {
    if (!settings) return;
    const release = chosen[p.id] ?? settings.packReleases[p.id] ?? '';
    const packReleases = { ...settings.packReleases };
    if (release) packReleases[p.id] = release;
    else delete packReleases[p.id];
    try {
      setSettings(await callAs<Settings>(api.PUT('/api/admin/settings', { body: { packReleases } })));
      const message = t('releaseSaved', { pack: p.title, release: release || t('newest', { release: p.release }) });
      setDone(message);
      setError(null);
      announce(message);
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
      {done && (
        <p className="notice" data-testid="release-saved">
          {done}
        </p>
      )}
      <ul className="cards">
        {packs.map((p) => (
          <li key={p.id} className="card">
            <h2 lang="de">{p.title}</h2>
            <p>
              <span className="code">{p.id}</span> · {p.hasDiscretionPoints ? t('discretion') : t('noDiscretion')}
            </p>
            <form
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                if (canEdit) void saveRelease(p);
              }}
            >
              <SelectField
                id={`release-${p.id}`}
                label={t('packRelease', { pack: p.title })}
                value={chosen[p.id] ?? settings?.packReleases[p.id] ?? ''}
                onChange={(v) => setChosen({ ...chosen, [p.id]: v })}
                options={[{ value: '', label: t('newest', { release: p.release }) }, ...p.releases.map((r) => ({ value: r, label: r }))]}
                {...(canEdit ? {} : { hint: t('readOnly') })}
              />
              {canEdit && <Button label={t('releaseSave', { pack: p.title })} type="submit" data-testid={`release-save-${p.id}`} />}
            </form>
          </li>
        ))}
      </ul>
      <p>
        <Link to="/arbeitsplatz/neuberechnung">{t('toRecalc')}</Link>
      </p>
    </>
  );
}
