import { AmtsklarError } from '../common/index.ts';
import type { DeployerBundle } from './bundle.ts';
import { suspendingIncidents } from './bundle.ts';
import { discretionReasons, type CheckContext } from './checks.ts';
import { isClassificationCurrent, type Classification } from './classify.ts';
import { dayOf, germanDate } from './dates.ts';
import type { CompletionRecord } from './literacy/quiz.ts';
import { evaluateObligations, type ObligationRecord, type ObligationStatus } from './obligations.ts';
import { AUTOMATION_BASIS_FOR, type PackGovernanceInfo } from './packs.ts';
import type { ConsultationRecord, StaffCouncilRecord } from './participation-records.ts';
import type { FeatureKey, RegisterEntry } from './register.ts';
import type { Ruleset } from './ruleset.ts';
import type { GovernanceSettings } from './settings.ts';

/** Everything known about one register entry. */
export interface EntryGovernanceState {
  entry: RegisterEntry;
  classification?: Classification;
  obligationRecords: readonly ObligationRecord[];
  bundle: DeployerBundle;
}

/** What holds for the whole municipality at the moment of the decision. */
export interface GovernanceWorld {
  rules: Ruleset;
  settings: GovernanceSettings;
  staffCouncil: readonly StaffCouncilRecord[];
  consultations: readonly ConsultationRecord[];
  completions: readonly CompletionRecord[];
  packs: readonly PackGovernanceInfo[];
  /** ISO timestamp or date of the decision. */
  at: string;
}

export type GateCode =
  | 'no_entry'
  | 'entry_not_active'
  | 'entry_not_approved'
  | 'classification_missing'
  | 'classification_stale'
  | 'prohibited'
  | 'blocked'
  | 'obligation_open'
  | 'incident_open'
  | 'pack_unknown'
  | 'pack_has_discretion'
  | 'automation_legal_basis'
  | 'switched_off';

export interface GateReason {
  code: GateCode;
  entryId?: string;
  obligationId?: string;
  message: string;
  basis?: string[];
}

export interface GateDecision {
  allowed: boolean;
  /** German: what was asked for. */
  subject: string;
  entryIds: string[];
  reasons: GateReason[];
  openObligations: { entryId: string; id: string; title: string; basis: string[] }[];
  /** German summary, one reason per line; empty when allowed. */
  message: string;
  decidedAt: string;
}

export const FEATURE_LABELS: Record<FeatureKey, string> = {
  drafting: 'KI-Entwürfe (Entwurfsassistent)',
  chatbot: 'Chatbot für Bürgerfragen',
  'automated-decisions': 'Vollautomatisierte Bescheide',
};

function contextOf(state: EntryGovernanceState, classification: Classification, world: GovernanceWorld): CheckContext {
  return {
    entry: state.entry,
    classification,
    bundle: state.bundle,
    settings: world.settings,
    staffCouncil: world.staffCouncil,
    consultations: world.consultations,
    completions: world.completions,
    packs: world.packs,
    at: dayOf(world.at),
  };
}

/** The obligations of an entry on the world's day, or undefined when it has no current classification. */
export function obligationStatuses(state: EntryGovernanceState, world: GovernanceWorld): ObligationStatus[] | undefined {
  const c = state.classification;
  if (!c || !isClassificationCurrent(c, state.entry)) return undefined;
  return evaluateObligations(contextOf(state, c, world), state.obligationRecords);
}

/** The reasons an entry may not be (or stay) active, apart from its status. */
function governanceReasons(state: EntryGovernanceState, world: GovernanceWorld): { reasons: GateReason[]; open: ObligationStatus[] } {
  const { entry, classification: c } = state;
  const reasons: GateReason[] = [];
  const name = `„${entry.name}“`;
  if (!c) {
    reasons.push({ code: 'classification_missing', entryId: entry.id, message: `${name} ist nicht nach der KI-Verordnung klassifiziert.` });
    return { reasons, open: [] };
  }
  for (const b of c.blocks) {
    reasons.push({ code: b.id === 'BLOCK-ART5' ? 'prohibited' : 'blocked', entryId: entry.id, message: `${name}: ${b.message}`, basis: b.basis });
  }
  if (!isClassificationCurrent(c, entry)) {
    reasons.push({ code: 'classification_stale', entryId: entry.id, message: `${name} wurde nach der Klassifizierung wesentlich geändert; die Klassifizierung muss erneuert werden.` });
    return { reasons, open: [] };
  }
  if (c.legalVersion !== world.settings.legalVersion || c.rulesetVersion !== world.rules.rulesetVersion) {
    reasons.push({
      code: 'classification_stale',
      entryId: entry.id,
      message: `${name} wurde nach Regelstand ${c.rulesetVersion} und Rechtsfassung ${c.legalVersion} klassifiziert; gültig sind Regelstand ${world.rules.rulesetVersion} und ${world.settings.legalVersion}. Bitte neu klassifizieren.`,
    });
  }
  const open = evaluateObligations(contextOf(state, c, world), state.obligationRecords).filter((o) => o.blocking);
  for (const o of open) {
    const when = o.applicableNow ? '' : ` (rechtlich ab ${germanDate(o.appliesFrom!)}, nach Einstellung der Kommune schon vor der Aktivierung verlangt)`;
    reasons.push({
      code: 'obligation_open',
      entryId: entry.id,
      obligationId: o.id,
      message: `${name}: Pflicht ${o.id} „${o.title}“ (${o.basis.join('; ')}) ist offen${when}: ${o.statusReasons.join(' ')}`,
      basis: o.basis,
    });
  }
  for (const i of suspendingIncidents(state.bundle)) {
    if (!open.some((o) => o.check === 'incident-process')) {
      reasons.push({ code: 'incident_open', entryId: entry.id, message: `${name}: Offener Vorfall ${i.id} vom ${germanDate(i.occurredAt)} setzt die Verwendung aus (Art. 26 Abs. 5 KI-VO).` });
    }
  }
  return { reasons, open };
}

