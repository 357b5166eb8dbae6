import { randomUUID } from 'node:crypto';
import { AmtsklarError, canonicalJson } from '../common/index.ts';
import { requireCase, requireRole, requireVersion, staleVersion } from './access.ts';
import { RUNNING_STATES, type Actor, type CaseEvent, type CaseRecord, type CaseState, type DecisionRecord } from './model.ts';
import { withTraceOrProblem } from './trace.ts';
import type { CaseEventListener, Clock, RecalcItemResult, RecalcProposal, RecalcRun, RecalcStore, RuleEngine } from './ports.ts';

export const RECALC_BATCH_SIZE = 500;

/**
 * Recalculation after a law change: every running case of a pack is decided again with
 * the new release; each changed result becomes a proposal (old and new decision with their
 * traces) that a caseworker accepts or rejects. Nothing changes a case by itself.
 */
export class RecalcService {
  private readonly clock: Clock;
  private readonly listeners: CaseEventListener[];

  constructor(
    private readonly store: RecalcStore,
    private readonly engine: RuleEngine,
    opts: { clock?: Clock; listeners?: CaseEventListener[] } = {},
  ) {
    this.clock = opts.clock ?? { now: () => new Date() };
    this.listeners = opts.listeners ?? [];
  }

  addListener(l: CaseEventListener): void {
    this.listeners.push(l);
  }

  /** Starts a run; the batches go to the queue in the same transaction. */
  async start(actor: Actor, packId: string, toRelease: string, batchSize = RECALC_BATCH_SIZE): Promise<RecalcRun & { batches: number }> {
    requireRole(actor, ['team_lead', 'admin', 'system'], 'eine Neuberechnung starten');
    const pack = this.engine.pack(packId, toRelease);
    return this.store.unitOfWork(async (u) => {
      const run: RecalcRun = {
        id: randomUUID(),
        municipalityId: actor.municipalityId,
        packId,
        toRelease: pack.release,
        startedBy: actor.kind === 'user' ? actor.id : null,
        startedAt: this.clock.now().toISOString(),
        total: 0,
        finishedAt: null,
      };
      const { total, batches } = await u.createRun(run, RUNNING_STATES, batchSize);
      for (let b = 0; b < batches; b++) await u.enqueue({ queue: 'recalc-batch', data: { municipalityId: run.municipalityId, runId: run.id, batch: b } });
      if (batches === 0) await u.finishRunIfDone(run.id);
      return { ...run, total, batches };
    });
  }

  async run(actor: Actor, runId: string): Promise<RecalcRun> {
    requireRole(actor, ['team_lead', 'admin', 'caseworker'], 'Neuberechnungen einsehen');
    const r = await this.store.unitOfWork((u) => u.getRun(actor.municipalityId, runId));
    if (!r) throw new AmtsklarError('not_found', 'Die Neuberechnung wurde nicht gefunden.');
    return r;
  }

  /** The job: one batch, each pending case decided again, in one transaction. */
  async processBatch(municipalityId: string, runId: string, batch: number, worker: string): Promise<{ handled: number; changed: number }> {
    const r = await this.handleBatch(municipalityId, runId, batch, worker);
    // After the batch's commit, in a transaction of its own: inside it, two workers finishing the
    // last two batches at once each saw the other's items still pending, and the run was never
    // marked finished. The later commit's check sees both. A retried batch closes a run too.
    await this.store.unitOfWork((u) => u.finishRunIfDone(runId));
    return r;
  }

