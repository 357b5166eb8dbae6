import { AmtsklarError } from '../common/index.ts';
import {
  RULES,
  activationCheck,
  classify,
  createEntry,
  defaultSettings,
  emptyBundle,
  featureUsable,
  governanceEvent,
  literacyStatus,
  mayApproveAiAssistedDrafts,
  obligationStatuses,
  scoreQuiz,
  switchFeature,
  transition,
  updateEntry,
  validateIncident,
  incidentUpdateProblems,
  validateObligationRecord,
  validateSettings,
  validateStaffCouncilRecord,
  findUnit,
  type Answers,
  type ConsultationRecord,
  type DeployerBundle,
  type EntryGovernanceState,
  type FeatureKey,
  type GateDecision,
  type GovernanceEventType,
  type GovernanceSettings,
  type GovernanceWorld,
  type IncidentRecord,
  type LiteracyPurpose,
  type ObligationRecord,
  type PackGovernanceInfo,
  type QuizResult,
  type RegisterEntry,
  type RegisterEntryContent,
  type RegisterStatus,
  type Ruleset,
  type StaffCouncilRecord,
  consultationProblems,
  type SystemFigures,
} from '../governance/index.ts';
import type { Db, Sql } from './db.ts';
import * as rows from './governance-rows.ts';
import type { PendingEntry } from './ledger-entries.ts';

/** Who changes something: a staff user (id = user id) or the system. */
export interface GovernanceActor {
  kind: 'user' | 'system';
  id: string;
  role: string;
  name: string;
}

/** The ledger's append API (implemented by store/ledger.ts `Ledger`). */
export interface LedgerAppender {
  append(items: readonly PendingEntry[], tx?: Sql): Promise<{ rejected: { covers: string | null; problem: string }[] }>;
}

export interface GovernanceStoreOptions {
  db: Db;
  ledger: LedgerAppender;
  /** The installed packs as governance sees them (discretion points, procedural law). */
  packs: () => PackGovernanceInfo[];
  now?: () => Date;
  rules?: Ruleset;
}

/** Who knows a system's fairness status for the public page (the fairness capability registers itself). */
export type FairnessStatusSource = (m: string, entry: RegisterEntry) => Promise<SystemFigures['fairness'] | undefined>;

type LedgerTarget = { kind: 'register'; registerId: string } | { kind: 'configuration'; key: string };

const CODE = /^[a-z][a-z0-9_.-]{0,63}$/;
const REF = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,79}$/;

/** Fields of the bundle the API may set; incidents have their own calls. */
export type BundlePatch = Partial<Omit<DeployerBundle, 'systemId' | 'incidents'>>;

/**
 * The register at the edge: reads the facts from the database, lets the governance core
 * decide, and writes every change together with its audit event and its ledger entry in one
 * transaction (a change the ledger refuses is not made).
 */
export class GovernanceStore {
  readonly db: Db;
  readonly rules: Ruleset;
  private readonly ledger: LedgerAppender;
  private readonly packs: () => PackGovernanceInfo[];
  private readonly now: () => Date;
  private fairness: FairnessStatusSource | null = null;

  constructor(o: GovernanceStoreOptions) {
    this.db = o.db;
    this.ledger = o.ledger;
    this.packs = o.packs;
    this.now = o.now ?? (() => new Date());
    this.rules = o.rules ?? RULES;
  }

  /** The fairness monitor tells the public page each system's current status. */
  useFairnessStatus(source: FairnessStatusSource): void {
    this.fairness = source;
  }

  async fairnessStatus(m: string, entry: RegisterEntry): Promise<SystemFigures['fairness'] | undefined> {
    return this.fairness ? this.fairness(m, entry) : undefined;
  }

  // ——— reads ———

  /** The installed packs as governance sees them. */
  installedPacks(): PackGovernanceInfo[] {
    return this.packs();
  }

  async settings(m: string, sql: Sql = this.db): Promise<GovernanceSettings> {
    return (await rows.readSettings(sql, m)) ?? defaultSettings(this.rules);
  }

  async entryRow(m: string, id: string, sql: Sql = this.db): Promise<rows.EntryRow> {
    const row = await rows.readEntry(sql, m, id);
    if (!row) throw notFound(id);
    return row;
  }