function decision(subject: string, entryIds: string[], reasons: GateReason[], open: { entryId: string; o: ObligationStatus }[], at: string): GateDecision {
  const allowed = reasons.length === 0;
  return {
    allowed,
    subject,
    entryIds,
    reasons,
    openObligations: open.map(({ entryId, o }) => ({ entryId, id: o.id, title: o.title, basis: o.basis })),
    message: allowed ? '' : [`${subject} ist nicht möglich:`, ...reasons.map((r) => `- ${r.message}`)].join('\n'),
    decidedAt: at,
  };
}

/**
 * May the entry go from approved to active? Refuses with every reason: no current
 * classification, a hard block (Art. 5, unlawful automation), open obligations, open incidents.
 */
export function activationCheck(state: EntryGovernanceState, world: GovernanceWorld): GateDecision {
  const reasons: GateReason[] = [];
  if (state.entry.status !== 'approved') {
    reasons.push({ code: 'entry_not_approved', entryId: state.entry.id, message: `„${state.entry.name}“ muss zuerst freigegeben sein (Status: ${statusLabel(state.entry.status)}).` });
  }
  const g = governanceReasons(state, world);
  reasons.push(...g.reasons);
  return decision(`Die Aktivierung von „${state.entry.name}“`, [state.entry.id], reasons, g.open.map((o) => ({ entryId: state.entry.id, o })), world.at);
}

/**
 * May a gated feature be used now? LLM drafting, the chatbot and the automated decisions of a
 * pack run only when every register entry linked to them is active and has no open
 * obligation; automated decisions in addition only for a pack without discretion points and
 * with the legal basis of full automation recorded. Checked on every use, not only when
 * switching on, so an obligation that lapses (an expired literacy record, a lowered log
 * retention, an open incident) stops the feature at once.
 */
export function featureGate(request: { feature: FeatureKey; packId?: string }, states: readonly EntryGovernanceState[], world: GovernanceWorld): GateDecision {
  const label = request.feature === 'automated-decisions' ? `${FEATURE_LABELS[request.feature]} für das Regelwerk „${request.packId ?? '?'}“` : FEATURE_LABELS[request.feature];
  const subject = `Die Funktion „${label}“`;
  const linked = states.filter((s) =>
    s.entry.status !== 'retired' &&
    s.entry.links.features.some((f) => f.feature === request.feature && (request.feature !== 'automated-decisions' || f.packId === request.packId)),
  );
  const reasons: GateReason[] = [];
  const open: { entryId: string; o: ObligationStatus }[] = [];
  if (request.feature === 'automated-decisions' && !request.packId) {
    reasons.push({ code: 'pack_unknown', message: 'Für automatisierte Entscheidungen muss das Regelwerk angegeben sein.' });
  }
  if (linked.length === 0) {
    reasons.push({ code: 'no_entry', message: `Kein Registereintrag ist mit der Funktion „${label}“ verknüpft; ohne Eintrag im KI-Register bleibt sie ausgeschaltet.` });
  }
  for (const s of linked) {
    if (s.entry.status !== 'active') {
      reasons.push({ code: 'entry_not_active', entryId: s.entry.id, message: `Der Registereintrag „${s.entry.name}“ ist nicht aktiv (Status: ${statusLabel(s.entry.status)}).` });
    }
    const g = governanceReasons(s, world);
    reasons.push(...g.reasons);
    open.push(...g.open.map((o) => ({ entryId: s.entry.id, o })));
    if (request.feature === 'automated-decisions' && request.packId) reasons.push(...automationReasons(s, request.packId, world));
  }
  return decision(subject, linked.map((s) => s.entry.id), dedupe(reasons), open, world.at);
}

