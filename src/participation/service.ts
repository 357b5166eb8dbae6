import { randomUUID } from 'node:crypto';
import { AmtsklarError } from '../common/index.ts';
import { CODE_OF_CONDUCT_VERSION } from './code-of-conduct.ts';
import {
  OCCASION_LABELS,
  STATUS_LABELS,
  afterReport,
  checkComment,
  checkContent,
  checkDisposition,
  checkOccasion,
  checkPeriod,
  checkReport,
  closeConsultation,
  commentLabel,
  conflict,
  consultationRecord,
  moderate,
  openConsultation,
  publicView,
  publishResponse,
  type CommentInput,
} from './consultation.ts';
import { addDays, germanDay, today } from './dates.ts';
import { checkFeedback, checkHandling, countFeedback, routeFeedback, type FeedbackInput } from './feedback.ts';
import type { Consultation, ConsultationComment, ConsultationContent, ConsultationOccasion, Feedback, FeedbackChannel, FeedbackStatus, ParticipationActor, StaffCouncilProcedure } from './model.ts';
import type { CaseAccess, Clock, ParticipationStore, ParticipationUnitOfWork, RegisterActor, RegisterEntryFacts } from './ports.ts';
import { callConciliation, deliberate, governanceRecord, inform, procedureView, vote, type VoteInput } from './staff-council.ts';
import { redactPersonalData, redactionNotice } from './text-guard.ts';

export interface ParticipationServiceDeps {
  store: ParticipationStore;
  clock?: Clock;
  /** Public address of a consultation page (the governance record links to it). */
  consultationUrl: (m: string, consultationId: string) => string;
}

const PUBLIC_ENTRY_STATUSES = ['consultation', 'approved', 'active', 'retired'];

function registerActor(a: ParticipationActor): RegisterActor {
  return { kind: a.kind === 'system' ? 'system' : 'user', id: a.id, role: a.role, name: a.name };
}

function notFound(what: string): AmtsklarError {
  return new AmtsklarError('not_found', `${what} gibt es nicht.`);
}

function stale(current: number): AmtsklarError {
  return new AmtsklarError('conflict', `Inzwischen von jemand anderem geändert (jetzt Version ${current}). Bitte neu laden.`, [{ path: '$.version', message: `erwartet ${current}` }]);
}

/** Administration and the entry's owners steward its consultation (as they edit the entry itself). */
function requireSteward(a: ParticipationActor, entry: RegisterEntryFacts): void {
  if (a.kind !== 'staff' || (a.role !== 'admin' && !entry.owners.includes(a.id))) {
    throw new AmtsklarError('forbidden', `Nur die Administration und die Verantwortlichen des Registereintrags „${entry.name}“ betreuen diese Beteiligung.`);
  }
}

/**
 * The participation use cases. Every change runs in one unit of work with the governance
 * records the activation gate reads (consultation completed, staff council approved).
 */
export class ParticipationService {
  private readonly store: ParticipationStore;
  private readonly clock: Clock;
  private readonly url: ParticipationServiceDeps['consultationUrl'];

  constructor(deps: ParticipationServiceDeps) {
    this.store = deps.store;
    this.clock = deps.clock ?? { now: () => new Date() };
    this.url = deps.consultationUrl;
  }

  private today(): string {
    return today(this.clock.now());
  }

  private async entryOf(u: ParticipationUnitOfWork, m: string, entryId: string): Promise<RegisterEntryFacts> {
    const e = await u.entry(m, entryId);
    if (!e) throw new AmtsklarError('not_found', `Den Registereintrag „${entryId}“ gibt es nicht.`, [{ path: '$.entryId', message: 'unbekannt' }]);
    return e;
  }

  private async stewarded(u: ParticipationUnitOfWork, a: ParticipationActor, id: string, version?: number): Promise<{ c: Consultation; entry: RegisterEntryFacts }> {
    const c = await u.consultation(a.municipalityId, id, true);
    if (!c) throw notFound('Diese Beteiligung');
    const entry = await this.entryOf(u, a.municipalityId, c.entryId);
    requireSteward(a, entry);
    if (version !== undefined && c.version !== version) throw stale(c.version);
    return { c, entry };
  }