  async entries(m: string): Promise<rows.EntryRow[]> {
    return rows.readEntries(this.db, m);
  }

  /** Everything known about every entry of a municipality. */
  async states(m: string, sql: Sql = this.db): Promise<EntryGovernanceState[]> {
    const [entries, classifications, records, bundles] = await Promise.all([
      rows.readEntries(sql, m),
      rows.latestClassifications(sql, m),
      rows.obligationRecords(sql, m),
      rows.bundles(sql, m),
    ]);
    return entries.map(({ entry }) => {
      const c = classifications.get(entry.id);
      return {
        entry,
        ...(c ? { classification: c } : {}),
        obligationRecords: records.filter((r) => r.systemId === entry.id),
        bundle: bundles.get(entry.id)?.bundle ?? emptyBundle(entry.id),
      };
    });
  }

  async state(m: string, id: string, sql: Sql = this.db): Promise<EntryGovernanceState> {
    const s = (await this.states(m, sql)).find((x) => x.entry.id === id);
    if (!s) throw notFound(id);
    return s;
  }

  async world(m: string, sql: Sql = this.db, at = this.now().toISOString()): Promise<GovernanceWorld> {
    const [settings, staffCouncil, consultations, completions] = await Promise.all([
      this.settings(m, sql),
      rows.staffCouncilRecords(sql, m),
      rows.consultationRecords(sql, m),
      rows.completions(sql, m),
    ]);
    return { rules: this.rules, settings, staffCouncil, consultations, completions, packs: this.packs(), at };
  }

  /** An entry with its classification, obligation statuses, bundle, activation check and history. */
  async detail(m: string, id: string) {
    const [state, world, row, events, bundleRow] = await Promise.all([this.state(m, id), this.world(m), this.entryRow(m, id), rows.readEvents(this.db, m, id), rows.readBundle(this.db, m, id)]);
    return {
      entry: state.entry,
      owners: row.owners,
      classification: state.classification ?? null,
      obligations: obligationStatuses(state, world) ?? null,
      bundle: state.bundle,
      bundleVersion: bundleRow?.version ?? 0,
      activation: state.entry.status === 'approved' ? activationCheck(state, world) : null,
      events,
    };
  }

  async events(m: string, entryId?: string) {
    return rows.readEvents(this.db, m, entryId);
  }

  async switches(m: string) {
    return rows.featureSwitches(this.db, m);
  }

  /** The gate at this moment: switched on and every linked entry active with its obligations met. */
  async gate(m: string, request: { feature: FeatureKey; packId?: string }): Promise<GateDecision> {
    const [states, world, switches] = await Promise.all([this.states(m), this.world(m), rows.featureSwitches(this.db, m)]);
    return featureUsable(request, switches, states, world);
  }

  async activation(m: string, id: string): Promise<GateDecision> {
    const [state, world] = await Promise.all([this.state(m, id), this.world(m)]);
    return activationCheck(state, world);
  }

  /**
   * The port drafting declares (src/drafting DraftingGovernance): LLM drafting is allowed
   * only while the feature gate for `drafting` is open.
   */
  draftingGovernance(m: string): { checkDrafting(): Promise<{ allowed: boolean; message: string; entryIds: string[] }> } {
    return {
      checkDrafting: async () => {
        const d = await this.gate(m, { feature: 'drafting' });
        return { allowed: d.allowed, message: d.message, entryIds: d.entryIds };
      },
    };
  }

  async completions(m: string, personId?: string) {
    return rows.completions(this.db, m, personId);
  }

  async literacy(m: string, personId: string, purpose: LiteracyPurpose) {
    return literacyStatus(personId, await rows.completions(this.db, m, personId), purpose, this.now().toISOString());
  }

  /** The approval gate of AI-assisted drafts asks this for the approving person. */
  async mayApproveAiAssistedDrafts(m: string, person: { id: string; name?: string }) {
    return mayApproveAiAssistedDrafts({ ...person, completions: await rows.completions(this.db, m, person.id) }, this.now().toISOString());
  }

  // ——— writes ———

