import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { PageHeading, useAnnounce, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import type { Me, PackSummary } from '../shared/api-views.ts';
import { formatDate, formatDateTime } from '../shared/format.ts';
import { SelectField, TextArea, TextField } from '../shared/form.tsx';
import { useLang, useT } from '../shared/i18n.tsx';
import { Alert, Badge, Button } from '../shared/kolibri.tsx';
import { fm } from './fairness-messages.ts';
import { StaffOnly } from './guard.tsx';

/** GET /api/fairness/alerts (items) */
interface FairnessAlert {
  reportId: string;
  systemId: string;
  registerEntryId: string | null;
  registerEntryName: string | null;
  summary: { significant: number; fourFifths: number; screeningBand: number; period: { from: string; to: string }; findings: string[] };
  createdAt: string;
  status: 'open' | 'acknowledged';
  acknowledged: { by: string; role: string; at: string; note: string | null } | null;
}

/** GET /api/fairness/reports (items) */
interface ReportSummary {
  reportId: string;
  systemId: string;
  quarter: string;
  createdAt: string;
}

/** Who makes reports (the fairness plugin's OVERSIGHT): the independent roles, not the administration that runs the systems. */
const REPORT_MAKERS = ['dpo', 'auditor'];
/** The systems the fairness monitor knows (OUTCOME_SPECS on the server; the API types hold the list). */
type FairnessSystem = 'wohngeld' | 'kita-beitrag';
const SYSTEMS: readonly FairnessSystem[] = ['wohngeld', 'kita-beitrag'];
const isSystem = (id: string): id is FairnessSystem => (SYSTEMS as readonly string[]).includes(id);
const QUARTER = /^[0-9]{4}-Q[1-4]$/;

export default function FairnessPageRoute() {
  const t = useT(fm);
  usePageTitle(t('title'));
  return (
    <StaffOnly roles={['caseworker', 'team_lead', 'admin', 'dpo', 'auditor']} title={t('title')}>
      {(me) => <Fairness me={me} />}
    </StaffOnly>
  );
}

function Fairness({ me }: { me: Me }) {
  const t = useT(fm);
  const [alerts, setAlerts] = useState<FairnessAlert[] | null>(null);
  const [reports, setReports] = useState<ReportSummary[] | null>(null);
  const [packs, setPacks] = useState<PackSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const [a, r] = await Promise.all([
        callAs<{ items: FairnessAlert[] }>(api.GET('/api/fairness/alerts')),
        callAs<{ items: ReportSummary[] }>(api.GET('/api/fairness/reports', { params: { query: { gemeinde: me.municipalityId } } })),
      ]);
      setAlerts(a.items);
      setReports(r.items);
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }, [me.municipalityId]);
  useEffect(() => {
    void load();
    callAs<{ items: PackSummary[] }>(api.GET('/api/packs'))
      .then((r) => setPacks(r.items))
      .catch(() => setPacks([]));
  }, [load]);
  const systemName = (id: string) => packs.find((p) => p.id === id)?.title ?? id;
  return (
    <>
      <PageHeading>{t('title')}</PageHeading>
      <p>{t('intro')}</p>
      {error && (
        <Alert type="error" title={t('title')} live>
          <span lang="de">{error}</span>
        </Alert>
      )}
      <section aria-labelledby="fairness-alerts">
        <h2 id="fairness-alerts">{t('alertsTitle')}</h2>
        {alerts && alerts.length === 0 && <p>{t('alertsNone')}</p>}
        {alerts?.map((a, i) => <AlertItem key={`${a.reportId}-${a.registerEntryId ?? ''}`} id={`fairness-alert-${i}`} alert={a} systemName={systemName(a.systemId)} onChanged={load} />)}
      </section>
      <section aria-labelledby="fairness-reports">
        <h2 id="fairness-reports">{t('reportsTitle')}</h2>
        {reports && reports.length === 0 && <p>{t('reportsNone')}</p>}
        {reports && reports.length > 0 && <ReportList reports={reports} municipality={me.municipalityId} systemName={systemName} />}
        {REPORT_MAKERS.includes(me.role) ? <ProduceReport packs={packs} onProduced={load} /> : <p>{t('produceOnlyOversight')}</p>}
      </section>
    </>
  );
}