  private async handleBatch(municipalityId: string, runId: string, batch: number, worker: string): Promise<{ handled: number; changed: number }> {
    return this.store.unitOfWork(async (u) => {
      const run = await u.getRun(municipalityId, runId);
      if (!run) return { handled: 0, changed: 0 };
      const ids = await u.claimBatch(runId, batch);
      if (ids.length === 0) return { handled: 0, changed: 0 };
      const loaded = await u.casesWithPersonal(municipalityId, ids);
      const decisive = this.engine.pack(run.packId, run.toRelease).decisive;
      const results: RecalcItemResult[] = [];
      const proposals: RecalcProposal[] = [];
      const now = this.clock.now().toISOString();
      for (const { c, personal } of loaded) {
        if (!personal || !c.decision) {
          results.push({ caseId: c.id, state: 'failed', error: 'keine Antragsdaten' });
          continue;
        }
        try {
          const input = personal.application;
          const human = { discretion: c.discretion, overrides: c.overrides };
          // Most cases keep their result: decide without the trace first (several times faster)
          // and record the trace only for a result that changed.
          const quick = this.engine.decide(c.packId, run.toRelease, input, { ...human, trace: false });
          if (sameResult(c.decision, quick, decisive)) {
            results.push({ caseId: c.id, state: 'unchanged' });
          } else {
            const next = this.engine.decide(c.packId, run.toRelease, input, { ...human, trace: true });
            results.push({ caseId: c.id, state: 'changed' });
            proposals.push({
              id: randomUUID(),
              runId,
              caseId: c.id,
              fromRelease: c.packRelease,
              toRelease: run.toRelease,
              // with its Rechenweg, recomputed if it was not stored (or the reason it cannot be)
              oldDecision: withTraceOrProblem(this.engine, { ...c, decision: c.decision }, personal),
              newDecision: next,
              status: 'pending',
              decidedBy: null,
              decidedAt: null,
              reason: null,
              createdAt: now,
            });
          }
        } catch (e) {
          results.push({ caseId: c.id, state: 'failed', error: e instanceof Error ? e.message : String(e) });
        }
      }
      const seen = new Set(loaded.map((l) => l.c.id));
      for (const id of ids) if (!seen.has(id)) results.push({ caseId: id, state: 'failed', error: 'Fall nicht gefunden' });
      await u.finishItems(runId, worker, results, proposals);
      return { handled: results.length, changed: proposals.length };
    });
  }

  async proposals(actor: Actor, caseId: string): Promise<RecalcProposal[]> {
    return this.store.unitOfWork(async (u) => {
      requireCase(actor, await u.getCase(actor.municipalityId, caseId));
      requireRole(actor, ['caseworker', 'team_lead'], 'Neuberechnungsvorschläge einsehen');
      const found = await u.proposalsForCase(caseId);
      // old and new Rechenweg hold the application's facts: a read of personal data
      if (found.length) await u.recordAccess({ municipalityId: actor.municipalityId, caseId, actorKind: actor.kind, actorId: actor.id, purpose: 'Neuberechnung prüfen', what: 'Rechenwege mit Antragsangaben' });
      return found;
    });
  }

  async proposal(actor: Actor, proposalId: string): Promise<RecalcProposal> {
    return this.store.unitOfWork(async (u) => {
      const p = await u.getProposal(actor.municipalityId, proposalId);
      if (!p) throw new AmtsklarError('not_found', 'Der Vorschlag wurde nicht gefunden.');
      requireCase(actor, await u.getCase(actor.municipalityId, p.caseId));
      requireRole(actor, ['caseworker', 'team_lead'], 'Neuberechnungsvorschläge einsehen');
      await u.recordAccess({ municipalityId: actor.municipalityId, caseId: p.caseId, actorKind: actor.kind, actorId: actor.id, purpose: 'Neuberechnung prüfen', what: 'Rechenwege mit Antragsangaben' });
      return p;
    });
  }