  private async change<T>(
    m: string,
    actor: GovernanceActor,
    fn: (tx: Sql, at: string) => Promise<{ result: T; type: GovernanceEventType; entryId?: string; summary: string; payload: unknown; ledger: LedgerTarget }>,
  ): Promise<T> {
    return this.db.transaction(async (tx) => {
      const at = this.now().toISOString();
      const r = await fn(tx, at);
      const ev = governanceEvent(r.type, actor.id, at, r.payload, r.summary, r.entryId);
      const seq = await rows.insertEvent(tx, m, { type: ev.type, ...(r.entryId ? { entryId: r.entryId } : {}), actorKind: actor.kind, actorId: actor.id, summary: ev.summary, payload: r.payload, payloadHash: ev.payloadHash, at });
      const base = { v: 1 as const, at, municipality: m, actorRole: CODE.test(actor.role) ? actor.role : 'system', actor: REF.test(actor.id) ? actor.id : 'system' };
      const entry: PendingEntry['entry'] =
        r.ledger.kind === 'register'
          ? { ...base, type: 'register_change', registerId: r.ledger.registerId, contentHash: ev.payloadHash }
          : { ...base, type: 'configuration_change', key: r.ledger.key, valueHash: ev.payloadHash };
      const out = await this.ledger.append([{ entry, meta: { entryType: entry.type, caseId: null, covers: `governance:${seq}` } }], tx);
      if (out.rejected.length > 0) throw new Error(`Protokolleintrag abgelehnt: ${out.rejected.map((x) => x.problem).join('; ')}`);
      return r.result;
    });
  }

  private async editable(tx: Sql, m: string, id: string, actor: GovernanceActor, expectedVersion?: number): Promise<rows.EntryRow> {
    const row = await rows.readEntry(tx, m, id, true);
    if (!row) throw notFound(id);
    if (actor.role !== 'admin' && !row.owners.includes(actor.id)) {
      throw new AmtsklarError('forbidden', `Nur die Administration und die Verantwortlichen des Eintrags „${row.entry.name}“ dürfen ihn ändern.`);
    }
    if (expectedVersion !== undefined && row.entry.version !== expectedVersion) {
      throw new AmtsklarError('conflict', `Der Eintrag wurde inzwischen geändert (jetzt Version ${row.entry.version}). Bitte neu laden.`, [{ path: '$.version', message: `erwartet ${row.entry.version}` }]);
    }
    return row;
  }

  async createEntry(m: string, actor: GovernanceActor, input: { id: string; kind: 'product' | 'external'; content: RegisterEntryContent }): Promise<RegisterEntry> {
    return this.change(m, actor, async (tx, at) => {
      if (await rows.readEntry(tx, m, input.id)) throw new AmtsklarError('conflict', `Einen Eintrag „${input.id}“ gibt es schon.`, [{ path: '$.id', message: 'bereits vergeben' }]);
      const { entry, history } = createEntry(input, actor.id, at);
      await rows.insertEntry(tx, m, entry);
      return { result: entry, type: 'register.created', entryId: entry.id, summary: `Registereintrag „${entry.name}“ angelegt`, payload: { entry, history }, ledger: { kind: 'register', registerId: entry.id } };
    });
  }

  async updateEntry(m: string, actor: GovernanceActor, id: string, version: number, patch: Partial<RegisterEntryContent>): Promise<RegisterEntry> {
    return this.change(m, actor, async (tx, at) => {
      const row = await this.editable(tx, m, id, actor, version);
      const { entry, history } = updateEntry(row.entry, patch, actor.id, at);
      await rows.writeEntry(tx, m, entry);
      return { result: entry, type: 'register.updated', entryId: id, summary: `Registereintrag geändert: ${history.changedFields.join(', ') || 'keine Felder'}${history.material ? ' (wesentlich)' : ''}`, payload: { patch, history }, ledger: { kind: 'register', registerId: id } };
    });
  }

  async setOwners(m: string, actor: GovernanceActor, id: string, owners: string[], staffIds: ReadonlySet<string>): Promise<string[]> {
    return this.change(m, actor, async (tx) => {
      if (actor.role !== 'admin') throw new AmtsklarError('forbidden', 'Nur die Administration legt die Verantwortlichen fest.');
      if (!(await rows.readEntry(tx, m, id, true))) throw notFound(id);
      const unknown = owners.map((o, i) => ({ o, i })).filter(({ o }) => !staffIds.has(o));
      if (unknown.length > 0) throw new AmtsklarError('invalid_input', 'Unbekannte Benutzerkonten.', unknown.map(({ i }) => ({ path: `$.owners[${i}]`, message: 'Kein aktives Konto dieser Gemeinde.' })));
      const unique = [...new Set(owners)];
      await rows.writeOwners(tx, m, id, unique);
      return { result: unique, type: 'register.updated', entryId: id, summary: `Verantwortliche festgelegt (${unique.length})`, payload: { owners: unique }, ledger: { kind: 'register', registerId: `${id}:owners` } };
    });
  }