  private async save(u: ParticipationUnitOfWork, c: Consultation, expected: number): Promise<Consultation> {
    const next = { ...c, version: expected + 1, updatedAt: this.clock.now().toISOString() };
    if (!(await u.updateConsultation(next, expected))) throw stale(expected);
    return next;
  }

  // ——— consultations ———

  async createConsultation(a: ParticipationActor, input: { entryId: string; occasion: ConsultationOccasion; opensOn: unknown; closesOn: unknown; content: Partial<ConsultationContent> }): Promise<Consultation> {
    return this.store.unitOfWork(async (u) => {
      const entry = await this.entryOf(u, a.municipalityId, input.entryId);
      requireSteward(a, entry);
      checkOccasion(input.occasion, entry);
      const content = checkContent(input.content);
      const period = checkPeriod(input.opensOn, input.closesOn, this.today());
      const now = this.clock.now().toISOString();
      const c: Consultation = {
        id: randomUUID(),
        municipalityId: a.municipalityId,
        entryId: entry.id,
        entryVersion: entry.version,
        occasion: input.occasion,
        status: 'draft',
        ...content,
        ...period,
        openedOn: null,
        closedOn: null,
        response: null,
        version: 1,
        createdBy: a.id,
        createdAt: now,
        updatedAt: now,
      };
      await u.insertConsultation(c);
      return c;
    });
  }

  async updateDraft(a: ParticipationActor, id: string, version: number, input: { opensOn: unknown; closesOn: unknown; content: Partial<ConsultationContent> }): Promise<Consultation> {
    return this.store.unitOfWork(async (u) => {
      const { c } = await this.stewarded(u, a, id, version);
      if (c.status !== 'draft') throw conflict('Nach der Eröffnung bleiben Beschreibung und Frist unverändert; für Änderungen eine neue Beteiligung anlegen.');
      return this.save(u, { ...c, ...checkContent(input.content), ...checkPeriod(input.opensOn, input.closesOn, this.today()) }, version);
    });
  }

  async open(a: ParticipationActor, id: string, version: number): Promise<Consultation> {
    return this.store.unitOfWork(async (u) => {
      const { c, entry } = await this.stewarded(u, a, id, version);
      const opened = openConsultation(c, entry, this.today());
      const running = (await u.consultations(a.municipalityId, { entryId: c.entryId })).find((x) => x.id !== c.id && x.status === 'open');
      if (running) throw conflict(`Zu „${entry.name}“ läuft bereits eine Beteiligung (bis ${germanDay(running.closesOn)}).`, '$.entryId');
      if ((await u.consultations(a.municipalityId, { entryId: c.entryId })).some((x) => x.id !== c.id && x.openedOn === opened.openedOn)) {
        throw conflict('Zu diesem Eintrag wurde heute schon eine Beteiligung eröffnet; bitte morgen eröffnen.', '$.opensOn');
      }
      const saved = await this.save(u, opened, version);
      await u.recordConsultation(a.municipalityId, registerActor(a), consultationRecord(saved, this.url(a.municipalityId, saved.id)));
      return saved;
    });
  }

  async close(a: ParticipationActor, id: string, version: number): Promise<Consultation> {
    return this.store.unitOfWork(async (u) => {
      const { c } = await this.stewarded(u, a, id, version);
      const saved = await this.save(u, closeConsultation(c, this.today()), version);
      await u.recordConsultation(a.municipalityId, registerActor(a), consultationRecord(saved, this.url(a.municipalityId, saved.id)));
      return saved;
    });
  }

  async comment(a: ParticipationActor, id: string, input: CommentInput): Promise<ConsultationComment> {
    return this.store.unitOfWork(async (u) => {
      const c = await u.consultation(a.municipalityId, id);
      if (!c || c.status === 'draft') throw notFound('Diese Beteiligung');
      const { body, section } = checkComment(c, input, this.today());
      const staff = a.kind === 'staff';
      return u.insertComment({
        id: randomUUID(),
        consultationId: c.id,
        municipalityId: a.municipalityId,
        authorKind: staff ? 'staff' : 'citizen',
        authorUserId: staff ? a.id : null,
        authorLabel: commentLabel(staff ? 'staff' : 'citizen'),
        section,
        body,
        conductVersion: CODE_OF_CONDUCT_VERSION,
        status: 'visible',
        reports: 0,
        disposition: null,
        createdAt: this.clock.now().toISOString(),
      });
    });
  }

