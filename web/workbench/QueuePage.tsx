import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { PageHeading, useAnnounce, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import type { Me, PackSummary, QueueItem, QueuePage as Page } from '../shared/api-views.ts';
import { formatDate, formatDateTime } from '../shared/format.ts';
import { Checkbox, SelectField, TextField } from '../shared/form.tsx';
import { useLang, useT } from '../shared/i18n.tsx';
import { Alert, Badge } from '../shared/kolibri.tsx';
import { common, stateKey } from '../shared/messages.ts';
import { Link, navigate, useLocation } from '../shared/router.tsx';
import { StaffOnly } from './guard.tsx';
import { wb, type WbKey } from './messages.ts';
import { Pager } from '../shared/pager.tsx';

const STATES = ['received', 'checked', 'documents_requested', 'reminded', 'complete', 'draft_prepared', 'under_review', 'approved', 'issued', 'objection_filed', 'abhilfe_review', 'objection_upheld', 'decision_changed', 'closed'] as const;
type Col = 'aktenzeichen' | 'packId' | 'state' | 'outcome' | 'due' | 'updatedAt';
const COLS: { id: Col; label: WbKey }[] = [
  { id: 'aktenzeichen', label: 'az' },
  { id: 'packId', label: 'pack' },
  { id: 'state', label: 'state' },
  { id: 'outcome', label: 'outcome' },
  { id: 'due', label: 'due' },
  { id: 'updatedAt', label: 'updated' },
];

const today = () => new Date().toISOString().slice(0, 10);
const dueOf = (c: QueueItem) => c.documentsDue ?? c.objectionDue ?? null;

export default function QueuePageRoute() {
  const t = useT(wb);
  usePageTitle(t('queueTitle'));
  return (
    <StaffOnly roles={['caseworker', 'team_lead']} title={t('queueTitle')}>
      {(me) => <Queue me={me} />}
    </StaffOnly>
  );
}

function Queue({ me }: { me: Me }) {
  const t = useT(wb);
  const tc = useT(common);
  const { lang } = useLang();
  const announce = useAnnounce();
  const { query } = useLocation();
  const q = {
    state: query.get('status') ?? '',
    pack: query.get('leistung') ?? '',
    human: query.get('ermessen') === '1',
    frist: query.get('frist') ?? '',
    az: query.get('az') ?? '',
    sort: (query.get('sortierung') as Col | null) ?? 'updatedAt',
    dir: query.get('richtung') === 'auf' ? 'asc' : 'desc',
    page: Math.max(1, Number(query.get('seite') ?? '1') || 1),
    size: Math.min(200, Math.max(10, Number(query.get('anzahl') ?? '50') || 50)),
  };
  const [draft, setDraft] = useState({ state: q.state, pack: q.pack, human: q.human, frist: q.frist, az: q.az });
  const [data, setData] = useState<Page | null>(null);
  const [packs, setPacks] = useState<PackSummary[]>([]);
  const [error, setError] = useState<string | null>(null);

  const key = query.toString();
  useEffect(() => {
    setDraft({ state: q.state, pack: q.pack, human: q.human, frist: q.frist, az: q.az });
    // the server filters and sorts the whole queue; this page shows one page of it
    callAs<Page>(
      api.GET('/api/cases', {
        params: {
          query: {
            page: q.page,
            pageSize: q.size,
            sort: q.sort,
            dir: q.dir as 'asc' | 'desc',
            ...(q.state ? { state: q.state as (typeof STATES)[number] } : {}),
            ...(q.pack ? { packId: q.pack } : {}),
            ...(q.human ? { needsHuman: true } : {}),
            ...(q.frist ? { frist: q.frist as 'ueberschritten' | 'bald' | 'ohne' } : {}),
            ...(q.az.trim() ? { aktenzeichen: q.az.trim() } : {}),
          },
        },
      }),
    )
      .then((r) => {
        setData(r);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [key]);
  useEffect(() => {
    callAs<{ items: PackSummary[] }>(api.GET('/api/packs'))
      .then((r) => setPacks(r.items))
      .catch(() => setPacks([]));
  }, []);

  const setQuery = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(query);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    navigate(`/arbeitsplatz${next.toString() ? `?${next}` : ''}`, { replace: true });
  };

  const rows = data?.items ?? [];
  const packTitle = useMemo(() => new Map(packs.map((p) => [p.id, p.title])), [packs]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setQuery({ status: draft.state, leistung: draft.pack, ermessen: draft.human ? '1' : null, frist: draft.frist, az: draft.az.trim(), seite: null });
  };
  const sortBy = (col: Col) => {
    const dir = q.sort === col && q.dir === 'asc' ? 'ab' : 'auf';
    setQuery({ sortierung: col, richtung: dir });
    const label = t(COLS.find((c) => c.id === col)!.label);
    announce(`${label}: ${dir === 'auf' ? t('sortedAsc') : t('sortedDesc')}`);
  };
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <>
      <PageHeading>{t('queueTitle')}</PageHeading>
      <p>
        {t('queueIntro')} {me.teamId && t('team', { team: me.teamName ?? me.teamId })}
      </p>
      <form onSubmit={apply} aria-labelledby="filter-title" className="panel">
        <h2 id="filter-title">{t('filters')}</h2>
        <div className="filters">
          <TextField id="filter-az" label={t('searchAz')} hint={t('searchAzHint')} value={draft.az} onChange={(v) => setDraft({ ...draft, az: v })} />
          <SelectField id="filter-status" label={t('state')} value={draft.state} onChange={(v) => setDraft({ ...draft, state: v })} options={[{ value: '', label: t('allStates') }, ...STATES.map((s) => ({ value: s, label: tc(stateKey(s)) }))]} />
          <SelectField id="filter-pack" label={t('pack')} value={draft.pack} onChange={(v) => setDraft({ ...draft, pack: v })} options={[{ value: '', label: t('allPacks') }, ...packs.map((p) => ({ value: p.id, label: p.title, lang: 'de' }))]} />
          <SelectField
            id="filter-frist"
            label={t('deadline')}
            value={draft.frist}
            onChange={(v) => setDraft({ ...draft, frist: v })}
            options={[
              { value: '', label: t('dlAll') },
              { value: 'ueberschritten', label: t('dlOverdue') },
              { value: 'bald', label: t('dlSoon') },
              { value: 'ohne', label: t('dlNone') },
            ]}
          />
        </div>
        <Checkbox id="filter-ermessen" label={t('needsHuman')} checked={draft.human} onChange={(v) => setDraft({ ...draft, human: v })} />
        <div className="actions">
          <button type="submit" className="btn btn--primary" data-testid="filter-apply">
            {t('apply')}
          </button>
          <button type="button" className="btn" onClick={() => navigate('/arbeitsplatz', { replace: true })}>
            {t('reset')}
          </button>
        </div>
      </form>
      {error && (
        <Alert type="error" title={tc('errorTitle')}>
          {error}
        </Alert>
      )}
      {data && (
        <>
          <p role="status">{t('shown', { n: rows.length, total: data.total })}</p>
          {rows.length === 0 ? (
            <p>{t('none')}</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="queue">
                <caption>{t('caption', { page: data.page, pages, total: data.total })}</caption>
                <thead>
                  <tr>
                    {COLS.map((c) => (
                      <th key={c.id} scope="col" aria-sort={q.sort === c.id ? (q.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                        <button type="button" className="sort" onClick={() => sortBy(c.id)} data-testid={`sort-${c.id}`}>
                          {t(c.label)}
                          <span aria-hidden="true">{q.sort === c.id ? (q.dir === 'asc' ? ' ▲' : ' ▼') : ' ⇅'}</span>
                        </button>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((c) => {
                    const due = dueOf(c);
                    const overdue = due !== null && due < today();
                    return (
                      <tr key={c.id}>
                        <td>
                          <Link to={`/arbeitsplatz/faelle/${c.id}`}>{c.aktenzeichen}</Link>
                        </td>
                        <td lang="de">{packTitle.get(c.packId) ?? c.packId}</td>
                        <td>{tc(stateKey(c.state))}</td>
                        <td>{c.outcome ? <Badge label={t(`outcome_${c.outcome}` as WbKey)} tone={c.outcome === 'needs_human' ? 'warning' : c.outcome === 'missing_inputs' ? 'info' : 'success'} /> : '–'}</td>
                        <td>
                          {due ? (
                            <>
                              {c.documentsDue ? t('documentsDue', { date: formatDate(due, lang) }) : t('objectionDue', { date: formatDate(due, lang) })}
                              {overdue && <strong> ({t('overdue')})</strong>}
                            </>
                          ) : (
                            '–'
                          )}
                        </td>
                        <td>{formatDateTime(c.updatedAt, lang)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <Pager page={data.page} pages={pages} label={t('caption', { page: data.page, pages, total: data.total })} prev={t('prev')} next={t('next')} onPage={(n) => setQuery({ seite: String(n) })}>
            <SelectField
              id="queue-size"
              label={t('pageSize')}
              value={String(q.size)}
              onChange={(v) => setQuery({ anzahl: v, seite: null })}
              options={['25', '50', '100', '200'].map((v) => ({ value: v, label: v }))}
            />
          </Pager>
        </>
      )}
    </>
  );
}