  async classify(m: string, actor: GovernanceActor, id: string, input: { answers: Answers; reasoning?: Record<string, string>; legalVersion?: string }) {
    return this.change(m, actor, async (tx, at) => {
      const row = await this.editable(tx, m, id, actor);
      const settings = await this.settings(m, tx);
      const c = classify(this.rules, {
        systemId: id,
        entryVersion: row.entry.version,
        entryMaterialHash: row.entry.materialHash,
        answers: input.answers,
        reasoning: input.reasoning ?? {},
        legalVersion: input.legalVersion ?? settings.legalVersion,
        assessor: actor.id,
        assessedAt: at,
      });
      // Art. 5 KI-VO: once a system was found to be a prohibited practice (social scoring …), no
      // later answers make it activatable — a different system needs an entry of its own
      const prior = (await rows.latestClassifications(tx, m)).get(id);
      if (prior?.riskClass === 'prohibited' && c.riskClass !== 'prohibited') {
        throw new AmtsklarError(
          'forbidden',
          'Diese Anwendung ist als verbotene Praxis nach Art. 5 KI-VO eingestuft; eine Umstufung ist ausgeschlossen. Ein anderes Vorhaben braucht einen eigenen Eintrag mit eigener Beschreibung.',
          [{ path: '$.answers', message: 'Umstufung einer verbotenen Praxis' }],
        );
      }
      // found prohibited while in use or on its way: it stops at once
      if (c.riskClass === 'prohibited' && row.entry.status !== 'draft' && row.entry.status !== 'retired') {
        const from = row.entry.status;
        const version = row.entry.version + 1;
        const stopped = {
          ...row.entry,
          status: 'draft' as const,
          version,
          history: [...row.entry.history, { version, at, by: actor.id, action: 'status-changed' as const, changedFields: ['status'], material: false, from, to: 'draft' as const, reason: 'Als verbotene Praxis (Art. 5 KI-VO) eingestuft', contentHash: row.entry.history[row.entry.history.length - 1]?.contentHash ?? '' }],
        };
        await rows.writeEntry(tx, m, stopped);
        c.entryVersion = version; // the classification stays current for the stopped entry
      }
      await rows.insertClassification(tx, m, c, actor.id);
      return { result: c, type: 'classification.recorded', entryId: id, summary: `Klassifizierung: ${c.riskClassLabel}`, payload: c, ledger: { kind: 'register', registerId: `${id}:classification` } };
    });
  }

  async recordObligation(m: string, actor: GovernanceActor, id: string, input: Omit<ObligationRecord, 'systemId' | 'recordedBy' | 'recordedAt'>): Promise<ObligationRecord> {
    return this.change(m, actor, async (tx, at) => {
      await this.editable(tx, m, id, actor);
      const c = (await rows.latestClassifications(tx, m)).get(id);
      if (!c) throw new AmtsklarError('conflict', 'Der Eintrag ist noch nicht klassifiziert; es gibt keine Pflichten.', [{ path: '$.classification', message: 'fehlt' }]);
      const record = validateObligationRecord({ ...input, systemId: id, recordedBy: actor.id, recordedAt: at }, c);
      await rows.insertObligationRecord(tx, m, record);
      return { result: record, type: 'obligation.recorded', entryId: id, summary: `Pflicht ${record.obligationId}: ${record.status}`, payload: record, ledger: { kind: 'register', registerId: `${id}:obligation` } };
    });
  }

