import { useCallback, useEffect, useState } from 'react';
import type { PageProps } from '../app/page.ts';
import { PageHeading, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import type { DocumentView, Explanation, HistoryEvent, MissingItem, Proposal, StaffCase } from '../shared/api-views.ts';
import { formatDateTime } from '../shared/format.ts';
import { useLang, useT } from '../shared/i18n.tsx';
import { Alert, Badge } from '../shared/kolibri.tsx';
import { common, stateKey } from '../shared/messages.ts';
import { Link } from '../shared/router.tsx';
import { useCaseAction } from './case/actions.ts';
import { DiscretionSection, OverrideSection } from './case/DiscretionSection.tsx';
import { DocumentsSection, PersonalSection } from './case/DocumentsSection.tsx';
import { DraftSection } from './case/DraftSection.tsx';
import { HistorySection, ObjectionSection, ProposalsSection } from './case/OtherSections.tsx';
import { AbhilfeSection } from './case/AbhilfeSection.tsx';
import { ResultSection } from './case/ResultSection.tsx';
import { StaffOnly } from './guard.tsx';
import { wb, type WbKey } from './messages.ts';

export default function CasePageRoute({ params }: PageProps) {
  const t = useT(wb);
  return (
    <StaffOnly roles={['caseworker', 'team_lead']} title={t('caseTitle', { az: '' })}>
      {() => <CaseView id={params.id!} />}
    </StaffOnly>
  );
}

interface Loaded {
  docs: DocumentView[];
  missing: MissingItem[];
  history: HistoryEvent[];
  explanation: Explanation | null;
  proposals: Proposal[];
}

function CaseView({ id }: { id: string }) {
  const t = useT(wb);
  const tc = useT(common);
  const { lang } = useLang();
  const [c, setC] = useState<StaffCase | null>(null);
  const [more, setMore] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  usePageTitle(c ? t('caseTitle', { az: c.aktenzeichen }) : t('caseTitle', { az: '' }));

  const reload = useCallback(async () => {
    try {
      // The Rechenweg and its explanation in one read: one entry in the access log, not two.
      const view = await callAs<StaffCase>(api.GET('/api/cases/{id}', { params: { path: { id }, query: { explain: 'rechenweg' } } }));
      setC(view);
      const p = { params: { path: { id } } };
      const [docs, missing, history, proposals] = await Promise.all([
        callAs<{ items: DocumentView[] }>(api.GET('/api/cases/{id}/documents', p)),
        callAs<{ items: MissingItem[] }>(api.GET('/api/cases/{id}/missing', p)),
        callAs<{ items: HistoryEvent[] }>(api.GET('/api/cases/{id}/history', p)),
        callAs<{ items: Proposal[] }>(api.GET('/api/cases/{id}/proposals', p)).catch(() => ({ items: [] as Proposal[] })),
      ]);
      setMore({ docs: docs.items, missing: missing.items, history: history.items, explanation: view.explanation ?? null, proposals: proposals.items });
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }, [id]);
  useEffect(() => {
    void reload();
  }, [reload]);

  if (error && !c)
    return (
      <>
        <PageHeading>{t('caseTitle', { az: '' })}</PageHeading>
        <Alert type="error" title={tc('errorTitle')}>
          {error}
        </Alert>
        <Link to="/arbeitsplatz">{t('back')}</Link>
      </>
    );
  if (!c || !more) return <p role="status">{tc('loading')}</p>;
  return <CaseBody c={c} setC={setC} more={more} reload={reload} lang={lang} />;
}

function CaseBody({ c, setC, more, reload, lang }: { c: StaffCase; setC: (c: StaffCase) => void; more: Loaded; reload: () => Promise<void>; lang: 'de' | 'en' }) {
  const t = useT(wb);
  const tc = useT(common);
  const action = useCaseAction(c, setC, reload);
  const sections: { id: string; title: WbKey; show: boolean }[] = [
    { id: 'ueberblick', title: 'overview', show: true },
    { id: 'antragsdaten', title: 'personalTitle', show: true },
    { id: 'unterlagen', title: 'documentsTitle', show: true },
    { id: 'ergebnis', title: 'resultTitle', show: !!c.decision },
    { id: 'ermessen', title: 'discretionTitle', show: !!c.decision },
    { id: 'ueberschreiben', title: 'overrideTitle', show: c.state === 'checked' && !!c.decision },
    { id: 'entwurf', title: 'draftTitle', show: ['draft_prepared', 'under_review', 'approved', 'issued'].includes(c.state) && c.decision?.outcome === 'decided' },
    { id: 'widerspruch', title: 'objectionTitle', show: c.state === 'objection_filed' },
    { id: 'abhilfe', title: 'abhilfeTitle', show: c.state === 'abhilfe_review' && !!c.abhilfe },
    { id: 'vorschlaege', title: 'proposalsTitle', show: more.proposals.length > 0 },
    { id: 'verlauf', title: 'historyTitle', show: true },
  ];
  const shown = sections.filter((s) => s.show);
  return (
    <>
      <p>
        <Link to="/arbeitsplatz">{t('back')}</Link>
      </p>
      <PageHeading>{t('caseTitle', { az: c.aktenzeichen })}</PageHeading>
      {action.message && (
        <p role="status" className="notice" data-testid="action-message">
          {action.message}
        </p>
      )}
      {action.error && action.error.problems.length === 0 && (
        <Alert type="error" title={tc('errorTitle')}>
          <span lang="de">{action.error.message}</span>
        </Alert>
      )}
      <nav aria-labelledby="case-toc">
        <h2 id="case-toc" className="visually-hidden">
          {t('onThisPage')}
        </h2>
        <ul className="steps">
          {shown.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`}>{t(s.title)}</a>
            </li>
          ))}
        </ul>
      </nav>
      <section id="ueberblick" aria-labelledby="ueberblick-h">
        <h2 id="ueberblick-h">{t('overview')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('state')}</dt>
            <dd data-testid="staff-case-state">
              <Badge label={tc(stateKey(c.state))} tone="info" />
            </dd>
          </div>
          <div>
            <dt>{t('pack')}</dt>
            <dd>{c.packId}</dd>
          </div>
          <div>
            <dt>{t('release')}</dt>
            <dd>{c.packRelease}</dd>
          </div>
          <div>
            <dt>{t('created')}</dt>
            <dd>{formatDateTime(c.createdAt, lang)}</dd>
          </div>
          <div>
            <dt>{t('approvals')}</dt>
            <dd>
              {t('approvalsOf', { have: c.approvals.length, need: c.requiredApprovals })}
              {c.approvals.length > 0 && ` (${c.approvals.map((a) => a.name).join(', ')})`}
            </dd>
          </div>
          <div>
            <dt>{t('version')}</dt>
            <dd>{c.version}</dd>
          </div>
        </dl>
      </section>
      <section id="antragsdaten" aria-labelledby="antragsdaten-h">
        <h2 id="antragsdaten-h">{t('personalTitle')}</h2>
        <PersonalSection c={c} />
      </section>
      <section id="unterlagen" aria-labelledby="unterlagen-h">
        <h2 id="unterlagen-h">{t('documentsTitle')}</h2>
        <DocumentsSection c={c} docs={more.docs} missing={more.missing} action={action} />
      </section>
      {c.decision && (
        <section id="ergebnis" aria-labelledby="ergebnis-h">
          <h2 id="ergebnis-h">{t('resultTitle')}</h2>
          <ResultSection c={c} explanation={more.explanation} />
        </section>
      )}
      {c.decision && (
        <section id="ermessen" aria-labelledby="ermessen-h">
          <h2 id="ermessen-h">{t('discretionTitle')}</h2>
          <DiscretionSection c={c} action={action} />
        </section>
      )}
      {shown.some((s) => s.id === 'ueberschreiben') && (
        <section id="ueberschreiben" aria-labelledby="ueberschreiben-h">
          <h2 id="ueberschreiben-h">{t('overrideTitle')}</h2>
          <OverrideSection c={c} action={action} />
        </section>
      )}
      {shown.some((s) => s.id === 'entwurf') && (
        <section id="entwurf" aria-labelledby="entwurf-h">
          <h2 id="entwurf-h">{t('draftTitle')}</h2>
          <DraftSection c={c} action={action} reload={reload} />
        </section>
      )}
      {c.state === 'objection_filed' && (
        <section id="widerspruch" aria-labelledby="widerspruch-h">
          <h2 id="widerspruch-h">{t('objectionTitle')}</h2>
          <ObjectionSection c={c} action={action} />
        </section>
      )}
      {c.state === 'abhilfe_review' && c.abhilfe && (
        <section id="abhilfe" aria-labelledby="abhilfe-h">
          <h2 id="abhilfe-h">{t('abhilfeTitle')}</h2>
          <AbhilfeSection c={c} action={action} />
        </section>
      )}
      {more.proposals.length > 0 && (
        <section id="vorschlaege" aria-labelledby="vorschlaege-h">
          <h2 id="vorschlaege-h">{t('proposalsTitle')}</h2>
          <ProposalsSection proposals={more.proposals} />
        </section>
      )}
      <section id="verlauf" aria-labelledby="verlauf-h">
        <h2 id="verlauf-h">{t('historyTitle')}</h2>
        <HistorySection events={more.history} />
      </section>
    </>
  );
}