/** Defence in depth: automation is checked against the pack itself, whatever the obligation records say. */
function automationReasons(s: EntryGovernanceState, packId: string, world: GovernanceWorld): GateReason[] {
  const reasons: GateReason[] = [];
  const pack = world.packs.find((p) => p.id === packId);
  if (!pack) return [{ code: 'pack_unknown', entryId: s.entry.id, message: `Das Regelwerk „${packId}“ ist nicht bekannt.` }];
  for (const m of discretionReasons(pack)) reasons.push({ code: 'pack_has_discretion', entryId: s.entry.id, message: m, basis: ['§ 35a VwVfG', '§ 31a SGB X'] });
  const a = s.entry.automation;
  const expected = AUTOMATION_BASIS_FOR[pack.procedureLaw];
  if (!a || a.packId !== packId) {
    reasons.push({ code: 'automation_legal_basis', entryId: s.entry.id, message: `Für „${packId}“ ist keine Rechtsgrundlage der Vollautomatisierung festgehalten (erwartet: ${expected}).`, basis: [expected] });
  } else if (a.legalBasis !== expected) {
    reasons.push({ code: 'automation_legal_basis', entryId: s.entry.id, message: `Festgehalten ist ${a.legalBasis}, das Regelwerk „${packId}“ verlangt ${expected}.`, basis: [expected] });
  } else if (a.legalBasis === '§ 35a VwVfG' && !a.enablingProvision) {
    reasons.push({ code: 'automation_legal_basis', entryId: s.entry.id, message: '§ 35a VwVfG verlangt eine Rechtsvorschrift, die den vollautomatisierten Erlass zulässt; sie ist nicht festgehalten.', basis: ['§ 35a VwVfG'] });
  }
  if (s.classification && !s.classification.labels.includes('automated-va')) {
    reasons.push({ code: 'automation_legal_basis', entryId: s.entry.id, message: `„${s.entry.name}“ ist nicht als vollautomatisierter Verwaltungsakt klassifiziert (Frage D2: L2 oder L3).` });
  }
  return reasons;
}

function dedupe(reasons: GateReason[]): GateReason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = `${r.code}|${r.entryId ?? ''}|${r.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const STATUS_LABELS: Record<RegisterEntry['status'], string> = {
  draft: 'Entwurf',
  consultation: 'in Beteiligung',
  approved: 'freigegeben',
  active: 'aktiv',
  retired: 'außer Betrieb',
};

function statusLabel(s: RegisterEntry['status']): string {
  return STATUS_LABELS[s];
}

/** The error an adapter raises for a refused gate (HTTP 403, code `gate_closed`). */
export function gateClosed(d: GateDecision): AmtsklarError {
  return new AmtsklarError('gate_closed', d.message, d.reasons.map((r) => ({ path: r.obligationId ? `$.obligations.${r.obligationId}` : `$.${r.code}`, message: r.message })));
}

/** The per-municipality switch of a gated feature. */
export interface FeatureSwitch {
  feature: FeatureKey;
  packId?: string;
  enabled: boolean;
  changedBy: string;
  changedAt: string;
}

function sameFeature(a: { feature: FeatureKey; packId?: string }, b: { feature: FeatureKey; packId?: string }): boolean {
  return a.feature === b.feature && (a.feature !== 'automated-decisions' || a.packId === b.packId);
}

/**
 * Switches a feature on or off. Switching off is always possible; switching on only when the
 * gate allows it, otherwise the German reasons come back as a `gate_closed` error. No role
 * and no parameter can override the gate.
 */
export function switchFeature(
  request: { feature: FeatureKey; packId?: string; enabled: boolean },
  actor: string,
  states: readonly EntryGovernanceState[],
  world: GovernanceWorld,
): { switch: FeatureSwitch; decision: GateDecision | null } {
  const sw: FeatureSwitch = {
    feature: request.feature,
    ...(request.feature === 'automated-decisions' && request.packId ? { packId: request.packId } : {}),
    enabled: request.enabled,
    changedBy: actor,
    changedAt: world.at,
  };
  if (!request.enabled) return { switch: sw, decision: null };
  const d = featureGate(request, states, world);
  if (!d.allowed) throw gateClosed(d);
  return { switch: sw, decision: d };
}

/** At every use: the feature must be switched on and the gate must still allow it. */
export function featureUsable(
  request: { feature: FeatureKey; packId?: string },
  switches: readonly FeatureSwitch[],
  states: readonly EntryGovernanceState[],
  world: GovernanceWorld,
): GateDecision {
  const d = featureGate(request, states, world);
  const sw = [...switches].filter((x) => sameFeature(x, request)).sort((a, b) => (a.changedAt < b.changedAt ? -1 : 1)).at(-1);
  if (sw?.enabled) return d;
  const off: GateReason = { code: 'switched_off', message: `Die Funktion ist für die Kommune ausgeschaltet${sw ? ` (seit ${germanDate(sw.changedAt)})` : ''}.` };
  const reasons = [off, ...d.reasons];
  return { ...d, allowed: false, reasons, message: [`${d.subject} ist nicht möglich:`, ...reasons.map((r) => `- ${r.message}`)].join('\n') };
}