  async saveBundle(m: string, actor: GovernanceActor, id: string, version: number, patch: BundlePatch): Promise<{ bundle: DeployerBundle; version: number }> {
    return this.change(m, actor, async (tx) => {
      await this.editable(tx, m, id, actor);
      const current = (await rows.readBundle(tx, m, id, true)) ?? { bundle: emptyBundle(id), version: 0 };
      if (current.version !== version) {
        throw new AmtsklarError('conflict', `Die Unterlagen wurden inzwischen geändert (jetzt Version ${current.version}). Bitte neu laden.`, [{ path: '$.version', message: `erwartet ${current.version}` }]);
      }
      const next: DeployerBundle = { ...current.bundle, systemId: id };
      for (const [k, v] of Object.entries(patch) as [keyof BundlePatch, unknown][]) {
        if (v === null) delete next[k];
        else (next as unknown as Record<string, unknown>)[k] = v;
      }
      if (next.fria) {
        if (next.fria.systemId !== undefined && next.fria.systemId !== id) throw new AmtsklarError('invalid_input', 'Die Folgenabschätzung gehört zu einem anderen Eintrag.', [{ path: '$.fria.systemId', message: `erwartet „${id}“` }]);
        next.fria = { ...next.fria, systemId: id };
      }
      await rows.writeBundle(tx, m, next, current.version + 1);
      return { result: { bundle: next, version: current.version + 1 }, type: 'bundle.changed', entryId: id, summary: `Betreiberunterlagen geändert: ${Object.keys(patch).join(', ')}`, payload: patch, ledger: { kind: 'register', registerId: `${id}:bundle` } };
    });
  }

  async recordIncident(m: string, actor: GovernanceActor, id: string, incident: Omit<IncidentRecord, 'recordedAt' | 'recordedBy'>): Promise<IncidentRecord> {
    return this.change(m, actor, async (tx, at) => {
      await this.editable(tx, m, id, actor);
      const current = (await rows.readBundle(tx, m, id, true)) ?? { bundle: emptyBundle(id), version: 0 };
      const i = validateIncident({ ...incident, recordedAt: at, recordedBy: actor.id });
      const before = current.bundle.incidents.find((x) => x.id === i.id);
      if (before?.status === 'resolved') {
        throw new AmtsklarError('conflict', `Der Vorfall ${i.id} ist bereits erledigt.`, [{ path: '$.id', message: 'erledigt' }]);
      }
      const rewritten = before ? incidentUpdateProblems(before, i) : [];
      if (rewritten.length > 0) throw new AmtsklarError('conflict', `Der Vorfall ${i.id} ist schon festgehalten: ${rewritten[0]!.message}`, rewritten);
      const others = current.bundle.incidents.filter((x) => x.id !== i.id);
      await rows.writeBundle(tx, m, { ...current.bundle, systemId: id, incidents: [...others, i] }, current.version + 1);
      return { result: i, type: 'incident.recorded', entryId: id, summary: `Vorfall ${i.id}: ${i.status === 'open' ? 'offen' : 'erledigt'}${i.serious ? ' (schwerwiegend)' : ''}`, payload: i, ledger: { kind: 'register', registerId: `${id}:incident` } };
    });
  }

  async transition(m: string, actor: GovernanceActor, id: string, version: number, to: RegisterStatus, reason?: string): Promise<RegisterEntry> {
    return this.change(m, actor, async (tx, at) => {
      const row = await this.editable(tx, m, id, actor, version);
      const ownerMay: RegisterStatus[] = ['consultation', 'draft'];
      if (actor.role !== 'admin' && !(ownerMay.includes(to) || (row.entry.status === 'active' && to === 'approved'))) {
        throw new AmtsklarError('forbidden', 'Freigeben, Aktivieren und außer Betrieb nehmen darf nur die Administration; Verantwortliche können einreichen, zurückziehen und aussetzen.');
      }
      const state = await this.state(m, id, tx);
      const world = await this.world(m, tx, at);
      const { entry, history } = transition(state, { to, actor: actor.id, at, ...(reason ? { reason } : {}) }, world);
      await rows.writeEntry(tx, m, entry);
      return { result: entry, type: 'register.status-changed', entryId: id, summary: `Status: ${history.from} → ${history.to}`, payload: history, ledger: { kind: 'register', registerId: id } };
    });
  }

  async putSettings(m: string, actor: GovernanceActor, raw: unknown): Promise<GovernanceSettings> {
    return this.change(m, actor, async (tx) => {
      const s = validateSettings(raw, this.rules);
      await rows.writeSettings(tx, m, s);
      return { result: s, type: 'settings.changed', summary: `Einstellungen: Rechtsfassung ${s.legalVersion}, Aufbewahrung ${s.aiLogRetentionMonths} Monate`, payload: s, ledger: { kind: 'configuration', key: 'governance.settings' } };
    });
  }