function AlertItem({ id, alert: a, systemName, onChanged }: { id: string; alert: FairnessAlert; systemName: string; onChanged: () => Promise<void> }) {
  const t = useT(fm);
  const { lang } = useLang();
  const announce = useAnnounce();
  const [note, setNote] = useState('');
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const acknowledge = async (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (note.trim() === '') return;
    try {
      await callAs(api.POST('/api/fairness/alerts/{reportId}/acknowledge', { params: { path: { reportId: a.reportId } }, body: { registerEntryId: a.registerEntryId, note: note.trim() } }));
      announce(t('ackSaved'));
      await onChanged();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <article className="panel" aria-labelledby={`${id}-h`} data-testid="fairness-alert">
      <h3 id={`${id}-h`}>
        {t('alertHeading', { system: systemName, from: formatDate(a.summary.period.from, lang), to: formatDate(a.summary.period.to, lang) })}{' '}
        <Badge label={a.status === 'open' ? t('alertOpen') : t('alertAcknowledged')} tone={a.status === 'open' ? 'warning' : 'success'} />
      </h3>
      <p>
        {a.registerEntryId ? t('alertEntry', { entry: a.registerEntryName ?? a.registerEntryId }) : t('alertNoEntry')}. {t('alertCreated', { at: formatDateTime(a.createdAt, lang) })}
      </p>
      <p>{t('alertCounts', { significant: a.summary.significant, fourFifths: a.summary.fourFifths, band: a.summary.screeningBand })}</p>
      {a.summary.findings.length > 0 && (
        <ul lang="de">
          {a.summary.findings.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      )}
      {a.acknowledged && <p>{t('alertAckBy', { at: formatDateTime(a.acknowledged.at, lang), role: a.acknowledged.role, note: a.acknowledged.note ?? '–' })}</p>}
      {error && (
        <Alert type="error" title={t('ackSubmit')} live>
          <span lang="de">{error}</span>
        </Alert>
      )}
      {a.status === 'open' && (
        <form onSubmit={(e) => void acknowledge(e)} noValidate>
          <TextArea id={`${id}-note`} label={t('ackNote')} hint={t('ackNoteHint')} required value={note} onChange={setNote} rows={2} maxLength={2000} error={shown && note.trim() === '' ? t('ackNoteMissing') : null} />
          <Button label={t('ackSubmit')} type="submit" variant="primary" />
        </form>
      )}
    </article>
  );
}

function ReportList({ reports, municipality, systemName }: { reports: ReportSummary[]; municipality: string; systemName: (id: string) => string }) {
  const t = useT(fm);
  const { lang } = useLang();
  const href = (r: ReportSummary, kind: 'html' | 'pdf') => `/api/fairness/reports/${encodeURIComponent(r.reportId)}/${kind}?gemeinde=${encodeURIComponent(municipality)}`;
  return (
    <ul data-testid="fairness-reports">
      {reports.map((r) => (
        <li key={r.reportId}>
          {t('reportRow', { system: systemName(r.systemId), quarter: r.quarter, at: formatDate(r.createdAt, lang) })}:{' '}
          <a href={href(r, 'html')}>{t('reportHtml', { quarter: r.quarter })}</a>, <a href={href(r, 'pdf')}>{t('reportPdf', { quarter: r.quarter })}</a>
        </li>
      ))}
    </ul>
  );
}

function ProduceReport({ packs, onProduced }: { packs: PackSummary[]; onProduced: () => Promise<void> }) {
  const t = useT(fm);
  const announce = useAnnounce();
  const [systemId, setSystemId] = useState('');
  const [quarter, setQuarter] = useState('');
  const [shown, setShown] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const quarterError = shown && !QUARTER.test(quarter.trim()) ? t('produceQuarterInvalid') : null;
  const produce = async (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    setResult(null);
    if (!isSystem(systemId) || !QUARTER.test(quarter.trim())) return;
    try {
      const r = await callAs<{ created: boolean; alert: { significant: number } | null }>(api.POST('/api/fairness/reports', { body: { systemId, quarter: quarter.trim() } }));
      const text = `${t(r.created ? 'produceCreated' : 'produceExisting', { quarter: quarter.trim() })}${r.alert ? ` ${t('produceAlert')}` : ''}`;
      setResult(text);
      setError(null);
      announce(text);
      await onProduced();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <form onSubmit={(e) => void produce(e)} noValidate className="panel" aria-labelledby="fairness-produce">
      <h3 id="fairness-produce">{t('produceTitle')}</h3>
      <p>{t('produceIntro')}</p>
      {error && (
        <Alert type="error" title={t('produceTitle')} live>
          <span lang="de">{error}</span>
        </Alert>
      )}
      <SelectField id="fairness-system" label={t('produceSystem')} required value={systemId} onChange={setSystemId} placeholder="—" options={packs.filter((p) => isSystem(p.id)).map((p) => ({ value: p.id, label: p.title, lang: 'de' }))} error={shown && !systemId ? t('produceSystemMissing') : null} />
      <TextField id="fairness-quarter" label={t('produceQuarter')} required value={quarter} onChange={setQuarter} width="short" error={quarterError} />
      <Button label={t('produceSubmit')} type="submit" variant="primary" data-testid="fairness-produce" />
      {result && (
        <p role="status" data-testid="fairness-produced">
          {result}
        </p>
      )}
    </form>
  );
}
