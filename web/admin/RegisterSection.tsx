import { useEffect, useState, type FormEvent } from 'react';
import { useAnnounce } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import { parseGermanDate } from '../shared/format.ts';
import { ErrorSummary, SelectField, TextField } from '../shared/form.tsx';
import { useT } from '../shared/i18n.tsx';
import { Alert, Badge, Button } from '../shared/kolibri.tsx';
import { ad, type AdKey } from './messages.ts';

interface Entry {
  id: string;
  name: string;
  kind: string;
  status: string;
  version: number;
  department: string;
  features: { feature: string; packId?: string }[];
  riskClass: string | null;
  riskClassLabel: string | null;
  openObligations: string[] | null;
}

interface Gate {
  allowed: boolean;
  subject: string;
  reasons: { code: string; message: string }[];
  openObligations: { entryId: string; id: string; title: string }[];
  message: string;
}

interface Feature {
  feature: string;
  packId?: string;
  switch: { enabled: boolean } | null;
  gate: Gate;
}

const STATUSES = ['draft', 'consultation', 'approved', 'active', 'retired'];

/** The AI register: entries with class, status and open obligations; activation check; status changes; AI feature switches. */
export function RegisterSection({ canEdit }: { canEdit: boolean }) {
  const t = useT(ad);
  const announce = useAnnounce();
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [features, setFeatures] = useState<Feature[]>([]);
  const [checks, setChecks] = useState<Record<string, Gate>>({});
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    try {
      setEntries((await callAs<{ items: Entry[] }>(api.GET('/api/governance/register'))).items);
      setFeatures((await callAs<{ items: Feature[] }>(api.GET('/api/governance/features'))).items);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  useEffect(() => {
    void load();
  }, []);
  const check = async (e: Entry) => {
    try {
      const g = await callAs<Gate>(api.GET('/api/governance/register/{entryId}/activation', { params: { path: { entryId: e.id } } }));
      setChecks((c) => ({ ...c, [e.id]: g }));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  const guarded = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      setError(null);
      announce(t('saved'));
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <>
      <p>{t('registerIntro')}</p>
      {error && (
        <Alert type="error" title={t('register')} live>
          <span lang="de" style={{ whiteSpace: 'pre-line' }}>
            {error}
          </span>
        </Alert>
      )}
      {entries && entries.length === 0 && (canEdit ? <SeedForm onDone={() => void load()} /> : <p data-testid="register-empty">{t('registerNone')}</p>)}
      {entries && entries.length > 0 && (
        <div className="table-wrap">
          <table data-testid="register">
            <caption>{t('register')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('entry')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('klass')}</th>
                <th scope="col">{t('open')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <th scope="row" lang="de">
                    {e.name}
                    <br />
                    <span className="code muted">{e.id}</span>
                  </th>
                  <td>{t(`status_${e.status}` as AdKey)}</td>
                  <td lang="de">{e.riskClassLabel ?? '–'}</td>
                  <td className="code">{e.openObligations === null ? '–' : e.openObligations.length ? e.openObligations.join(', ') : '0'}</td>
                  <td>
                    <button type="button" className="btn" onClick={() => void check(e)}>
                      {t('activation', { name: e.name })}
                    </button>
                    {checks[e.id] && (
                      <div className="notice" lang="de">
                        {checks[e.id]!.allowed ? <span lang={undefined}>{t('activationOk')}</span> : <span style={{ whiteSpace: 'pre-line' }}>{checks[e.id]!.message}</span>}
                      </div>
                    )}
                    {canEdit && <TransitionForm e={e} onDone={guarded} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('featuresTitle')}</h2>
      <ul>
        {features.map((f) => {
          const on = f.switch?.enabled === true;
          const name = `${f.feature}${f.packId ? ` (${f.packId})` : ''}`;
          // the button names the system as the page does (the gate's German subject), not its key
          return (
            <li key={name} className="card" data-testid={`feature-${f.feature}`}>
              <p>
                <strong lang="de">{f.gate.subject}</strong> <Badge label={f.gate.allowed ? t('gateOpen') : t('gateClosed')} tone={f.gate.allowed ? 'success' : 'warning'} />
              </p>
              {!f.gate.allowed && (
                <p lang="de" style={{ whiteSpace: 'pre-line' }}>
                  {f.gate.message}
                </p>
              )}
              {canEdit && (
                <button type="button" className="btn" onClick={() => void guarded(() => callAs(api.PUT('/api/governance/features', { body: { feature: f.feature as 'chatbot', ...(f.packId ? { packId: f.packId } : {}), enabled: !on } })))}>
                  {on ? t('featureOff', { feature: f.gate.subject }) : t('featureOn', { feature: f.gate.subject })}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

function TransitionForm({ e, onDone }: { e: Entry; onDone: (fn: () => Promise<unknown>) => Promise<void> }) {
  const t = useT(ad);
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  return (
    <form
      noValidate
      onSubmit={(ev: FormEvent) => {
        ev.preventDefault();
        if (!to) return;
        void onDone(() => callAs(api.POST('/api/governance/register/{entryId}/transition', { params: { path: { entryId: e.id } }, body: { version: e.version, to: to as 'active', ...(reason.trim() ? { reason: reason.trim() } : {}) } })));
      }}
    >
      <SelectField id={`to-${e.id}`} label={t('transition', { name: e.name })} value={to} onChange={setTo} placeholder="—" options={STATUSES.filter((s) => s !== e.status).map((s) => ({ value: s, label: t(`status_${s}` as AdKey) }))} />
      <TextField id={`reason-${e.id}`} label={t('transitionReason')} value={reason} onChange={setReason} width="medium" optionalText="" />
      <Button label={t('doTransition')} type="submit" disabled={!to} />
    </form>
  );
}

function SeedForm({ onDone }: { onDone(): void }) {
  const t = useT(ad);
  const keys = ['organization', 'area', 'contactEmail', 'benefitsDepartment', 'youthDepartment', 'serviceDepartment', 'reviewDue'] as const;
  const [v, setV] = useState<Record<(typeof keys)[number], string>>({ organization: 'Stadt Musterstadt', area: '', contactEmail: '', benefitsDepartment: '', youthDepartment: '', serviceDepartment: '', reviewDue: '' });
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const missing = keys.filter((k) => !v[k].trim() || (k === 'reviewDue' && !parseGermanDate(v[k].trim())));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (missing.length) return;
    try {
      await callAs(api.POST('/api/governance/register/product-systems', { body: { ...v, reviewDue: parseGermanDate(v.reviewDue.trim())! } as never }));
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="panel" aria-labelledby="seed-title">
      <h2 id="seed-title">{t('seedTitle')}</h2>
      <p>{t('registerEmpty')}</p>
      {error && (
        <p className="field-error" lang="de">
          {error}
        </p>
      )}
      <ErrorSummary title={t('seedTitle')} errors={shown ? missing.map((k) => ({ fieldId: `seed-${k}`, message: `${t(k)}: ${t('fieldMissing')}` })) : []} />
      {keys.map((k) => (
        <TextField key={k} id={`seed-${k}`} label={t(k)} required value={v[k]} onChange={(x) => setV({ ...v, [k]: x })} error={shown && missing.includes(k) ? t('fieldMissing') : null} width="medium" />
      ))}
      <Button label={t('seed')} type="submit" variant="primary" />
    </form>
  );
}