  async switchFeature(m: string, actor: GovernanceActor, request: { feature: FeatureKey; packId?: string; enabled: boolean }) {
    return this.change(m, actor, async (tx, at) => {
      const states = await this.states(m, tx);
      const world = await this.world(m, tx, at);
      const { switch: sw, decision } = switchFeature(request, actor.id, states, world);
      await rows.insertFeatureSwitch(tx, m, sw);
      return { result: { switch: sw, decision }, type: 'feature.switched', summary: `Funktion ${sw.feature}${sw.packId ? ` (${sw.packId})` : ''} ${sw.enabled ? 'eingeschaltet' : 'ausgeschaltet'}`, payload: sw, ledger: { kind: 'configuration', key: 'governance.feature' } };
    });
  }

  async recordQuiz(m: string, actor: GovernanceActor, unitId: string, answers: Record<string, string[]>): Promise<QuizResult> {
    const unit = findUnit(unitId);
    if (!unit) throw new AmtsklarError('not_found', `Die Lerneinheit „${unitId}“ gibt es nicht.`);
    return this.change(m, actor, async (tx, at) => {
      const result = scoreQuiz(unit, answers, actor.id, at);
      await rows.insertCompletion(tx, m, result.record);
      return { result, type: 'literacy.completed', summary: `Lerneinheit ${unit.id} ${result.record.passed ? 'bestanden' : 'nicht bestanden'} (${result.record.correct}/${result.record.total})`, payload: result.record, ledger: { kind: 'configuration', key: 'governance.literacy' } };
    });
  }

  /** Written by the participation capability (staff-council procedure) or the governance API. */
  async recordStaffCouncilVote(m: string, actor: GovernanceActor, input: Omit<StaffCouncilRecord, 'recordedBy' | 'recordedAt'>): Promise<StaffCouncilRecord> {
    return this.change(m, actor, async (tx, at) => {
      if (!(await rows.readEntry(tx, m, input.systemId))) throw notFound(input.systemId);
      // a vote is recorded after it happened: a date in the future would open the activation gate early
      const today = at.slice(0, 10);
      const problems: { path: string; message: string }[] = [];
      if (input.informedAt > today) problems.push({ path: '$.informedAt', message: 'Die Unterrichtung liegt in der Zukunft.' });
      if (input.votedAt !== undefined && input.votedAt > today) problems.push({ path: '$.votedAt', message: 'Der Beschluss liegt in der Zukunft.' });
      if (input.votedAt !== undefined && input.votedAt < input.informedAt) problems.push({ path: '$.votedAt', message: 'Der Beschluss liegt vor der Unterrichtung.' });
      if (problems.length > 0) throw new AmtsklarError('invalid_input', 'Der Beschluss der Personalvertretung ist widersprüchlich.', problems);
      const r = validateStaffCouncilRecord({ ...input, recordedBy: actor.id, recordedAt: at });
      await rows.insertStaffCouncilRecord(tx, m, r);
      return { result: r, type: 'register.updated', entryId: r.systemId, summary: `Personalvertretung: ${r.vote}`, payload: r, ledger: { kind: 'register', registerId: `${r.systemId}:staff-council` } };
    });
  }

  async recordConsultation(m: string, actor: GovernanceActor, input: ConsultationRecord): Promise<ConsultationRecord> {
    return this.change(m, actor, async (tx) => {
      if (!(await rows.readEntry(tx, m, input.systemId))) throw notFound(input.systemId);
      const problems = consultationProblems(input);
      if (problems.length > 0) throw new AmtsklarError('invalid_input', 'Die Beteiligung ist widersprüchlich.', problems);
      await rows.upsertConsultation(tx, m, input);
      return { result: input, type: 'register.updated', entryId: input.systemId, summary: `Beteiligung ab ${input.openedAt}${input.closedAt ? ', abgeschlossen' : ''}`, payload: input, ledger: { kind: 'register', registerId: `${input.systemId}:consultation` } };
    });
  }
}

function notFound(id: string): AmtsklarError {
  return new AmtsklarError('not_found', `Den Registereintrag „${id}“ gibt es nicht.`);
}