  /** Anyone may report a comment, once; enough reports take it off the page until a moderator decides. */
  async report(m: string, commentId: string, reporter: string, input: { rule: unknown; note?: unknown }): Promise<{ counted: boolean; underReview: boolean }> {
    return this.store.unitOfWork(async (u) => {
      const comment = await u.comment(m, commentId, true);
      if (!comment) throw notFound('Diesen Beitrag');
      const c = await u.consultation(m, comment.consultationId);
      if (!c || c.status === 'draft') throw notFound('Diesen Beitrag');
      const r = checkReport(input.rule, input.note);
      const counted = await u.addReport(m, { id: randomUUID(), commentId, rule: r.rule, note: r.note, reporter, createdAt: this.clock.now().toISOString() });
      const n = await u.reportCount(commentId);
      const { comment: next, autoReview } = afterReport(comment, n);
      await u.updateComment(next);
      if (autoReview) {
        await u.addModeration(m, { commentId, action: 'auto-review', rule: null, reason: `${n} Meldungen: bis zur Entscheidung der Moderation ausgeblendet.`, actorId: 'system', actorName: 'Meldeverfahren', at: this.clock.now().toISOString() });
      }
      return { counted, underReview: next.status === 'under_review' };
    });
  }

  async moderate(a: ParticipationActor, commentId: string, input: { action: 'hide' | 'restore'; rule?: unknown; reason: unknown }): Promise<ConsultationComment> {
    return this.store.unitOfWork(async (u) => {
      const comment = await u.comment(a.municipalityId, commentId, true);
      if (!comment) throw notFound('Diesen Beitrag');
      const c = await u.consultation(a.municipalityId, comment.consultationId);
      if (!c) throw notFound('Diesen Beitrag');
      requireSteward(a, await this.entryOf(u, a.municipalityId, c.entryId));
      if (c.status === 'responded') throw conflict('Die Antwort ist veröffentlicht; die Beiträge bleiben, wie sie darin bewertet sind.');
      const r = moderate(comment, input.action, input.rule, input.reason);
      await u.updateComment(r.comment);
      await u.addModeration(a.municipalityId, { commentId, action: input.action, rule: r.rule, reason: r.reason, actorId: a.id, actorName: a.name, at: this.clock.now().toISOString() });
      return r.comment;
    });
  }

  async dispose(a: ParticipationActor, commentId: string, input: { kind: unknown; explanation: unknown }): Promise<ConsultationComment> {
    return this.store.unitOfWork(async (u) => {
      const comment = await u.comment(a.municipalityId, commentId, true);
      if (!comment) throw notFound('Diesen Beitrag');
      const c = await u.consultation(a.municipalityId, comment.consultationId);
      if (!c) throw notFound('Diesen Beitrag');
      requireSteward(a, await this.entryOf(u, a.municipalityId, c.entryId));
      const next = { ...comment, disposition: checkDisposition(c, comment, input) };
      await u.updateComment(next);
      return next;
    });
  }

  async respond(a: ParticipationActor, id: string, version: number, input: { summary: unknown; changes?: unknown }): Promise<Consultation> {
    return this.store.unitOfWork(async (u) => {
      const { c } = await this.stewarded(u, a, id, version);
      const roleLabel = a.role === 'admin' ? 'Verwaltung (Administration des KI-Registers)' : 'Verwaltung (Verantwortliche des Systems)';
      const saved = await this.save(u, publishResponse(c, await u.comments(c.id), input, this.today(), roleLabel), version);
      await u.recordConsultation(a.municipalityId, registerActor(a), consultationRecord(saved, this.url(a.municipalityId, saved.id)));
      return saved;
    });
  }

  /** Published consultations of a municipality (no drafts), newest first. */
  async publicList(m: string) {
    return this.store.unitOfWork(async (u) => {
      const list = await u.consultations(m, { publicOnly: true });
      const names = new Map((await u.entries(m)).map((e) => [e.id, e.name]));
      const t = this.today();
      const out = [];
      for (const c of list) {
        const comments = await u.comments(c.id);
        const v = publicView(c, comments, new Map(), t, names.get(c.entryId) ?? c.entryId);
        out.push({ id: v.id, entryId: v.entryId, entryName: v.entryName, title: v.title, occasion: v.occasion, status: v.status, acceptsComments: v.acceptsComments, period: v.period, closesOn: v.closesOn, counts: v.counts, responded: c.response !== null });
      }
      return out;
    });
  }

