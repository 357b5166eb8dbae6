import { useEffect, useState, type FormEvent } from 'react';
import type { PageProps } from '../app/page.ts';
import { PageHeading, useAnnounce, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import type { Proposal, StaffCase, TraceStep } from '../shared/api-views.ts';
import { formatDecimal } from '../shared/format.ts';
import { TextArea } from '../shared/form.tsx';
import { useT } from '../shared/i18n.tsx';
import { Alert, Button } from '../shared/kolibri.tsx';
import { common } from '../shared/messages.ts';
import { Link } from '../shared/router.tsx';
import { StaffOnly } from './guard.tsx';
import { wb } from './messages.ts';

const PROPOSAL_STATES = ['pending', 'accepted', 'rejected', 'superseded'] as const;

const show = (v: unknown) => (v === null || v === undefined ? '–' : typeof v === 'object' ? JSON.stringify(v) : /^-?\d+(\.\d+)?$/.test(String(v)) ? formatDecimal(v) : String(v));

export default function ProposalPageRoute({ params }: PageProps) {
  const t = useT(wb);
  return (
    <StaffOnly roles={['caseworker', 'team_lead']} title={t('proposalTitle', { from: '', to: '' })}>
      {() => <ProposalView id={params.id!} />}
    </StaffOnly>
  );
}

/** A recalculation proposal: the changed values and both Rechenwege side by side, step by step. */
function ProposalView({ id }: { id: string }) {
  const t = useT(wb);
  const tc = useT(common);
  const announce = useAnnounce();
  const [p, setP] = useState<Proposal | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [shown, setShown] = useState(false);
  usePageTitle(p ? t('proposalTitle', { from: p.fromRelease, to: p.toRelease }) : '');
  const load = async () => {
    try {
      setP(await callAs<Proposal>(api.GET('/api/proposals/{id}', { params: { path: { id } } })));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  useEffect(() => {
    void load();
  }, [id]);
  if (error && !p)
    return (
      <Alert type="error" title={tc('errorTitle')}>
        {error}
      </Alert>
    );
  if (!p) return <p role="status">{tc('loading')}</p>;
  const decide = async (accept: boolean) => {
    try {
      const c = await callAs<StaffCase>(api.GET('/api/cases/{id}', { params: { path: { id: p.caseId } } }));
      if (accept) await callAs(api.POST('/api/proposals/{id}/accept', { params: { path: { id } }, body: { version: c.version } }));
      else await callAs(api.POST('/api/proposals/{id}/reject', { params: { path: { id } }, body: { version: c.version, reason: reason.trim() } }));
      announce(t('saved'));
      await load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const rows = pairSteps(p.old.trace ?? [], p.new.trace ?? []);
  return (
    <>
      <PageHeading>{t('proposalTitle', { from: p.fromRelease, to: p.toRelease })}</PageHeading>
      <p>{t('proposalStatus', { status: (PROPOSAL_STATES as readonly string[]).includes(p.status) ? t(`proposal.${p.status as (typeof PROPOSAL_STATES)[number]}`) : p.status })}</p>
      <p>
        <Link to={`/arbeitsplatz/faelle/${p.caseId}`}>{t('toCase')}</Link>
      </p>
      {error && (
        <Alert type="error" title={tc('errorTitle')}>
          <span lang="de">{error}</span>
        </Alert>
      )}
      <h2>{t('changedValues')}</h2>
      <div className="table-wrap">
        <table data-testid="proposal-changes">
          <caption className="visually-hidden">{t('changedValues')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('valueName')}</th>
              <th scope="col" className="num">
                {t('oldValue', { release: p.fromRelease })}
              </th>
              <th scope="col" className="num">
                {t('newValue', { release: p.toRelease })}
              </th>
            </tr>
          </thead>
          <tbody>
            {p.changes.map((ch) => (
              <tr key={ch.name}>
                <th scope="row" className="code">
                  {ch.name}
                </th>
                <td className="num">{show(ch.old)}</td>
                <td className="num">{show(ch.new)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('oldNew')}</h2>
      {p.old.rechenwegProblem && (
        <Alert type="warning" title={t('traceUnavailable')} level={3} data-testid="proposal-trace-problem">
          <p lang="de">{p.old.rechenwegProblem.message}</p>
        </Alert>
      )}
      <div className="table-wrap" lang="de">
        <table data-testid="proposal-traces">
          <caption className="visually-hidden">{t('oldNew')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('traceStep')}</th>
              <th scope="col">{t('oldTrace')}</th>
              <th scope="col">{t('newTrace')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} className={r.changed ? 'changed' : undefined}>
                <th scope="row">
                  {r.label}
                  {r.changed && <strong> (geändert)</strong>}
                </th>
                <td>{r.old ? `${show(r.old.value)} – ${r.old.norm}${r.old.validFrom ? ` (ab ${r.old.validFrom})` : ''}` : '–'}</td>
                <td>{r.new ? `${show(r.new.value)} – ${r.new.norm}${r.new.validFrom ? ` (ab ${r.new.validFrom})` : ''}` : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.status === 'pending' && (
        <div className="panel">
          <div className="actions">
            <Button label={t('accept')} variant="primary" onClick={() => void decide(true)} data-testid="proposal-accept" />
          </div>
          <form
            noValidate
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              setShown(true);
              if (reason.trim().length >= 10) void decide(false);
            }}
          >
            <TextArea id="proposal-reason" label={t('rejectReason')} hint={t('reasonHint')} required value={reason} onChange={setReason} rows={2} error={shown && reason.trim().length < 10 ? t('reasonShort') : null} />
            <Button label={t('reject')} type="submit" />
          </form>
        </div>
      )}
    </>
  );
}

/** Old and new steps matched by rule and item, in the new trace's order. */
function pairSteps(oldT: TraceStep[], newT: TraceStep[]) {
  const key = (s: TraceStep) => `${s.rule}|${s.entity?.item ?? ''}`;
  const olds = new Map(oldT.map((s) => [key(s), s]));
  const seen = new Set<string>();
  const rows = newT.map((n) => {
    const k = key(n);
    seen.add(k);
    const o = olds.get(k);
    return { label: `${n.label}${n.entity ? ` (${n.entity.item})` : ''}`, old: o, new: n, changed: !o || JSON.stringify(o.value) !== JSON.stringify(n.value) || o.norm !== n.norm };
  });
  for (const o of oldT) if (!seen.has(key(o))) rows.push({ label: `${o.label}${o.entity ? ` (${o.entity.item})` : ''}`, old: o, new: undefined as unknown as TraceStep, changed: true });
  return rows;
}
