import { randomUUID } from 'node:crypto';
import { AmtsklarError, contentHash, isAmtsklarError, secureRandomBytes, sha256Hex } from '../common/index.ts';
import { favourableOutcome } from '../fairness/index.ts';
import { refuseWorsening } from './abhilfe.ts';
import { requireCase, requireRole, requireVersion, staleVersion } from './access.ts';
import { addDays, addOneMonth, germanDate, isoDate } from './dates.ts';
import type {
  Actor,
  Applicant,
  CaseEvent,
  CaseRecord,
  CaseState,
  DecisionRecord,
  DocumentMeta,
  Draft,
  HumanDecision,
  MunicipalitySettings,
  Objection,
  Override,
  PersonalData,
  TracedDecision,
} from './model.ts';
import { NACHFORDERUNG_FRIST, STATE_LABELS } from './model.ts';
import { plainDrafter } from './plain-drafter.ts';
import type { CaseEventListener, CaseStore, CaseUnitOfWork, Clock, Drafter, IdempotentAnswer, NewSubmission, RuleEngine, SubmissionSettings } from './ports.ts';

import { withoutTrace, withTrace, withTraceOrProblem } from './trace.ts';
import { checkTransition, type Transition } from './workflow.ts';

interface CheckedSubmission {
  submission: NewSubmission;
  body: SubmissionReceipt;
}

export interface CaseServiceDeps {
  store: CaseStore;
  engine: RuleEngine;
  drafter?: Drafter;
  clock?: Clock;
  listeners?: CaseEventListener[];
  /** Which team a new case of a pack goes to. */
  teamFor?: (municipalityId: string, packId: string) => string | null;
}

export interface Submission {
  municipalityId: string;
  packId: string;
  applicant: Applicant;
  application: Record<string, unknown>;
  idempotencyKey?: string;
}

export interface SubmissionReceipt {
  caseId: string;
  aktenzeichen: string;
  state: CaseState;
  accessCode: string;
  loginToken: string;
}

/** One missing thing: an input the engine needs or a piece of evidence from the checklist. */
export interface MissingItem {
  kind: 'input' | 'document';
  id: string;
  label: string;
  norm?: string;
}

const ACCESS_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const LOGIN_LINK_DAYS = 30;

/** The use cases that move a case. Each runs in one transaction and emits its events. */
export class CaseService {
  readonly engine: RuleEngine;
  private readonly store: CaseStore;
  private readonly drafter: Drafter;
  private readonly clock: Clock;
  private readonly listeners: CaseEventListener[];
  private readonly teamFor: (municipalityId: string, packId: string) => string | null;
  /** Settings per municipality as last read (see `submit`). */
  private readonly submissionSettings = new Map<string, SubmissionSettings>();

  constructor(deps: CaseServiceDeps) {
    this.store = deps.store;
    this.engine = deps.engine;
    this.drafter = deps.drafter ?? plainDrafter;
    this.clock = deps.clock ?? { now: () => new Date() };
    this.listeners = deps.listeners ?? [];
    this.teamFor = deps.teamFor ?? ((_m, packId) => packId);
  }

  addListener(l: CaseEventListener): void {
    this.listeners.push(l);
  }

  /**
   * A citizen's application: checked by the engine, stored, answered with the access code.
   * One round trip to the database: an atomic statement that stores everything and draws the
   * Aktenzeichen — unless the idempotency key already has an answer (then that answer is
   * replayed) or the municipality's settings changed since this process read them (then they are
   * read again and the application checked again). The settings are kept between submissions
   * for that reason: reading them each time was a second round trip. An invalid application is
   * refused before anything is written (no number is used up).
   */
  async submit(s: Submission): Promise<{ status: number; body: SubmissionReceipt; replayed: boolean }> {
    const requestHash = contentHash({ packId: s.packId, applicant: s.applicant, application: s.application });
    const key = s.idempotencyKey ?? null;
    for (let attempt = 1; ; attempt++) {
      const { settings, fresh } = await this.settingsFor(s.municipalityId, attempt > 1);
      let checked: CheckedSubmission;
      try {
        checked = this.checkSubmission(s, settings, requestHash);
      } catch (e) {
        // A repeated request is answered as the first time, even if the application would now be refused.
        const prior = key ? await this.store.idempotentAnswer(s.municipalityId, key) : null;
        if (prior) return replay(prior, requestHash);
        // Refused under settings kept from earlier (a release since replaced): check once more under the current ones.
        if (!fresh) continue;
        throw e;
      }
      const stored = await this.store.storeSubmission(checked.submission);
      if ('prior' in stored) {
        if (!stored.prior) throw new AmtsklarError('conflict', 'Der Antrag konnte nicht gespeichert werden; bitte erneut senden.');
        return replay(stored.prior, requestHash);
      }
      if ('settingsChanged' in stored) {
        if (attempt < 3) continue;
        throw new AmtsklarError('conflict', 'Die Einstellungen der Gemeinde werden gerade geändert; bitte den Antrag erneut senden.');
      }
      const { case: c, events } = checked.submission;
      c.aktenzeichen = checked.body.aktenzeichen = stored.aktenzeichen;
      for (const l of this.listeners) await l.onCaseEvents(events);
      return { status: 201, body: checked.body, replayed: false };
    }
  }

  /** The municipality's settings for submissions, read once and again when a submission found them changed. */
  private async settingsFor(municipalityId: string, reread: boolean): Promise<{ settings: SubmissionSettings; fresh: boolean }> {
    const kept = reread ? undefined : this.submissionSettings.get(municipalityId);
    if (kept) return { settings: kept, fresh: false };
    const read = await this.store.submissionSettings(municipalityId);
    if (!read) {
      this.submissionSettings.delete(municipalityId);
      throw new AmtsklarError('not_found', `Die Gemeinde „${municipalityId}“ ist hier nicht eingerichtet.`);
    }
    this.submissionSettings.set(municipalityId, read);
    return { settings: read, fresh: true };
  }