  async publicDetail(m: string, id: string) {
    return this.store.unitOfWork(async (u) => {
      const c = await u.consultation(m, id);
      if (!c || c.status === 'draft') throw notFound('Diese Beteiligung');
      const entry = await u.entry(m, c.entryId);
      const comments = await u.comments(c.id);
      const rules = new Map<string, string | null>();
      for (const x of await u.moderation(c.id)) if (x.action === 'hide') rules.set(x.commentId, x.rule);
      return publicView(c, comments, rules, this.today(), entry?.name ?? c.entryId);
    });
  }

  /** The staff view: every consultation with its moderation queue, for stewards; drafts included. */
  async staffDetail(a: ParticipationActor, id: string) {
    return this.store.unitOfWork(async (u) => {
      const c = await u.consultation(a.municipalityId, id);
      if (!c) throw notFound('Diese Beteiligung');
      const entry = await this.entryOf(u, a.municipalityId, c.entryId);
      const comments = await u.comments(c.id);
      const mayModerate = a.kind === 'staff' && (a.role === 'admin' || entry.owners.includes(a.id));
      const queue = [];
      for (const x of comments.filter((y) => y.reports > 0 || y.status !== 'visible')) {
        queue.push({ commentId: x.id, number: x.number, status: x.status, reports: (await u.reports(a.municipalityId, x.id)).map((r) => ({ rule: r.rule, note: r.note, at: r.createdAt })) });
      }
      return {
        consultation: c,
        entry: { id: entry.id, name: entry.name, status: entry.status },
        statusLabel: STATUS_LABELS[c.status],
        occasionLabel: OCCASION_LABELS[c.occasion],
        mayModerate,
        comments: comments.map((x) => ({ ...x, authorUserId: mayModerate ? x.authorUserId : null })),
        moderationQueue: queue,
        moderationLog: mayModerate ? await u.moderation(c.id) : [],
      };
    });
  }

  async staffList(a: ParticipationActor, entryId?: string) {
    return this.store.unitOfWork(async (u) => {
      const list = await u.consultations(a.municipalityId, { ...(entryId ? { entryId } : {}) });
      const out = [];
      for (const c of list) {
        const comments = await u.comments(c.id);
        out.push({
          id: c.id,
          entryId: c.entryId,
          title: c.title,
          status: c.status,
          statusLabel: STATUS_LABELS[c.status],
          opensOn: c.opensOn,
          closesOn: c.closesOn,
          version: c.version,
          comments: comments.length,
          awaitingModeration: comments.filter((x) => x.status === 'under_review').length,
          withoutDisposition: comments.filter((x) => x.status === 'visible' && !x.disposition).length,
        });
      }
      return out;
    });
  }

  // ——— staff council ———

  async informStaffCouncil(a: ParticipationActor, entryId: string, input: { informedOn: unknown; package: unknown }) {
    return this.store.unitOfWork(async (u) => {
      const entry = await this.entryOf(u, a.municipalityId, entryId);
      const previous = await u.latestProcedure(a.municipalityId, entryId, true);
      const now = this.clock.now().toISOString();
      const p = inform(input, entry, previous, this.today(), { id: randomUUID(), municipalityId: a.municipalityId, createdBy: a.id, now });
      await u.insertProcedure(p);
      await u.addProcedureStep(a.municipalityId, p.id, 'informed', { informedOn: p.informedOn, package: p.package }, a.id);
      await u.recordStaffCouncilVote(a.municipalityId, registerActor(a), governanceRecord(p));
      return procedureView(p, entry.materialHash);
    });
  }

