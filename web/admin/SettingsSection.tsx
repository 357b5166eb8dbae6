import { useEffect, useState, type FormEvent } from 'react';
import { useAnnounce } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import { DATA_CLASSES, type DataClass, type PackSummary, type Settings } from '../shared/api-views.ts';
import { Checkbox, CheckboxGroup, ErrorSummary, SelectField, TextArea, TextField } from '../shared/form.tsx';
import { useT } from '../shared/i18n.tsx';
import { common } from '../shared/messages.ts';
import { Alert, Button } from '../shared/kolibri.tsx';
import { ad, type AdKey } from './messages.ts';

interface ModelForm {
  own: boolean;
  baseUrl: string;
  model: string;
  apiKeyEnv: string;
  classes: string[];
}

function modelForm(s: Settings): ModelForm {
  const m = s.drafting?.model;
  return { own: !!m, baseUrl: m?.baseUrl ?? '', model: m?.model ?? '', apiKeyEnv: m?.apiKeyEnv ?? '', classes: m?.allowedDataClasses ?? ['pseudonymisiert'] };
}

/** Letterhead, Rechtsbehelfsbelehrung, deadlines, four eyes, retention, the municipality's own model server for drafts. */
export function SettingsSection({ canEdit }: { canEdit: boolean }) {
  const t = useT(ad);
  const tc = useT(common);
  const announce = useAnnounce();
  const [s, setS] = useState<Settings | null>(null);
  const [packs, setPacks] = useState<PackSummary[]>([]);
  const [days, setDays] = useState({ nachforderung: '', reminder: '', retention: {} as Record<string, string> });
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<{ fieldId: string; message: string }[]>([]);
  const [mf, setMf] = useState<ModelForm>({ own: false, baseUrl: '', model: '', apiKeyEnv: '', classes: [] });
  useEffect(() => {
    void (async () => {
      try {
        const [settings, p] = await Promise.all([callAs<Settings>(api.GET('/api/admin/settings')), callAs<{ items: PackSummary[] }>(api.GET('/api/packs'))]);
        setS(settings);
        setMf(modelForm(settings));
        setPacks(p.items);
        setDays({ nachforderung: String(settings.nachforderungDays), reminder: String(settings.reminderDays), retention: Object.fromEntries(Object.entries(settings.retention).map(([k, v]) => [k, String(v.days)])) });
      } catch (e) {
        setError(e instanceof ApiError ? e.message : String(e));
      }
    })();
  }, []);
  if (!s) return error ? <Alert type="error" title={t('settings')}>{error}</Alert> : <p role="status">…</p>;
  const intOk = (v: string) => /^\d{1,3}$/.test(v) && Number(v) >= 7 && Number(v) <= 90;
  const local = [
    !intOk(days.nachforderung) ? { fieldId: 'set-nachforderung', message: `${t('nachforderungDays')}: ${t('daysInvalid')}` } : null,
    !intOk(days.reminder) ? { fieldId: 'set-reminder', message: `${t('reminderDays')}: ${t('daysInvalid')}` } : null,
    ...packs
      .filter((p) => {
        const d = days.retention[p.id]?.trim() ?? '';
        return d !== '' && !(/^\d{1,5}$/.test(d) && Number(d) >= 1 && Number(d) <= 36500);
      })
      .map((p) => ({ fieldId: `set-retention-${p.id}`, message: `${t('retentionDays', { pack: p.title })}: ${t('retentionInvalid')}` })),
    mf.own && !/^https?:\/\/[^\s/@]+/.test(mf.baseUrl.trim()) ? { fieldId: 'set-model-url', message: t('modelUrlInvalid') } : null,
    mf.own && !mf.model.trim() ? { fieldId: 'set-model-name', message: t('modelNameMissing') } : null,
    mf.own && mf.apiKeyEnv.trim() && !/^[A-Z_][A-Z0-9_]*$/.test(mf.apiKeyEnv.trim()) ? { fieldId: 'set-model-key', message: t('modelKeyEnvInvalid') } : null,
  ].filter((x): x is { fieldId: string; message: string } => !!x);
  const problemAt = (id: string) => problems.find((p) => p.fieldId === id)?.message ?? null;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setProblems(local);
    if (local.length) return;
    const retention: Settings['retention'] = {};
    for (const p of packs) {
      const d = days.retention[p.id]?.trim();
      if (d) retention[p.id] = { days: Number(d), mode: s.retention[p.id]?.mode ?? 'anonymise' };
    }
    try {
      const next = await callAs<Settings>(
        api.PUT('/api/admin/settings', {
          body: {
            fourEyes: s.fourEyes,
            nachforderungDays: Number(days.nachforderung),
            reminderDays: Number(days.reminder),
            retention,
            packReleases: s.packReleases,
            authority: s.authority,
            drafting: {
              model: mf.own ? { baseUrl: mf.baseUrl.trim(), model: mf.model.trim(), ...(mf.apiKeyEnv.trim() ? { apiKeyEnv: mf.apiKeyEnv.trim() } : {}), allowedDataClasses: mf.classes as DataClass[] } : null,
            },
          },
        }),
      );
      setS(next);
      setMf(modelForm(next));
      setError(null);
      announce(t('saved'));
    } catch (err) {
      if (err instanceof ApiError) {
        setError(err.message);
        setProblems(err.problems.map((p) => ({ fieldId: 'set-' + (p.path.split('.').pop() ?? ''), message: `${p.path}: ${p.message}` })));
      } else setError(String(err));
    }
  };
  return (
    <>
      <p>{t('settingsIntro')}</p>
      {!canEdit && <p className="notice">{t('readOnly')}</p>}
      {error && (
        <Alert type="error" title={t('settings')} live>
          <span lang="de">{error}</span>
        </Alert>
      )}
      <form onSubmit={(e) => void save(e)} noValidate>
        <ErrorSummary title={t('settings')} errors={problems} />
        <fieldset className="fieldset-group" disabled={!canEdit}>
          <legend>{t('authority')}</legend>
          <TextField id="set-name" label={t('authorityName')} required value={s.authority.name} onChange={(v) => setS({ ...s, authority: { ...s.authority, name: v } })} />
          <TextField id="set-address" label={t('authorityAddress')} required value={s.authority.address} onChange={(v) => setS({ ...s, authority: { ...s.authority, address: v } })} />
          <TextArea id="set-rechtsbehelfsbelehrung" label={t('rechtsbehelf')} hint={t('rechtsbehelfHint')} required value={s.authority.rechtsbehelfsbelehrung} onChange={(v) => setS({ ...s, authority: { ...s.authority, rechtsbehelfsbelehrung: v } })} rows={5} />
        </fieldset>
        <fieldset className="fieldset-group" disabled={!canEdit}>
          <legend>{t('deadlines')}</legend>
          <TextField id="set-nachforderung" label={t('nachforderungDays')} inputMode="numeric" width="short" required value={days.nachforderung} onChange={(v) => setDays({ ...days, nachforderung: v })} error={problems.some((p) => p.fieldId === 'set-nachforderung') ? t('daysInvalid') : null} />
          <TextField id="set-reminder" label={t('reminderDays')} inputMode="numeric" width="short" required value={days.reminder} onChange={(v) => setDays({ ...days, reminder: v })} error={problems.some((p) => p.fieldId === 'set-reminder') ? t('daysInvalid') : null} />
        </fieldset>
        <fieldset className="fieldset-group" disabled={!canEdit}>
          <legend>{t('fourEyes')}</legend>
          <Checkbox id="set-fe-always" label={t('fourEyesAlways')} checked={s.fourEyes.always} onChange={(v) => setS({ ...s, fourEyes: { ...s.fourEyes, always: v } })} />
          <Checkbox id="set-fe-refusals" label={t('fourEyesRefusals')} checked={s.fourEyes.refusals} onChange={(v) => setS({ ...s, fourEyes: { ...s.fourEyes, refusals: v } })} />
          <Checkbox id="set-fe-overrides" label={t('fourEyesOverrides')} checked={s.fourEyes.overrides} onChange={(v) => setS({ ...s, fourEyes: { ...s.fourEyes, overrides: v } })} />
        </fieldset>
        <fieldset className="fieldset-group" disabled={!canEdit}>
          <legend>{t('retention')}</legend>
          {packs.map((p) => (
            <div key={p.id}>
              <TextField
                id={`set-retention-${p.id}`}
                label={t('retentionDays', { pack: p.title })}
                inputMode="numeric"
                width="short"
                value={days.retention[p.id] ?? ''}
                onChange={(v) => setDays({ ...days, retention: { ...days.retention, [p.id]: v } })}
                optionalText=""
                error={problems.some((x) => x.fieldId === `set-retention-${p.id}`) ? t('retentionInvalid') : null}
              />
              <SelectField
                id={`set-retention-mode-${p.id}`}
                label={t('retentionMode', { pack: p.title })}
                value={s.retention[p.id]?.mode ?? 'anonymise'}
                onChange={(v) => setS({ ...s, retention: { ...s.retention, [p.id]: { days: s.retention[p.id]?.days ?? 3650, mode: v as 'anonymise' | 'delete' } } })}
                options={[
                  { value: 'anonymise', label: t('anonymise') },
                  { value: 'delete', label: t('delete') },
                ]}
              />
            </div>
          ))}
        </fieldset>
        <fieldset className="fieldset-group" disabled={!canEdit} data-testid="model-server">
          <legend>{t('modelTitle')}</legend>
          <p>{s.drafting?.model ? t('modelSet', { url: s.drafting.model.baseUrl, model: s.drafting.model.model, classes: (s.drafting.model.allowedDataClasses ?? []).map((c) => t(`dc_${c}` as AdKey)).join(', ') || '–' }) : t('modelNone')}</p>
          <p className="muted">{t('modelNote')}</p>
          <Checkbox id="set-model-own" label={t('modelOwn')} checked={mf.own} onChange={(v) => setMf({ ...mf, own: v })} />
          {mf.own && (
            <>
              <TextField id="set-model-url" label={t('modelUrl')} hint={t('modelUrlHint')} required value={mf.baseUrl} onChange={(v) => setMf({ ...mf, baseUrl: v })} error={problemAt('set-model-url')} autoComplete="url" />
              <TextField id="set-model-name" label={t('modelName')} required value={mf.model} onChange={(v) => setMf({ ...mf, model: v })} error={problemAt('set-model-name')} width="medium" />
              <TextField id="set-model-key" label={t('modelKeyEnv')} value={mf.apiKeyEnv} onChange={(v) => setMf({ ...mf, apiKeyEnv: v })} error={problemAt('set-model-key')} width="medium" optionalText={tc('optional')} />
              <CheckboxGroup id="set-model-classes" label={t('modelClasses')} values={mf.classes} onChange={(v) => setMf({ ...mf, classes: v })} options={DATA_CLASSES.map((c) => ({ value: c, label: t(`dc_${c}` as AdKey) }))} />
            </>
          )}
        </fieldset>
        {canEdit && <Button label={t('save')} type="submit" variant="primary" data-testid="settings-save" />}
      </form>
    </>
  );
}
