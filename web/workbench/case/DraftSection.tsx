import { useEffect, useState, type FormEvent } from 'react';
import { useAnnounce } from '../../shared/a11y.tsx';
import { ApiError, api, callAs } from '../../shared/api.ts';
import type { Block, DraftingDraft, LetterSection, StaffCase } from '../../shared/api-views.ts';
import { formatDateTime } from '../../shared/format.ts';
import { TextArea } from '../../shared/form.tsx';
import { useLang, useT } from '../../shared/i18n.tsx';
import { Alert, Badge, Button } from '../../shared/kolibri.tsx';
import { wb, type WbKey } from '../messages.ts';
import type { useCaseAction } from './actions.ts';

type Action = ReturnType<typeof useCaseAction>;

const editable = (s: LetterSection) => s.blocks.length > 0 && s.blocks.every((b) => b.type === 'p');
const sectionText = (s: LetterSection) => s.blocks.map((b) => (b.type === 'p' ? b.text : '')).join('\n\n');

function BlockView({ b }: { b: Block }) {
  if (b.type === 'p') return <p>{b.text}</p>;
  if (b.type === 'list')
    return (
      <ul>
        {b.items.map((i) => (
          <li key={i}>{i}</li>
        ))}
      </ul>
    );
  return (
    <div className="table-wrap">
      <table>
        <caption>{b.caption}</caption>
        <thead>
          <tr>
            {b.head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {b.rows.map((r, i) => (
            <tr key={i}>
              {r.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The draft editor: the letter section by section (binding or not, who wrote it), the fact
 * gate's result with every failing sentence, the AI label, editing as a new checked version,
 * and the approval steps (four-eyes where the settings require it), then issuing.
 */
export function DraftSection({ c, action, reload }: { c: StaffCase; action: Action; reload: () => Promise<void> }) {
  const t = useT(wb);
  const { lang } = useLang();
  const announce = useAnnounce();
  const [drafts, setDrafts] = useState<DraftingDraft[] | null>(null);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [returnReason, setReturnReason] = useState('');
  const [returnShown, setReturnShown] = useState(false);

  const load = async () => {
    try {
      const r = await callAs<{ items: DraftingDraft[] }>(api.GET('/api/cases/{id}/drafting/drafts', { params: { path: { id: c.id } } }));
      setDrafts(r.items);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  useEffect(() => {
    void load();
    // The case's version changes with every step; the drafts list follows it.
  }, [c.id, c.version]);

  const resultHash = c.decision?.receipt.resultHash;
  const current = (drafts ?? []).find((d) => d.kind === 'bescheid' && d.resultHash === resultHash) ?? null;
  const explanation = (drafts ?? []).find((d) => d.kind === 'erlaeuterung' && d.resultHash === resultHash) ?? null;

  const guarded = async (fn: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      if (done) announce(done);
      await load();
      await reload();
    } catch (e) {
      const msg = e instanceof ApiError ? e.message : String(e);
      setError(msg);
      announce(msg, 'assertive');
    } finally {
      setBusy(false);
    }
  };
  const create = (kind: 'bescheid' | 'erlaeuterung') => guarded(() => callAs(api.POST('/api/cases/{id}/drafting/drafts', { params: { path: { id: c.id } }, body: { kind } })), t('saved'));
  const save = (d: DraftingDraft) => (e: FormEvent) => {
    e.preventDefault();
    const changed = d.letter.sections.filter((s) => edits[`${d.id}:${s.id}`] !== undefined && edits[`${d.id}:${s.id}`] !== sectionText(s));
    if (changed.length === 0) return;
    void guarded(async () => {
      await callAs(
        api.PUT('/api/cases/{id}/drafting/drafts/{draftId}', {
          params: { path: { id: c.id, draftId: d.id } },
          body: { edits: changed.map((s) => ({ section: s.id, blocks: edits[`${d.id}:${s.id}`]!.split(/\n\s*\n/).map((text) => text.trim()).filter(Boolean).map((text) => ({ type: 'p' as const, text })) })) },
        }),
      );
      setEdits({});
    }, t('saved'));
  };
  const approveDraft = (d: DraftingDraft) => guarded(() => callAs(api.POST('/api/cases/{id}/drafting/drafts/{draftId}/approve', { params: { path: { id: c.id, draftId: d.id } }, body: { version: c.version } })), t('saved'));
  const returnShort = returnReason.trim().length < 10;

  return (
    <>
      <p>{t('draftIntro')}</p>
      {error && (
        <Alert type="error" title={t('draftTitle')} live>
          <span lang="de">{error}</span>
        </Alert>
      )}
      {action.error && (
        <Alert type="error" title={t('draftTitle')}>
          <span lang="de">{action.error.message}</span>
        </Alert>
      )}
      <p>{c.requiredApprovals > 1 ? t('fourEyes', { have: c.approvals.length, need: c.requiredApprovals }) : t('singleApproval', { have: c.approvals.length })}</p>
      {!current && <p>{t('noDraft')}</p>}
      <div className="actions">
        {!current && c.decision?.outcome === 'decided' && <Button label={t('createBescheid')} onClick={() => void create('bescheid')} disabled={busy} data-testid="create-draft" />}
        {!explanation && c.decision?.outcome === 'decided' && <Button label={t('createErlaeuterung')} onClick={() => void create('erlaeuterung')} disabled={busy} />}
      </div>
      {[current, explanation].filter((d): d is DraftingDraft => !!d).map((d) => (
        <form key={d.id} onSubmit={save(d)} noValidate className="card" aria-labelledby={`draft-${d.id}`} data-testid={`draft-${d.kind}`}>
          <h3 id={`draft-${d.id}`}>{t('draft', { title: d.letter.title, rev: d.revision })}</h3>
          <p data-testid="gate-result">
            <Badge label={d.gate.passed ? '✓' : '✗'} tone={d.gate.passed ? 'success' : 'danger'} /> {d.gate.passed ? t('gatePassed', { n: d.gate.factsChecked }) : t('gateFailed', { n: d.gate.findings.length })}
          </p>
          {d.gate.findings.length > 0 && (
            <ul className="field-error" lang="de">
              {d.gate.findings.map((f, i) => (
                <li key={i}>{f.sentenceNo > 0 ? t('gateFinding', { section: sectionName(f.section, null), no: f.sentenceNo, message: f.message }) : t('gateFindingSection', { section: sectionName(f.section, null), message: f.message })}</li>
              ))}
            </ul>
          )}
          <p className="notice notice--ai" data-testid="ai-label">
            <strong>{t('aiLabel')}:</strong>{' '}
            {d.modelUse.used ? t('aiUsed', { model: d.provenance.model?.name ?? '?', label: d.review?.aiLabel ?? 'Mit KI-Unterstützung erstellt' }) : <span lang="de">{t('aiNotUsed', { message: d.modelUse.message })}</span>}
          </p>
          {d.review && <p>{t('approved', { by: d.review.reviewer, at: formatDateTime(d.review.reviewedAt, lang) })}</p>}
          <div lang="de" className="letter-view">
            <p>
              <strong>{d.letter.subject}</strong>
            </p>
            {d.letter.sections.map((s) => (
              <section key={s.id} aria-label={sectionName(s.id, s.heading)}>
                <h4>
                  {sectionName(s.id, s.heading)}{' '}
                  <span className="tag" lang={lang}>
                    {s.binding ? t('binding') : t('nonBinding')}
                  </span>{' '}
                  <span className="tag" lang={lang}>
                    {t(`origin_${s.origin}` as WbKey)}
                  </span>
                </h4>
                {!d.approvedAt && editable(s) ? (
                  <TextArea id={`edit-${d.id}-${s.id}`} label={t('editSection', { section: sectionName(s.id, s.heading) })} value={edits[`${d.id}:${s.id}`] ?? sectionText(s)} onChange={(v) => setEdits((x) => ({ ...x, [`${d.id}:${s.id}`]: v }))} rows={Math.min(10, 2 + s.blocks.length * 2)} />
                ) : (
                  s.blocks.map((b, i) => <BlockView key={i} b={b} />)
                )}
              </section>
            ))}
          </div>
          <div className="actions">
            {!d.approvedAt && <Button label={t('saveDraft')} type="submit" disabled={busy} />}
            <a href={`/api/cases/${c.id}/drafting/drafts/${d.id}/pdf`} download>
              {t('pdf')}
            </a>
          </div>
          {d.kind === 'bescheid' && c.state === 'under_review' && !d.approvedAt && (
            <div className="actions">
              <Button label={t('approve')} variant="primary" onClick={() => void approveDraft(d)} disabled={busy || !d.gate.passed} data-testid="approve" />
            </div>
          )}
        </form>
      ))}
      {/* The case's own steps: the drafting job has already written a draft when the case reaches
          „Entwurf liegt vor“, so it can go to review before anyone opens the checked draft above. */}
      <div className="actions">
        {c.state === 'draft_prepared' && <Button label={t('submitReview')} variant="primary" onClick={() => void action.run('submit-review', {})} disabled={action.busy} data-testid="submit-review" />}
        {c.state === 'under_review' && current?.approvedAt && c.approvals.length < c.requiredApprovals && (
          <Button label={t('approveSecond')} variant="primary" onClick={() => void action.run('approve', {})} disabled={action.busy} data-testid="approve-second" />
        )}
        {c.state === 'approved' && <Button label={t('issue')} variant="primary" onClick={() => void action.run('issue', {})} disabled={action.busy} data-testid="issue" />}
      </div>
      {['draft_prepared', 'under_review', 'approved'].includes(c.state) && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setReturnShown(true);
            if (!returnShort) void action.run('return', { reason: returnReason.trim() });
          }}
        >
          <TextArea id="return-reason" label={t('returnReason')} hint={t('returnHint')} value={returnReason} onChange={setReturnReason} rows={2} error={returnShown && returnShort ? t('reasonShort') : null} required />
          <Button label={t('returnCase')} type="submit" disabled={action.busy} />
        </form>
      )}
    </>
  );
}

/** The letter's sections by their German names (the letter is German whatever the page language); a section's own heading wins. */
const SECTION_NAMES: Readonly<Record<string, string>> = {
  kopf: 'Briefkopf',
  einleitung: 'Einleitung',
  tenor: 'Entscheidung (Tenor)',
  zahlung: 'Zahlung',
  berechnung: 'Berechnung',
  begruendung: 'Begründung',
  hinweise: 'Hinweise',
  rechtsbehelfsbelehrung: 'Rechtsbehelfsbelehrung',
  unterlagen: 'Benötigte Unterlagen',
  frist: 'Frist',
  folgen: 'Folgen fehlender Mitwirkung',
  erlaeuterung: 'Erläuterung',
  antwort: 'Antwort',
  kontakt: 'Kontakt',
};

export function sectionName(id: string, heading: string | null): string {
  return heading ?? SECTION_NAMES[id] ?? id;
}