  private async stepProcedure(a: ParticipationActor, id: string, version: number, step: string, fn: (p: StaffCouncilProcedure) => StaffCouncilProcedure, writesGate: boolean) {
    return this.store.unitOfWork(async (u) => {
      const p = await u.procedure(a.municipalityId, id, true);
      if (!p) throw notFound('Dieses Verfahren mit der Personalvertretung');
      if (p.version !== version) throw stale(p.version);
      const entry = await this.entryOf(u, a.municipalityId, p.entryId);
      const next = { ...fn(p), version: version + 1, updatedAt: this.clock.now().toISOString() };
      if (!(await u.updateProcedure(next, version))) throw stale(version);
      await u.addProcedureStep(a.municipalityId, p.id, step, { status: next.status, vote: next.vote, serviceAgreement: next.serviceAgreement, conciliation: next.conciliation, deliberations: next.deliberations.length }, a.id);
      if (writesGate) await u.recordStaffCouncilVote(a.municipalityId, registerActor(a), governanceRecord(next));
      return procedureView(next, entry.materialHash);
    });
  }

  async deliberate(a: ParticipationActor, id: string, version: number, input: { on: unknown; note: unknown }) {
    return this.stepProcedure(a, id, version, 'deliberation', (p) => deliberate(p, input, this.today()), false);
  }

  async vote(a: ParticipationActor, id: string, version: number, input: VoteInput) {
    return this.stepProcedure(a, id, version, 'vote', (p) => vote(p, input, this.today()), true);
  }

  async conciliation(a: ParticipationActor, id: string, version: number, input: { calledOn: unknown; note: unknown }) {
    return this.stepProcedure(a, id, version, 'conciliation', (p) => callConciliation(p, input, this.today()), true);
  }

  async procedures(a: ParticipationActor, entryId?: string) {
    return this.store.unitOfWork(async (u) => {
      const entries = new Map((await u.entries(a.municipalityId)).map((e) => [e.id, e]));
      return (await u.procedures(a.municipalityId, entryId)).map((p) => ({ ...procedureView(p, entries.get(p.entryId)?.materialHash ?? p.entryMaterialHash), entryName: entries.get(p.entryId)?.name ?? p.entryId }));
    });
  }

  // ——— feedback ———

  /**
   * Feedback on a decision, letter, explanation or chatbot answer. The free text is redacted
   * by the PII guard (with the case's known values where there is a case) before it is
   * stored; the answer says what was removed. Routed to the owners of the system's entry.
   */
  async giveFeedback(a: ParticipationActor, channel: FeedbackChannel, raw: FeedbackInput, onCase: { caseId: string; access: CaseAccess } | null) {
    const input = checkFeedback(raw);
    let packId = input.packId;
    let ref = input.ref;
    let known: Awaited<ReturnType<CaseAccess['knownValues']>> = [];
    if (onCase) {
      const facts = await onCase.access.caseFacts(onCase.caseId);
      if (packId && packId !== facts.packId) throw new AmtsklarError('invalid_input', 'Das Regelwerk passt nicht zu diesem Fall.', [{ path: '$.packId', message: `Der Fall gehört zu „${facts.packId}“.` }]);
      packId = facts.packId;
      if (input.subject === 'chatbot-answer') throw new AmtsklarError('invalid_input', 'Antworten des Bürger-Assistenten gehören zu keinem Fall.', [{ path: '$.subject', message: 'Rückmeldung zum Assistenten ohne Fall senden.' }]);
      if (input.subject === 'letter') {
        if (!ref || !facts.letterIds.includes(ref)) throw new AmtsklarError('invalid_input', 'Welches Schreiben meinen Sie?', [{ path: '$.ref', message: `Kennung eines Schreibens dieses Falls erwartet.` }]);
      }
      if (input.text) known = await onCase.access.knownValues(onCase.caseId);
    } else {
      // In the sandbox, decisions and letters of the synthetic cases may be rated too (by their pack).
      if (channel !== 'sandbox' && (input.subject === 'decision' || input.subject === 'letter')) {
        throw new AmtsklarError('invalid_input', 'Rückmeldungen zu Entscheidungen und Schreiben gehören zu einem Fall.', [{ path: '$.subject', message: 'Über die Fallansicht senden.' }]);
      }
      if (input.subject !== 'chatbot-answer' && !packId) throw new AmtsklarError('invalid_input', 'Zu welcher Leistung gehört das, was Sie bewerten?', [{ path: '$.packId', message: 'Pflichtfeld fehlt.' }]);
    }
    if (input.subject === 'explanation' && ref && !['citizen', 'caseworker', 'auditor'].includes(ref)) {
      throw new AmtsklarError('invalid_input', 'Für welche Erklärungsebene?', [{ path: '$.ref', message: 'Erwartet: citizen, caseworker, auditor.' }]);
    }
    if (channel === 'sandbox') ref = ref ? `sandbox:${ref}` : 'sandbox';
    const redacted = input.text ? redactPersonalData(input.text, known, '$.text') : null;
    return this.store.unitOfWork(async (u) => {
      const entries = await u.entries(a.municipalityId);
      const f: Feedback = {
        id: randomUUID(),
        municipalityId: a.municipalityId,
        entryId: routeFeedback(input.subject, packId, entries),
        subject: input.subject,
        subjectRef: ref,
        caseId: onCase?.caseId ?? null,
        packId,
        channel,
        authorKind: a.kind === 'staff' ? 'staff' : a.kind === 'citizen' ? 'citizen' : 'anonymous',
        rating: input.rating,
        text: redacted?.text ?? null,
        removed: redacted?.removed ?? [],
        status: 'new',
        note: null,
        handledBy: null,
        handledAt: null,
        createdAt: this.clock.now().toISOString(),
      };
      await u.insertFeedback(f);
      return { id: f.id, routedTo: f.entryId, storedText: f.text, notice: redactionNotice(f.removed), message: 'Danke für Ihre Rückmeldung. Sie geht an die Verantwortlichen des Systems.' };
    });
  }