  /** The engine's check of an application and everything stored with it; throws on an invalid application. */
  private checkSubmission(s: Submission, settings: SubmissionSettings, requestHash: string): CheckedSubmission {
    const now = this.clock.now();
    const key = s.idempotencyKey ?? null;
    const release = this.releaseFor(settings.settings, s.packId);
    this.engine.refuseUndeclared(s.packId, release, s.application);
    // Stored without its Rechenweg, which is recomputed when someone looks at it (trace.ts).
    const decision = withoutTrace(this.engine.decide(s.packId, release, s.application, { trace: false }));
    const citizenId = randomUUID();
    const accessCode = newAccessCode();
    const c: CaseRecord = {
      id: randomUUID(),
      municipalityId: s.municipalityId,
      aktenzeichen: '', // drawn when stored
      packId: s.packId,
      packRelease: release,
      state: 'checked',
      version: 1,
      teamId: this.teamFor(s.municipalityId, s.packId),
      assignedTo: null,
      citizenId,
      decision,
      discretion: {},
      overrides: {},
      approvals: [],
      abhilfe: null,
      documentsDue: null,
      remindedAt: null,
      issuedAt: null,
      issuedBy: null,
      objectionDue: null,
      closedAt: null,
      anonymisedAt: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    const citizen: Actor = { kind: 'citizen', id: citizenId, name: 'Antragsteller/in', role: 'citizen', municipalityId: s.municipalityId };
    const engineActor: Actor = { kind: 'system', id: 'system', name: 'Regelwerk', role: 'system', municipalityId: s.municipalityId };
    const events = [
      this.event(c, 'received', null, 'received', citizen, null, { packId: s.packId, release, inputHash: decision.receipt.inputHash }),
      this.event(c, 'checked', 'received', 'checked', engineActor, null, checkedData(decision)),
    ];
    const loginToken = secureRandomBytes(32).toString('base64url');
    const body: SubmissionReceipt = { caseId: c.id, aktenzeichen: '', state: c.state, accessCode, loginToken };
    // A new case has no documents yet: it is ready for a draft only if the pack asks for none.
    const readyForDraft = decision.outcome === 'decided' && !this.engine.needsEvidence(c.packId, release, s.application);
    const submission: NewSubmission = {
      case: c,
      aktenzeichenPrefix: aktenzeichenPrefix(s.packId, now.getUTCFullYear()),
      personal: { applicant: s.applicant, application: s.application },
      accessCodeHash: sha256Hex(accessCode),
      loginLink: { tokenHash: sha256Hex(loginToken), expiresAt: new Date(now.getTime() + LOGIN_LINK_DAYS * 86_400_000) },
      events,
      settingsChecked: settings.stored,
      idempotency: key ? { key, requestHash, status: 201, response: { ...body } } : null,
      job: readyForDraft ? { queue: 'drafting', data: { municipalityId: c.municipalityId, caseId: c.id } } : null,
    };
    return { submission, body };
  }

  /** The case as the actor may see it (decision data only; personal data has its own read). */
  async get(actor: Actor, caseId: string): Promise<CaseRecord> {
    return this.store.unitOfWork(async (u) => requireCase(actor, await u.getCase(actor.municipalityId, caseId)));
  }

  /**
   * The case with its Rechenweg (for the workbench, the explanations, the auditor). The trace
   * holds the application's facts (birth dates, incomes, a child's first name), so this read is
   * recorded like any read of personal data. A decision stored without its trace gets it
   * recomputed from the sealed application (withTrace); once the personal data is erased there
   * is no Rechenweg any more, only the result. A trace that cannot be recomputed leaves the case
   * readable, with the reason in `decision.rechenwegProblem`. `allowed` may refuse the read
   * (throw) before anything is read or recorded.
   */
  async getWithTrace(actor: Actor, caseId: string, purpose = 'Fallbearbeitung (Rechenweg ansehen)', allowed: (c: CaseRecord) => void = () => undefined): Promise<CaseRecord> {
    return this.store.unitOfWork(async (u) => {
      const c = requireCase(actor, await u.getCase(actor.municipalityId, caseId));
      allowed(c);
      const d = c.decision;
      if (!d) return c;
      const record = () => u.recordAccess({ municipalityId: actor.municipalityId, caseId, actorKind: actor.kind, actorId: actor.id, purpose, what: 'Rechenweg mit Antragsangaben' });
      if (d.trace) {
        if (d.trace.length) await record();
        return c;
      }
      const personal = await u.getPersonal(caseId);
      if (!personal) return c;
      await record();
      return { ...c, decision: withTraceOrProblem(this.engine, { ...c, decision: d }, personal) };
    });
  }

  /**
   * The Rechenweg of a case's decision for the auditor, who may not work on cases; the caller
   * removes the application's facts from it. Recomputing it reads the personal data, which is
   * recorded. Null without a decision, or when the personal data is erased and no trace stored.
   */
  async auditTrace(actor: Actor, caseId: string): Promise<TracedDecision | null> {
    requireRole(actor, ['auditor'], 'den Rechenweg prüfen');
    return this.store.unitOfWork(async (u) => {
      const c = await u.getCase(actor.municipalityId, caseId);
      if (!c) throw new AmtsklarError('not_found', 'Der Fall wurde nicht gefunden.');
      const d = c.decision;
      if (!d) return null;
      if (d.trace) return d as TracedDecision;
      const personal = await u.getPersonal(caseId);
      if (!personal) return null;
      await u.recordAccess({ municipalityId: actor.municipalityId, caseId, actorKind: actor.kind, actorId: actor.id, purpose: 'Prüfung (Rechenweg ohne Antragsangaben nachgerechnet)', what: 'Antragsangaben' });
      return withTrace(this.engine, { ...c, decision: d }, personal);
    });
  }

  /** The decision with its Rechenweg, for a caller that has read (and recorded reading) the personal data. */
  withTrace(c: CaseRecord & { decision: DecisionRecord }, personal: PersonalData): TracedDecision {
    return withTrace(this.engine, c, personal);
  }

  /** Reads personal data and records the read with its purpose. */
  async personal(actor: Actor, caseId: string, purpose: string): Promise<PersonalData> {
    return this.store.unitOfWork(async (u) => {
      requireCase(actor, await u.getCase(actor.municipalityId, caseId));
      const p = await u.getPersonal(caseId);
      if (!p) throw new AmtsklarError('not_found', 'Zu diesem Fall sind keine personenbezogenen Daten (mehr) gespeichert.');
      await u.recordAccess({ municipalityId: actor.municipalityId, caseId, actorKind: actor.kind, actorId: actor.id, purpose, what: 'Antragsdaten' });
      return p;
    });
  }

  /**
   * The citizen's written reasons for the open objection, for the person deciding it: it can
   * describe the person's circumstances, so like the application it is read only with a purpose
   * and every read is recorded. Null when no objection is open.
   */
  async objectionReason(actor: Actor, caseId: string, purpose: string): Promise<{ id: string; filedAt: string; reason: string } | null> {
    return this.store.unitOfWork(async (u) => {
      requireCase(actor, await u.getCase(actor.municipalityId, caseId));
      requireRole(actor, ['caseworker', 'team_lead'], 'die Begründung eines Widerspruchs lesen');
      const o = await u.openObjection(caseId);
      if (!o) return null;
      await u.recordAccess({ municipalityId: actor.municipalityId, caseId, actorKind: actor.kind, actorId: actor.id, purpose, what: 'Begründung des Widerspruchs' });
      return { id: o.id, filedAt: o.filedAt, reason: o.reason };
    });
  }

  /** What is still missing: the engine's open inputs and the checklist evidence without a document. */
  async missing(actor: Actor, caseId: string): Promise<MissingItem[]> {
    return this.store.unitOfWork(async (u) => {
      const c = requireCase(actor, await u.getCase(actor.municipalityId, caseId));
      return this.missingItems(u, c, await u.getPersonal(caseId));
    });
  }

  /** Evidence for the case; assigned to a checklist item when it is one the application needs. */
  async addDocument(actor: Actor, caseId: string, meta: Omit<DocumentMeta, 'caseId' | 'uploadedByKind' | 'createdAt'>, content: Uint8Array): Promise<DocumentMeta> {
    return this.run(async (u, events) => {
      const c = requireCase(actor, await u.getCase(actor.municipalityId, caseId));
      if (actor.kind === 'citizen' && !['received', 'checked', 'documents_requested', 'reminded', 'objection_filed', 'abhilfe_review', 'issued'].includes(c.state)) {
        throw new AmtsklarError('conflict', 'Zu diesem Fall können keine Unterlagen mehr hochgeladen werden.');
      }
      if (meta.checklistId !== null) {
        const personal = await this.loadPersonal(u, c);
        const items = this.engine.checklist(c.packId, c.packRelease, personal.application);
        if (!items.some((i) => i.id === meta.checklistId)) {
          throw new AmtsklarError('invalid_input', `„${meta.checklistId}“ ist kein Nachweis, der für diesen Antrag verlangt wird.`, [
            { path: '$.checklistId', message: `Möglich: ${items.map((i) => i.id).join(', ') || 'keine'}` },
          ]);
        }
      }
      const doc: DocumentMeta = { ...meta, caseId, uploadedByKind: actor.kind, createdAt: this.clock.now().toISOString() };
      await u.insertDocument(doc, content, actor.id);
      events.push(this.event(c, 'document_added', c.state, c.state, actor, null, { documentId: doc.id, checklistId: doc.checklistId, sha256: doc.sha256, size: doc.size }));
      return doc;
    });
  }

  /** The citizen or the caseworker corrects or completes the application. */
  async updateApplication(actor: Actor, caseId: string, version: number, application: Record<string, unknown>): Promise<CaseRecord> {
    return this.mutate(actor, caseId, version, async (u, c, events) => {
      requireRole(actor, ['citizen', 'caseworker', 'team_lead'], 'Antragsdaten ändern');
      if (!['checked', 'documents_requested', 'reminded'].includes(c.state)) {
        throw new AmtsklarError('conflict', 'Die Antragsdaten können in diesem Status nicht mehr geändert werden.', [{ path: '$.state', message: `Status „${STATE_LABELS[c.state]}“` }]);
      }
      this.engine.refuseUndeclared(c.packId, c.packRelease, application);
      this.engine.decide(c.packId, c.packRelease, application, { trace: false });
      const personal = await this.loadPersonal(u, c);
      // A decision stored without its Rechenweg is recomputed from the application: while it stays
      // the case's decision (a Nachforderung keeps it until the documents are complete), it keeps
      // the trace of the application it was made on.
      if (c.decision && !c.decision.trace && c.state !== 'checked') c.decision = withTrace(this.engine, { ...c, decision: c.decision }, personal);
      const next = { ...personal, application };
      await u.updatePersonal(c.id, next);
      events.push(this.event(c, 'application_updated', c.state, c.state, actor, null, { inputHash: contentHash(application) }));
      if (c.state === 'checked') {
        this.evaluate(c, next, events, actor);
        await this.afterCheck(u, c, next, events);
      }
    });
  }

  async requestDocuments(actor: Actor, caseId: string, version: number, deadline?: string): Promise<CaseRecord> {
    return this.mutate(actor, caseId, version, async (u, c, events) => {
      const personal = await this.loadPersonal(u, c);
      const missing = await this.missingItems(u, c, personal);
      if (missing.length === 0) throw new AmtsklarError('conflict', 'Es fehlen keine Unterlagen oder Angaben; eine Nachforderung ist nicht nötig.');
      const settings = await u.settings(c.municipalityId);
      const today = isoDate(this.clock.now());
      const due = deadline ?? addDays(today, settings.nachforderungDays);
      if (due <= today) throw new AmtsklarError('invalid_input', 'Die Frist muss in der Zukunft liegen.', [{ path: '$.deadline', message: 'Frist liegt nicht in der Zukunft.' }]);
      const earliest = addDays(today, NACHFORDERUNG_FRIST.minDays), latest = addDays(today, NACHFORDERUNG_FRIST.maxDays);
      if (due < earliest || due > latest) {
        const message = `Die Frist muss zwischen ${NACHFORDERUNG_FRIST.minDays} und ${NACHFORDERUNG_FRIST.maxDays} Tagen liegen (angemessene Frist, § 66 Abs. 3 SGB I): frühestens ${germanDate(earliest)}, spätestens ${germanDate(latest)}.`;
        throw new AmtsklarError('invalid_input', message, [{ path: '$.deadline', message }]);
      }
      this.transition(c, 'request_documents', actor, events, null, { deadline: due, missing: missing.map((m) => m.id) });
      c.documentsDue = due;
      await this.addDraft(u, c, 'nachforderung', actor, { personal, settings, missing, deadline: due });
    });
  }

  /** Deadline passed without the evidence: a reminder with a new deadline (job or caseworker). */
  async remind(actor: Actor, caseId: string, version: number): Promise<CaseRecord> {
    return this.mutate(actor, caseId, version, async (u, c, events) => {
      const personal = await this.loadPersonal(u, c);
      const settings = await u.settings(c.municipalityId);
      const missing = await this.missingItems(u, c, personal);
      const due = addDays(isoDate(this.clock.now()), settings.reminderDays);
      this.transition(c, 'remind', actor, events, null, { deadline: due, previousDeadline: c.documentsDue });
      c.documentsDue = due;
      c.remindedAt = this.clock.now().toISOString();
      await this.addDraft(u, c, 'erinnerung', actor, { personal, settings, missing, deadline: due });
    });
  }

  /**
   * The requested evidence is in: the engine checks again. A citizen cannot end the Nachforderung
   * while something is still missing — the deadline and the notice of §§ 60, 66 SGB I would vanish
   * with it; staff can (evidence that came on paper, or to decide on what is there).
   */
  async complete(actor: Actor, caseId: string, version: number): Promise<CaseRecord> {
    return this.mutate(actor, caseId, version, async (u, c, events) => {
      this.transition(c, 'complete', actor, events, null, {});
      const personal = await this.loadPersonal(u, c);
      this.evaluate(c, personal, events, { kind: 'system', id: 'system', name: 'Regelwerk', role: 'system', municipalityId: c.municipalityId });
      if (actor.kind === 'citizen') {
        const missing = await this.missingItems(u, c, personal);
        if (missing.length > 0) {
          throw new AmtsklarError(
            'conflict',
            `${missing.length === 1 ? 'Es fehlt noch eine Angabe oder ein Nachweis' : `Es fehlen noch ${missing.length} Angaben oder Nachweise`}: ${missing.map((m) => m.label).join('; ')}`,
            missing.map((m) => ({ path: m.kind === 'input' ? m.id : `Nachweis ${m.id}`, message: m.label })),
          );
        }
      }
      c.documentsDue = null;
      await this.afterCheck(u, c, personal, events);
    });
  }

  /** Runs the engine again (a case received on paper, or after changes outside the workflow). */
  async check(actor: Actor, caseId: string, version: number): Promise<CaseRecord> {
    return this.mutate(actor, caseId, version, async (u, c, events) => {
      checkTransition(c.state, 'check', actor);
      const personal = await this.loadPersonal(u, c);
      this.evaluate(c, personal, events, actor);
      await this.afterCheck(u, c, personal, events);
    });
  }

  /** A named person decides a discretion point, with a written reason. */
  async decideDiscretion(actor: Actor, caseId: string, version: number, point: string, option: string, reason: string): Promise<CaseRecord> {
    return this.mutate(actor, caseId, version, async (u, c, events) => {
      requireRole(actor, ['caseworker', 'team_lead'], 'Ermessen ausüben');
      if (c.state !== 'checked') throw new AmtsklarError('conflict', 'Ermessen kann nur im Status „geprüft“ ausgeübt werden.', [{ path: '$.state', message: `Status „${STATE_LABELS[c.state]}“` }]);
      const open = c.decision?.discretion.find((d) => d.point === point);
      if (!open && !(point in c.discretion)) {
        throw new AmtsklarError('invalid_input', `Der Ermessenspunkt „${point}“ ist in diesem Fall nicht offen.`, [{ path: '$.point', message: 'Kein offener Ermessenspunkt dieses Namens.' }]);
      }
      if (open?.options && !open.options.some((o) => o.id === option)) {
        throw new AmtsklarError('invalid_input', `Die Option „${option}“ gibt es für „${point}“ nicht. Möglich: ${open.options.map((o) => o.id).join(', ')}.`, [
          { path: '$.option', message: 'Unbekannte Option.' },
        ]);
      }
      requireReason(reason);
      const h: HumanDecision = { option, by: actor.name, reason, at: this.clock.now().toISOString() };
      c.discretion = { ...c.discretion, [point]: h };
      events.push(this.event(c, 'discretion_decided', c.state, c.state, actor, reason, { point, option }));
      const personal = await this.loadPersonal(u, c);
      this.evaluate(c, personal, events, actor);
      await this.afterCheck(u, c, personal, events);
    });
  }

  /** A caseworker replaces a computed value; the reason is shown in the decision. */
  async override(actor: Actor, caseId: string, version: number, name: string, value: unknown, reason: string): Promise<CaseRecord> {
    return this.mutate(actor, caseId, version, async (u, c, events) => {
      requireRole(actor, ['caseworker', 'team_lead'], 'berechnete Werte überschreiben');
      if (c.state !== 'checked') throw new AmtsklarError('conflict', 'Werte können nur im Status „geprüft“ überschrieben werden; geben Sie den Fall zuerst zurück.', [{ path: '$.state', message: `Status „${STATE_LABELS[c.state]}“` }]);
      if (!c.decision || !Object.hasOwn(c.decision.values, name)) {
        throw new AmtsklarError('invalid_input', `Der Wert „${name}“ wurde in diesem Fall nicht berechnet.`, [{ path: '$.name', message: 'Unbekannter Wert.' }]);
      }
      requireReason(reason);
      const o: Override = { value, by: actor.name, reason };
      c.overrides = { ...c.overrides, [name]: o };
      events.push(this.event(c, 'value_overridden', c.state, c.state, actor, reason, { name, from: c.decision.values[name], to: value }));
      const personal = await this.loadPersonal(u, c);
      try {
        this.evaluate(c, personal, events, actor);
      } catch (e) {
        // the engine names the override in its own terms; in this request it is the field `value`,
        // or `name` when the value is not one a rule computes (an input the decision repeats)
        if (isAmtsklarError(e) && e.code === 'invalid_input' && e.problems.some((p) => p.path.startsWith('$.overrides'))) {
          const problems = e.problems.map((p) =>
            p.path === `$.overrides.${name}` ? { path: '$.name', message: 'Dieser Wert ist eine Angabe aus dem Antrag, keine Berechnung; Angaben werden im Antrag geändert.' } : p.path.startsWith('$.overrides') ? { ...p, path: '$.value' } : p,
          );
          throw new AmtsklarError('invalid_input', `Ungültige Eingabe bei ${problems[0]!.path}: ${problems[0]!.message}`, problems);
        }
        // a value the rules cannot go on with (a Mietenstufe 99 finds no row of the table)
        if (isAmtsklarError(e) && e.code === 'invalid_pack') {
          throw new AmtsklarError('invalid_input', `Ungültige Eingabe bei $.value: Mit diesem Wert kann das Regelwerk nicht weiterrechnen (${e.message}).`, [
            { path: '$.value', message: 'Mit diesem Wert kann das Regelwerk nicht weiterrechnen.' },
          ]);
        }
        throw e;
      }
      await this.afterCheck(u, c, personal, events);
    });
  }

  /** The drafting job: a decided, complete case gets its draft Bescheid. */
  async prepareDraft(municipalityId: string, caseId: string): Promise<CaseRecord | null> {
    const system: Actor = { kind: 'system', id: 'system', name: 'Entwurfsdienst', role: 'system', municipalityId };
    return this.run(async (u, events) => {
      const c = await u.getCase(municipalityId, caseId);
      // A job that arrives after the case moved on has nothing to do.
      if (!c || c.state !== 'checked' || !c.decision || c.decision.outcome !== 'decided') return null;
      const personal = await this.loadPersonal(u, c);
      if ((await this.missingItems(u, c, personal)).length > 0) return null;
      const expected = c.version;
      const settings = await u.settings(municipalityId);
      this.transition(c, 'prepare_draft', system, events, null, { resultHash: c.decision.receipt.resultHash });
      await this.addDraft(u, c, 'bescheid', system, { personal, settings });
      const automated = this.automationAllowed(c, settings);
      if (automated) {
        const basis = settings.automatedDecisions[c.packId]!.legalBasis;
        c.state = 'under_review';
        events.push(this.event(c, 'submitted_for_review', 'draft_prepared', 'under_review', system, null, { automated: true }));
        c.approvals = [{ by: 'system', name: 'vollautomatisiert', at: this.clock.now().toISOString(), resultHash: c.decision.receipt.resultHash }];
        this.transition(c, 'approve', system, events, null, { automated: true, legalBasis: basis });
        this.issueNow(c, system, events, { automated: true, legalBasis: basis });
      }
      await this.save(u, c, expected);
      return c;
    });
  }

  async submitForReview(actor: Actor, caseId: string, version: number): Promise<CaseRecord> {
    return this.mutate(actor, caseId, version, async (u, c, events) => {
      const draft = await u.latestDraft(c.id, ['bescheid']);
      if (!draft || draft.resultHash !== c.decision?.receipt.resultHash) throw new AmtsklarError('conflict', 'Es gibt keinen Entwurf zur aktuellen Berechnung.');
      this.transition(c, 'submit_review', actor, events, null, { draftId: draft.id });
      c.approvals = [];
    });
  }

  /** Back to the caseworker's desk: approvals and the draft no longer count. */
  async returnCase(actor: Actor, caseId: string, version: number, reason: string): Promise<CaseRecord> {
    return this.mutate(actor, caseId, version, async (_u, c, events) => {
      requireReason(reason);
      this.transition(c, 'return', actor, events, reason, {});
      c.approvals = [];
    });
  }

  /** A named approver signs off; with four-eyes a second, different person is needed. */
  async approve(actor: Actor, caseId: string, version: number): Promise<CaseRecord> {
    return this.mutate(actor, caseId, version, async (u, c, events) => {
      checkTransition(c.state, 'approve', actor);
      const d = c.decision;
      if (!d || d.outcome !== 'decided') throw new AmtsklarError('conflict', 'Ohne vollständige Entscheidung (alle Ermessenspunkte begründet entschieden) kann nicht freigegeben werden.');
      const draft = await u.latestDraft(c.id, ['bescheid']);
      if (!draft || draft.resultHash !== d.receipt.resultHash) throw new AmtsklarError('conflict', 'Der Entwurf passt nicht zur aktuellen Berechnung; bitte neu erstellen lassen.');
      if (c.approvals.some((a) => a.by === actor.id)) {
        throw new AmtsklarError('conflict', 'Sie haben diesen Fall bereits freigegeben. Das Vier-Augen-Prinzip verlangt eine zweite, andere Person.');
      }
      const settings = await u.settings(c.municipalityId);
      const needed = requiredApprovals(c, settings);
      c.approvals = [...c.approvals, { by: actor.id, name: actor.name, at: this.clock.now().toISOString(), resultHash: d.receipt.resultHash }];
      if (c.approvals.length >= needed) {
        this.transition(c, 'approve', actor, events, null, { approvals: c.approvals.length, needed, draftHash: draft.textHash });
      } else {
        events.push(this.event(c, 'approval_recorded', c.state, c.state, actor, null, { approvals: c.approvals.length, needed }));
      }
    });
  }

  async issue(actor: Actor, caseId: string, version: number): Promise<CaseRecord> {
    return this.mutate(actor, caseId, version, async (_u, c, events) => {
      checkTransition(c.state, 'issue', actor);
      if (c.approvals.length === 0) throw new AmtsklarError('conflict', 'Ein Bescheid wird nur mit namentlicher Freigabe bekanntgegeben.');
      this.issueNow(c, actor, events, {});
    });
  }

  /** Widerspruch: within one month of issue (§ 70 VwGO / § 84 SGG). */
  async fileObjection(actor: Actor, caseId: string, version: number, reason: string): Promise<CaseRecord> {
    return this.mutate(actor, caseId, version, async (u, c, events) => {
      checkTransition(c.state, 'file_objection', actor);
      requireReason(reason);
      const today = isoDate(this.clock.now());
      if (c.objectionDue && today > c.objectionDue) {
        throw new AmtsklarError('conflict', `Die Widerspruchsfrist ist am ${c.objectionDue} abgelaufen.`, [{ path: '$.reason', message: 'Frist abgelaufen.' }]);
      }
      const o: Objection = { id: randomUUID(), caseId: c.id, reason, filedAt: this.clock.now().toISOString(), result: null, assessedBy: null, assessment: null, decidedAt: null };
      await u.addObjection(o);
      this.transition(c, 'file_objection', actor, events, null, { objectionId: o.id, reasonHash: contentHash(reason) });
    });
  }

  /**
   * Reassessment by a person not involved in the decision: upheld, or changed with new
   * discretion decisions or overrides. A changed decision is issued at once — unless the
   * municipality's four-eyes rule asks for two people for it (an override, a refusal, or
   * always): then it waits as a proposal until a second person approves it (`approveAbhilfe`).
   */
  async reassess(
    actor: Actor,
    caseId: string,
    version: number,
    r: { result: 'upheld' | 'changed'; reason: string; overrides?: Record<string, { value: unknown; reason: string }>; discretion?: Record<string, { option: string; reason: string }> },
  ): Promise<CaseRecord> {
    return this.mutate(actor, caseId, version, async (u, c, events) => {
      checkTransition(c.state, r.result === 'upheld' ? 'reassess_upheld' : 'reassess_changed', actor);
      requireReason(r.reason);
      requireUninvolved(c, actor);
      const o = await u.openObjection(c.id);
      if (!o) throw new AmtsklarError('conflict', 'Es liegt kein offener Widerspruch vor.');
      const now = this.clock.now().toISOString();
      o.assessedBy = actor.id;
      o.assessment = r.reason;
      if (r.result === 'upheld') {
        this.transition(c, 'reassess_upheld', actor, events, r.reason, { objectionId: o.id });
        o.result = 'upheld';
        o.decidedAt = now;
        await u.decideObjection(o);
        return;
      }
      const overrides = { ...c.overrides };
      const discretion = { ...c.discretion };
      for (const [k, v] of Object.entries(r.overrides ?? {})) {
        requireReason(v.reason);
        overrides[k] = { value: v.value, by: actor.name, reason: v.reason };
      }
      for (const [k, v] of Object.entries(r.discretion ?? {})) {
        requireReason(v.reason);
        discretion[k] = { option: v.option, by: actor.name, reason: v.reason, at: now };
      }
      const personal = await this.loadPersonal(u, c);
      const settings = await u.settings(c.municipalityId);
      // the changed decision, computed without touching the case: until it is applied, the issued one stands
      const changed = this.engine.decide(c.packId, c.packRelease, personal.application, { discretion, overrides, trace: true });
      this.requireAbhilfe(c.packId, c.decision, changed);
      const needed = requiredApprovals({ ...c, overrides, decision: changed }, settings);
      if (needed < 2) {
        await this.applyAbhilfe(u, c, o, events, actor, { overrides, discretion, personal, settings, approvals: [], decision: changed });
        return;
      }
      this.transition(c, 'propose_abhilfe', actor, events, r.reason, { objectionId: o.id, resultHash: changed.receipt.resultHash, previousResultHash: c.decision?.receipt.resultHash, needed });
      c.abhilfe = { objectionId: o.id, discretion, overrides, proposedBy: actor.id, proposedByName: actor.name, proposedByRole: actor.role, at: now, resultHash: changed.receipt.resultHash, values: changed.values, needed };
      await u.decideObjection(o);
    });
  }

  /**
   * The second person's approval of a proposed Abhilfe: it is applied and issued. The proposer
   * decided the objection without having been involved; the second person checks that decision
   * and may be anyone else of the team — in a team of three, the two who approved a refusal
   * would otherwise leave nobody to approve its Abhilfe.
   */
  async approveAbhilfe(actor: Actor, caseId: string, version: number): Promise<CaseRecord> {
    return this.mutate(actor, caseId, version, async (u, c, events) => {
      checkTransition(c.state, 'approve_abhilfe', actor);
      const p = c.abhilfe;
      if (!p) throw new AmtsklarError('conflict', 'Es liegt keine Abhilfe zur Freigabe vor.');
      if (p.proposedBy === actor.id) {
        throw new AmtsklarError('conflict', 'Sie haben diese Abhilfe vorgeschlagen. Das Vier-Augen-Prinzip verlangt eine zweite, andere Person für die Freigabe.');
      }
      const o = await u.openObjection(c.id);
      if (!o || o.id !== p.objectionId) throw new AmtsklarError('conflict', 'Der Widerspruch, zu dem die Abhilfe vorgeschlagen wurde, ist nicht mehr offen.');
      const personal = await this.loadPersonal(u, c);
      const settings = await u.settings(c.municipalityId);
      const proposer = { by: p.proposedBy, name: p.proposedByName, at: p.at, resultHash: p.resultHash };
      await this.applyAbhilfe(u, c, o, events, actor, { overrides: p.overrides, discretion: p.discretion, personal, settings, approvals: [proposer], expected: p.resultHash, proposerRole: p.proposedByRole });
    });
  }

  /** A proposed Abhilfe goes back: nothing of it is applied, the objection is open again. */
  async returnAbhilfe(actor: Actor, caseId: string, version: number, reason: string): Promise<CaseRecord> {
    return this.mutate(actor, caseId, version, async (u, c, events) => {
      requireReason(reason);
      const p = c.abhilfe;
      this.transition(c, 'return_abhilfe', actor, events, reason, { objectionId: p?.objectionId ?? null, resultHash: p?.resultHash ?? null });
      c.abhilfe = null;
      const o = await u.openObjection(c.id);
      if (o) {
        o.assessedBy = null;
        o.assessment = null;
        await u.decideObjection(o);
      }
    });
  }

  /** A changed decision may only be what an Abhilfe can be: complete, different, not worse (§ 72 VwGO). */
  private requireAbhilfe(packId: string, prior: DecisionRecord | null, changed: { outcome: string; values: Record<string, unknown>; receipt: { resultHash: string } }): void {
    if (changed.outcome !== 'decided') throw new AmtsklarError('conflict', 'Die geänderte Entscheidung ist noch nicht vollständig (offene Angaben oder Ermessenspunkte).');
    if (changed.receipt.resultHash === prior?.receipt.resultHash) {
      throw new AmtsklarError('conflict', 'Die Änderungen ergeben dieselbe Entscheidung; bitte „zurückweisen“ wählen oder Werte ändern.');
    }
    refuseWorsening(packId, prior?.values, changed.values);
  }

  /** The Abhilfe takes effect: the case's decision is recomputed with the new human inputs and issued. */
  private async applyAbhilfe(
    u: CaseUnitOfWork,
    c: CaseRecord,
    o: Objection,
    events: CaseEvent[],
    actor: Actor,
    a: {
      overrides: CaseRecord['overrides'];
      discretion: CaseRecord['discretion'];
      personal: PersonalData;
      settings: MunicipalitySettings;
      approvals: CaseRecord['approvals'];
      /** Computed and checked just now (an Abhilfe issued at once); else computed here for the approval. */
      decision?: DecisionRecord;
      expected?: string;
      proposerRole?: string;
    },
  ): Promise<void> {
    const prior = c.decision;
    const now = this.clock.now().toISOString();
    c.overrides = a.overrides;
    c.discretion = a.discretion;
    let d = a.decision;
    if (!d) {
      d = this.engine.decide(c.packId, c.packRelease, a.personal.application, { discretion: c.discretion, overrides: c.overrides, trace: true });
      if (d.receipt.resultHash !== a.expected) {
        throw new AmtsklarError('conflict', 'Die Berechnung ergibt inzwischen ein anderes Ergebnis als vorgeschlagen (z. B. nach einem neuen Rechtsstand); bitte die Abhilfe zurückgeben und neu entscheiden.');
      }
      this.requireAbhilfe(c.packId, prior, d);
    }
    this.adopt(c, d, events, actor, true);
    const step = c.state === 'abhilfe_review' ? 'approve_abhilfe' : 'reassess_changed';
    const data = step === 'approve_abhilfe' ? { proposerRole: a.proposerRole } : {};
    this.transition(c, step, actor, events, step === 'reassess_changed' ? o.assessment : null, { objectionId: o.id, previousResultHash: prior?.receipt.resultHash, ...data });
    c.approvals = [...a.approvals, { by: actor.id, name: actor.name, at: now, resultHash: d.receipt.resultHash }];
    c.abhilfe = null;
    c.issuedAt = now;
    c.issuedBy = actor.id;
    c.objectionDue = addOneMonth(isoDate(this.clock.now()));
    o.result = 'changed';
    o.decidedAt = now;
    await this.addDraft(u, c, 'abhilfebescheid', actor, { personal: a.personal, settings: a.settings, objection: o });
    await u.decideObjection(o);
  }

  /** Closes cases whose objection period is over or whose objection was decided (job). */
  async close(municipalityId: string, caseId: string): Promise<CaseRecord | null> {
    const system: Actor = { kind: 'system', id: 'system', name: 'Fristenkontrolle', role: 'system', municipalityId };
    return this.run(async (u, events) => {
      const c = await u.getCase(municipalityId, caseId);
      if (!c || !['issued', 'objection_upheld', 'decision_changed'].includes(c.state)) return null;
      if (c.objectionDue && isoDate(this.clock.now()) <= c.objectionDue) return null;
      const expected = c.version;
      this.transition(c, 'close', system, events, null, {});
      c.closedAt = this.clock.now().toISOString();
      await this.save(u, c, expected);
      return c;
    });
  }

  // ——— helpers ———

  private releaseFor(settings: MunicipalitySettings, packId: string): string {
    try {
      return this.engine.pack(packId, settings.packReleases[packId]).release;
    } catch (e) {
      if (e instanceof AmtsklarError && e.code === 'not_found') {
        throw new AmtsklarError('invalid_input', `Das Regelwerk „${packId}“ gibt es hier nicht.`, [{ path: '$.packId', message: 'unbekanntes Regelwerk' }]);
      }
      throw e;
    }
  }

  private automationAllowed(c: CaseRecord, settings: MunicipalitySettings): boolean {
    const a = settings.automatedDecisions[c.packId];
    if (!a?.enabled || !a.legalBasis) return false;
    const pack = this.engine.pack(c.packId, c.packRelease);
    return !pack.hasDiscretionPoints && Object.keys(c.overrides).length === 0 && Object.keys(c.discretion).length === 0;
  }

  private issueNow(c: CaseRecord, actor: Actor, events: CaseEvent[], data: Record<string, unknown>): void {
    this.transition(c, 'issue', actor, events, null, { ...data, approvers: c.approvals.map((a) => a.name), resultHash: c.decision?.receipt.resultHash });
    c.issuedAt = this.clock.now().toISOString();
    c.issuedBy = actor.kind === 'user' ? actor.id : null;
    c.objectionDue = addOneMonth(isoDate(this.clock.now()));
  }

  /** Runs the engine with the case's human decisions and records the result. */
  private evaluate(c: CaseRecord, personal: PersonalData, events: CaseEvent[], actor: Actor, keepState = false): void {
    this.adopt(c, this.engine.decide(c.packId, c.packRelease, personal.application, { discretion: c.discretion, overrides: c.overrides, trace: true }), events, actor, keepState);
  }

  /** The case takes a decision computed from its own application and human inputs. */
  private adopt(c: CaseRecord, d: DecisionRecord, events: CaseEvent[], actor: Actor, keepState: boolean): void {
    const from = c.state;
    const to = keepState ? from : 'checked';
    if (!keepState && from !== 'checked') checkTransition(from, 'check', { kind: 'system', id: 'system', name: 'Regelwerk', role: 'system', municipalityId: c.municipalityId });
    c.decision = d;
    c.state = to;
    c.approvals = [];
    events.push(this.event(c, keepState ? 'recomputed' : 'checked', from, to, actor, null, checkedData(d)));
  }

  /** After a check: a decided, complete case is handed to the drafting job. */
  private async afterCheck(u: CaseUnitOfWork, c: CaseRecord, personal: PersonalData, _events: CaseEvent[]): Promise<void> {
    if (c.decision?.outcome !== 'decided') return;
    if ((await this.missingItems(u, c, personal)).length > 0) return;
    await u.enqueue({ queue: 'drafting', data: { municipalityId: c.municipalityId, caseId: c.id } });
  }

  private async missingItems(u: CaseUnitOfWork, c: CaseRecord, personal: PersonalData | null): Promise<MissingItem[]> {
    const out: MissingItem[] = (c.decision?.missing ?? []).map((m) => ({ kind: 'input' as const, id: m.input, label: m.question, ...(m.norm ? { norm: m.norm } : {}) }));
    if (!personal) return out;
    const docs = await u.documents(c.id);
    const have = new Set(docs.map((d) => d.checklistId));
    for (const item of this.engine.checklist(c.packId, c.packRelease, personal.application)) {
      if (!have.has(item.id)) out.push({ kind: 'document', id: item.id, label: item.label, norm: item.norm });
    }
    return out;
  }

  private async loadPersonal(u: CaseUnitOfWork, c: CaseRecord): Promise<PersonalData> {
    const p = await u.getPersonal(c.id);
    if (!p) throw new AmtsklarError('conflict', 'Die personenbezogenen Daten dieses Falls sind gelöscht; er kann nicht mehr bearbeitet werden.');
    return p;
  }

  private async addDraft(
    u: CaseUnitOfWork,
    c: CaseRecord,
    kind: Draft['kind'],
    actor: Actor,
    extra: { personal: PersonalData; settings: MunicipalitySettings; missing?: MissingItem[]; deadline?: string; objection?: Objection | null },
  ): Promise<void> {
    if (!c.decision) return;
    const text = this.drafter.draft(kind, { case: c, decision: withTrace(this.engine, { ...c, decision: c.decision }, extra.personal), ...extra });
    await u.addDraft({
      id: randomUUID(),
      caseId: c.id,
      kind,
      text,
      textHash: `sha256:${sha256Hex(text)}`,
      resultHash: c.decision.receipt.resultHash,
      createdBy: actor.kind === 'user' ? actor.id : actor.kind,
      createdAt: this.clock.now().toISOString(),
    });
  }

  private transition(c: CaseRecord, t: Transition, actor: Actor, events: CaseEvent[], reason: string | null, data: Record<string, unknown>): void {
    const from = c.state;
    const to = checkTransition(from, t, actor);
    c.state = to;
    events.push(this.event(c, t, from, to, actor, reason, data));
  }

  private event(c: CaseRecord, type: string, from: CaseState | null, to: CaseState | null, actor: Actor, reason: string | null, data: Record<string, unknown>): CaseEvent {
    return {
      caseId: c.id,
      municipalityId: c.municipalityId,
      type,
      from,
      to,
      actor: { kind: actor.kind, id: actor.id, name: actor.name },
      reason,
      data,
      at: this.clock.now().toISOString(),
    };
  }

  /** Load (scoped to the actor), check the version, change, save, emit. */
  private async mutate(
    actor: Actor,
    caseId: string,
    version: number,
    fn: (u: CaseUnitOfWork, c: CaseRecord, events: CaseEvent[]) => Promise<void>,
  ): Promise<CaseRecord> {
    return this.run(async (u, events) => {
      const c = requireCase(actor, await u.getCase(actor.municipalityId, caseId));
      requireVersion(c, version);
      await fn(u, c, events);
      await this.save(u, c, version);
      return c;
    });
  }

  private async save(u: CaseUnitOfWork, c: CaseRecord, expected: number): Promise<void> {
    c.version = expected + 1;
    c.updatedAt = this.clock.now().toISOString();
    if (!(await u.updateCase(c, expected))) throw staleVersion(expected);
  }

  private async run<T>(fn: (u: CaseUnitOfWork, events: CaseEvent[]) => Promise<T>): Promise<T> {
    const events: CaseEvent[] = [];
    const out = await this.store.unitOfWork(async (u) => {
      const r = await fn(u, events);
      if (events.length > 0) await u.appendEvents(events);
      return r;
    });
    for (const l of this.listeners) await l.onCaseEvents(events);
    return out;
  }
}

/** What a `checked`/`recomputed` event records of a decision: enough for its ledger entry without the case row. */
export function checkedData(d: DecisionRecord): Record<string, unknown> {
  return {
    outcome: d.outcome,
    packVersion: d.packVersion,
    packHash: d.packHash,
    inputHash: d.receipt.inputHash,
    resultHash: d.receipt.resultHash,
    missing: d.missing.map((m) => m.input),
    discretion: d.discretion.map((p) => p.point),
  };
}

const AKTENZEICHEN_PREFIX: Record<string, string> = { wohngeld: 'WG', 'kita-beitrag': 'KB' };

/** `WG-2026-`: the store appends the serial number when it stores the case. */
export function aktenzeichenPrefix(packId: string, year: number): string {
  return `${AKTENZEICHEN_PREFIX[packId] ?? packId.slice(0, 2).toUpperCase()}-${year}-`;
}

function replay(prior: IdempotentAnswer, requestHash: string): { status: number; body: SubmissionReceipt; replayed: boolean } {
  if (prior.requestHash !== requestHash) {
    throw new AmtsklarError('conflict', 'Dieser Idempotenz-Schlüssel wurde bereits für einen anderen Antrag verwendet.', [
      { path: 'Idempotency-Key', message: 'Schlüssel bereits für einen anderen Antrag verwendet.' },
    ]);
  }
  return { status: prior.status, body: prior.response as SubmissionReceipt, replayed: true };
}

/** Over an objection decides a person not involved in the contested decision. */
function requireUninvolved(c: CaseRecord, actor: Actor): void {
  const involved = new Set([...c.approvals.map((a) => a.by), c.issuedBy, c.assignedTo].filter(Boolean));
  if (involved.has(actor.id)) {
    throw new AmtsklarError('forbidden', 'Über einen Widerspruch entscheidet eine Person, die an der angefochtenen Entscheidung nicht beteiligt war.');
  }
}

function requireReason(reason: string): void {
  if (typeof reason !== 'string' || reason.trim().length < 10) {
    throw new AmtsklarError('invalid_input', 'Bitte begründen Sie die Entscheidung schriftlich (mindestens 10 Zeichen).', [{ path: '$.reason', message: 'Begründung fehlt oder ist zu kurz.' }]);
  }
}

/** Four-eyes: a refusal or an overridden value needs two people (municipality settings). */
export function requiredApprovals(c: CaseRecord, s: MunicipalitySettings): number {
  if (s.fourEyes.always) return 2;
  if (s.fourEyes.refusals && isRefusal(c)) return 2;
  if (s.fourEyes.overrides && Object.keys(c.overrides).length > 0) return 2;
  return 1;
}

/**
 * A refusal: the decision states reasons (the decision format gives them for a claim refused or
 * reduced to 0) — unless its outcome is the favourable one its system declares
 * (fairness/outcomes.ts): a Kita fee waived in full states its reason (§ 5 of the statute) and
 * is no refusal.
 */
function isRefusal(c: CaseRecord): boolean {
  const d = c.decision;
  if (!d || d.reasons.length === 0) return false;
  return d.outcome !== 'decided' || favourableOutcome(c.packId, d.values)?.claim !== true;
}

function newAccessCode(): string {
  const bytes = secureRandomBytes(12);
  let s = '';
  for (const b of bytes) s += ACCESS_CODE_ALPHABET[b % ACCESS_CODE_ALPHABET.length];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}
