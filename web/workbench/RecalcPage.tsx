import { useEffect, useState, type FormEvent } from 'react';
import { PageHeading, useAnnounce, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import type { Me, PackSummary } from '../shared/api-views.ts';
import { formatDateTime } from '../shared/format.ts';
import { SelectField, TextField } from '../shared/form.tsx';
import { useLang, useT } from '../shared/i18n.tsx';
import { Alert, Button } from '../shared/kolibri.tsx';
import { StaffOnly } from './guard.tsx';
import { wb } from './messages.ts';

interface Run {
  id: string;
  packId: string;
  toRelease: string;
  startedAt: string;
  total: number;
  finishedAt: string | null;
}

export default function RecalcPageRoute() {
  const t = useT(wb);
  usePageTitle(t('recalcTitle'));
  return (
    <StaffOnly roles={['caseworker', 'team_lead', 'admin']} title={t('recalcTitle')}>
      {(me) => <Recalc me={me} />}
    </StaffOnly>
  );
}

function Recalc({ me }: { me: Me }) {
  const t = useT(wb);
  const { lang } = useLang();
  const announce = useAnnounce();
  const [packs, setPacks] = useState<PackSummary[]>([]);
  const [packId, setPackId] = useState('');
  const [release, setRelease] = useState('');
  const [runId, setRunId] = useState('');
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState(false);
  const mayStart = me.role === 'team_lead' || me.role === 'admin';
  useEffect(() => {
    callAs<{ items: PackSummary[] }>(api.GET('/api/packs'))
      .then((r) => setPacks(r.items))
      .catch(() => setPacks([]));
  }, []);
  const pack = packs.find((p) => p.id === packId);
  const refresh = async (id = runId) => {
    if (!/^[0-9a-f-]{36}$/.test(id)) return;
    try {
      const r = await callAs<Run>(api.GET('/api/recalculations/{id}', { params: { path: { id } } }));
      setRun(r);
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const start = async (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (!packId || !release) return;
    try {
      const r = await callAs<Run>(api.POST('/api/recalculations', { body: { packId, release } }));
      setRun(r);
      setRunId(r.id);
      announce(t('saved'));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <>
      <PageHeading>{t('recalcTitle')}</PageHeading>
      <p>{t('recalcIntro')}</p>
      <p>{t('recalcHowTo')}</p>
      {error && (
        <Alert type="error" title={t('recalcTitle')} live>
          <span lang="de">{error}</span>
        </Alert>
      )}
      {mayStart ? (
        <form onSubmit={(e) => void start(e)} noValidate className="panel">
          <SelectField id="recalc-pack" label={t('recalcPack')} required value={packId} onChange={(v) => { setPackId(v); setRelease(''); }} placeholder="—" options={packs.map((p) => ({ value: p.id, label: p.title, lang: 'de' }))} error={shown && !packId ? t('optionMissing') : null} />
          <SelectField id="recalc-release" label={t('recalcRelease')} required value={release} onChange={setRelease} placeholder="—" options={(pack?.releases ?? []).map((r) => ({ value: r, label: r }))} error={shown && !release ? t('optionMissing') : null} />
          <Button label={t('recalcStart')} type="submit" variant="primary" data-testid="recalc-start" />
        </form>
      ) : (
        <p>{t('recalcOnlyLead')}</p>
      )}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void refresh();
        }}
      >
        <TextField id="recalc-run" label={t('recalcRunId')} value={runId} onChange={setRunId} width="medium" />
        <Button label={t('recalcRefresh')} type="submit" data-testid="recalc-refresh" />
      </form>
      {run && (
        <p role="status" data-testid="recalc-run">
          {t('recalcRun', { id: run.id, pack: run.packId, release: run.toRelease, total: run.total, at: formatDateTime(run.startedAt, lang), status: run.finishedAt ? t('recalcDone', { at: formatDateTime(run.finishedAt, lang) }) : t('recalcRunning') })}
        </p>
      )}
    </>
  );
}