  /** Accept: the case moves to the new release and its new decision; reject: it stays. */
  async decide(actor: Actor, proposalId: string, version: number, accept: boolean, reason: string | null): Promise<{ proposal: RecalcProposal; case: CaseRecord }> {
    requireRole(actor, ['caseworker', 'team_lead'], 'über Neuberechnungsvorschläge entscheiden');
    const events: CaseEvent[] = [];
    const out = await this.store.unitOfWork(async (u) => {
      const p = await u.getProposal(actor.municipalityId, proposalId);
      if (!p) throw new AmtsklarError('not_found', 'Der Vorschlag wurde nicht gefunden.');
      const c = requireCase(actor, await u.getCase(actor.municipalityId, p.caseId));
      requireVersion(c, version);
      if (p.status !== 'pending') throw new AmtsklarError('conflict', 'Über diesen Vorschlag wurde bereits entschieden.');
      const now = this.clock.now().toISOString();
      p.decidedBy = actor.id;
      p.decidedAt = now;
      p.reason = reason;
      const stale = c.decision?.receipt.resultHash !== p.oldDecision.receipt.resultHash || !RUNNING_STATES.includes(c.state);
      if (accept && stale) {
        p.status = 'superseded';
        await u.updateProposal(p);
        throw new AmtsklarError('conflict', 'Der Fall hat sich seit der Neuberechnung geändert; der Vorschlag ist überholt. Bitte den Fall neu prüfen.');
      }
      const from = c.state;
      if (accept) {
        const personal = await u.getPersonal(c.id);
        if (!personal) throw new AmtsklarError('conflict', 'Die Antragsdaten dieses Falls sind gelöscht.');
        const next = this.engine.decide(c.packId, p.toRelease, personal.application, { discretion: c.discretion, overrides: c.overrides, trace: true });
        c.packRelease = p.toRelease;
        c.decision = next;
        c.approvals = [];
        const to: CaseState = from === 'documents_requested' || from === 'reminded' ? from : 'checked';
        c.state = to;
        p.status = 'accepted';
        events.push(ev(c, 'recalculation_accepted', from, to, actor, reason, now, { proposalId: p.id, fromRelease: p.fromRelease, toRelease: p.toRelease, resultHash: next.receipt.resultHash }));
        if (to === 'checked' && next.outcome === 'decided') await u.enqueue({ queue: 'drafting', data: { municipalityId: c.municipalityId, caseId: c.id } });
      } else {
        if (!reason || reason.trim().length < 10) {
          throw new AmtsklarError('invalid_input', 'Bitte begründen Sie die Ablehnung (mindestens 10 Zeichen).', [{ path: '$.reason', message: 'Begründung fehlt oder ist zu kurz.' }]);
        }
        p.status = 'rejected';
        events.push(ev(c, 'recalculation_rejected', from, from, actor, reason, now, { proposalId: p.id, toRelease: p.toRelease }));
      }
      await u.updateProposal(p);
      c.version = version + 1;
      c.updatedAt = now;
      if (!(await u.updateCase(c, version))) throw staleVersion(version);
      await u.appendEvents(events);
      return { proposal: p, case: c };
    });
    for (const l of this.listeners) await l.onCaseEvents(events);
    return out;
  }
}

/**
 * Same legal result: outcome, the pack's decisive values, reasons and open points. Intermediate
 * values (a new Höchstbetrag that does not change the amount), release and trace may differ.
 */
export function sameResult(a: DecisionRecord, b: DecisionRecord, decisive: readonly string[]): boolean {
  const pick = (v: Record<string, unknown>) => Object.fromEntries(decisive.map((k) => [k, v[k] ?? null]));
  const key = (d: DecisionRecord) =>
    canonicalJson({ outcome: d.outcome, values: pick(d.values), reasons: d.reasons, missing: d.missing.map((m) => m.input), discretion: d.discretion.map((p) => p.point) });
  return key(a) === key(b);
}

function ev(c: CaseRecord, type: string, from: CaseState, to: CaseState, actor: Actor, reason: string | null, at: string, data: Record<string, unknown>): CaseEvent {
  return { caseId: c.id, municipalityId: c.municipalityId, type, from, to, actor: { kind: actor.kind, id: actor.id, name: actor.name }, reason, data, at };
}