  /** The owners' inbox: administrators see everything, other staff the feedback routed to entries they own. */
  async inbox(a: ParticipationActor, filter: { status?: FeedbackStatus; limit?: number }) {
    return this.store.unitOfWork(async (u) => {
      const entries = await u.entries(a.municipalityId);
      const own = a.role === 'admin' ? null : entries.filter((e) => e.owners.includes(a.id)).map((e) => e.id);
      const items = own && own.length === 0 ? [] : await u.feedbackList(a.municipalityId, { entryIds: own, ...(filter.status ? { status: filter.status } : {}), limit: filter.limit ?? 200 });
      return { items, ownEntries: own ?? entries.map((e) => e.id) };
    });
  }

  async handle(a: ParticipationActor, id: string, raw: { status: unknown; note?: unknown }) {
    const h = checkHandling(raw);
    return this.store.unitOfWork(async (u) => {
      const f = await u.feedback(a.municipalityId, id, true);
      if (!f) throw notFound('Diese Rückmeldung');
      const entry = f.entryId ? await u.entry(a.municipalityId, f.entryId) : null;
      if (a.role !== 'admin' && !entry?.owners.includes(a.id)) throw new AmtsklarError('forbidden', 'Diese Rückmeldung ist an andere Verantwortliche gerichtet.');
      if (h.note) {
        // A handling note stays internal, but must not become a copy of personal data either.
        h.note = redactPersonalData(h.note, [], '$.note').text;
      }
      const next = { ...f, status: h.status, note: h.note ?? f.note, handledBy: a.id, handledAt: this.clock.now().toISOString() };
      await u.updateFeedback(next);
      return next;
    });
  }

  // ——— transparency ———

  /**
   * What the public transparency page shows about participation, per published register
   * entry: its consultations with status and deadline, and the feedback received over the
   * last twelve months (count, mean rating, how many were handled).
   */
  async transparency(m: string) {
    return this.store.unitOfWork(async (u) => {
      const entries = (await u.entries(m)).filter((e) => PUBLIC_ENTRY_STATUSES.includes(e.status));
      const consultations = await u.consultations(m, { publicOnly: true });
      const since = addDays(this.today(), -365);
      const feedback = await u.feedbackForCounting(m, since);
      const t = this.today();
      return {
        since,
        systems: entries
          .map((e) => ({
            entryId: e.id,
            name: e.name,
            consultations: consultations
              .filter((c) => c.entryId === e.id)
              .map((c) => ({
                id: c.id,
                title: c.title,
                status: c.status,
                label: c.status === 'open' && t > c.closesOn ? 'Frist abgelaufen, Auswertung läuft' : STATUS_LABELS[c.status],
                occasion: OCCASION_LABELS[c.occasion],
                closesOn: c.closesOn,
                responsePublishedOn: c.response?.publishedOn ?? null,
                url: this.url(m, c.id),
              })),
            feedback: countFeedback(feedback.filter((f) => f.entryId === e.id)),
          }))
          .sort((a, b) => a.name.localeCompare(b.name, 'de')),
      };
    });
  }
}
