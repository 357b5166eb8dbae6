// Builds complete governance worlds for the gate and lifecycle tests.
import type { DeployerBundle } from '../bundle.ts';
import { classify, type Answers } from '../classify.ts';
import type { Fria } from '../fria.ts';
import type { EntryGovernanceState, GovernanceWorld } from '../gates.ts';
import { LEARNING_UNITS } from '../literacy/catalogue.ts';
import { scoreQuiz, type CompletionRecord } from '../literacy/quiz.ts';
import type { ObligationRecord } from '../obligations.ts';
import type { ConsultationRecord, StaffCouncilRecord } from '../participation-records.ts';
import { productSystems } from '../product-systems.ts';
import { createEntry, type RegisterEntry, type RegisterEntryContent } from '../register.ts';
import { RULES } from '../rules.ts';
import { defaultSettings } from '../settings.ts';
import { PACKS, PROFILE } from './fixtures.ts';

export const NOW = '2026-11-26T10:00:00Z';

export const OVERSEERS = [
  { personId: 'p-anna', name: 'Anna Berger', role: 'Teamleitung Wohngeld', authority: 'Ergebnisse übersteuern, Funktion anhalten' },
  { personId: 'p-ben', name: 'Ben Yilmaz', role: 'Sachbearbeitung', authority: 'Ergebnisse übersteuern' },
];

/** Passing completions of every unit for a person. */
export function passAll(personId: string, at = '2026-10-01T09:00:00Z'): CompletionRecord[] {
  return LEARNING_UNITS.map((u) => scoreQuiz(u, Object.fromEntries(u.quiz.map((q) => [q.id, q.correct])), personId, at).record);
}

export function entryFrom(id: string, content: RegisterEntryContent, status: RegisterEntry['status'] = 'approved'): RegisterEntry {
  const { entry } = createEntry({ id, kind: 'product', content: { ...content, humanOversight: { ...content.humanOversight, overseers: OVERSEERS } } }, 'admin', '2026-09-01T08:00:00Z');
  return { ...entry, status, firstPublishedAt: '2026-09-15T08:00:00Z', ...(status === 'active' ? { activatedAt: '2026-11-01T08:00:00Z' } : {}) };
}

export function fullFria(systemId: string): Fria {
  return {
    systemId,
    version: 1,
    processes: { description: 'Prüfung von Anträgen auf Hilfe zum Lebensunterhalt; das Modell empfiehlt, die Sachbearbeitung entscheidet.', intendedPurpose: 'Empfehlung zur Anspruchsprüfung' },
    period: { start: '2026-12-01', frequency: 'werktäglich bei jeder Antragsprüfung', expectedCasesPerYear: 4000 },
    affectedGroups: [
      { id: 'antragstellende', name: 'Antragstellende Personen', vulnerable: true },
      { id: 'kinder', name: 'Kinder im Haushalt', vulnerable: true },
    ],
    risks: [
      { id: 'r1', group: 'antragstellende', right: 'Art. 21 GRCh (Nichtdiskriminierung)', description: 'Schlechtere Empfehlungen für Menschen mit Migrationsgeschichte.', likelihood: 'mittel', severity: 'hoch', mitigation: 'Fairness-Bericht vierteljährlich, Gegenproben, Übersteuerung.' },
      { id: 'r2', group: 'kinder', right: 'Art. 24 GRCh (Rechte des Kindes)', description: 'Verzögerte Leistung trifft Kinder.', likelihood: 'niedrig', severity: 'hoch', mitigation: 'Vorrangbearbeitung bei Kindern im Haushalt.' },
    ],
    providerInformationConsidered: 'Betriebsanleitung des Anbieters Abschnitt 4 (Grenzen der Genauigkeit) ausgewertet.',
    oversight: { description: 'Zwei benannte Personen prüfen Stichproben täglich.', overrideProcedure: 'Abweichung mit Begründung im Fall.', stopProcedure: 'Abschalten im Register durch die Teamleitung.', overseerPersonIds: ['p-anna'] },
    measures: { onMaterialisation: 'Aussetzen, Fälle manuell nachprüfen, Betroffene informieren.', governance: 'Amtsleitung entscheidet, DSB wird beteiligt.', complaintMechanism: 'Widerspruch und Beschwerde über das Bürgerportal.', suspensionCriteria: 'Auffälliger Fairness-Bericht oder schwerwiegender Vorfall.' },
    notification: { authority: 'Bundesnetzagentur', notifiedAt: '2026-11-10', reference: 'BNetzA-2026-123' },
    completedAt: '2026-11-05',
    completedBy: 'p-anna',
  };
}

export function fullBundle(systemId: string, withFria: boolean): DeployerBundle {
  return {
    systemId,
    ...(withFria ? { fria: fullFria(systemId) } : {}),
    dpia: { title: 'DSFA Sozialhilfe 2026', ref: 'https://intranet.example/dsfa/42', completedAt: '2026-10-20', summary: 'Risiken durch Pseudonymisierung und Zugriffskonzept beherrscht.' },
    providerInstructions: { title: 'Betriebsanleitung v2', ref: 'dms:BA-2026-7' },
    monitoring: { plan: 'Wöchentliche Auswertung der Übersteuerungen.', providerContact: 'support@anbieter.example', authorityContact: 'ki-aufsicht@bnetza.example' },
    affectedPersonsNotice: { text: 'Bei der Prüfung Ihres Antrags unterstützt ein KI-System die Sachbearbeitung.', channels: ['Bescheid', 'Bürgerportal'], since: '2026-11-01' },
    euDatabase: { providerEntryUrl: 'https://ai-act-db.example.eu/systems/123', registeredAt: '2026-11-12', registrationReference: 'EUDB-DEP-9' },
    incidents: [],
  };
}

export interface Built {
  state: EntryGovernanceState;
  world: GovernanceWorld;
}

/**
 * A world in which every obligation of the entry is met: manual obligations have records
 * with evidence, checked ones have their data (overseers trained, staff council approved,
 * consultation completed, DPIA, FRIA …).
 */
export function readyWorld(entry: RegisterEntry, answers: Answers, reasoning: Record<string, string>, opts: { fria?: boolean } = {}): Built {
  const classification = classify(RULES, { systemId: entry.id, entryVersion: entry.version, entryMaterialHash: entry.materialHash, answers, reasoning, assessor: 'dsb', assessedAt: '2026-09-10T10:00:00Z' });
  const records: ObligationRecord[] = classification.obligations
    .filter((o) => !o.check)
    .map((o) => ({ systemId: entry.id, obligationId: o.id, status: 'met', evidence: [{ title: `Nachweis ${o.id}`, ref: `dms:${o.id}` }], recordedBy: 'p-anna', recordedAt: '2026-11-01T10:00:00Z' }));
  const staffCouncil: StaffCouncilRecord[] = [{ systemId: entry.id, informedAt: '2026-09-20', vote: 'approved', votedAt: '2026-10-15', conditions: [], serviceAgreementRef: 'DV-KI-2026', recordedBy: 'pr-vorsitz', recordedAt: '2026-10-15T12:00:00Z' }];
  const consultations: ConsultationRecord[] = [{ systemId: entry.id, openedAt: '2026-09-15', closesAt: '2026-10-15', closedAt: '2026-10-15', responsePublishedAt: '2026-10-25' }];
  return {
    state: { entry, classification, obligationRecords: records, bundle: fullBundle(entry.id, opts.fria ?? false) },
    world: {
      rules: RULES,
      settings: defaultSettings(RULES),
      staffCouncil,
      consultations,
      completions: OVERSEERS.flatMap((o) => passAll(o.personId)),
      packs: PACKS,
      at: NOW,
    },
  };
}

export function readyProduct(id: string, status: RegisterEntry['status'] = 'active'): Built {
  const p = productSystems(PROFILE, PACKS).find((s) => s.id === id)!;
  return readyWorld(entryFrom(id, p.content, status), p.answers, p.reasoning);
}

/** Merges several built worlds into one (the records are per system). */
export function merge(...built: Built[]): { states: EntryGovernanceState[]; world: GovernanceWorld } {
  const [first] = built;
  return {
    states: built.map((b) => b.state),
    world: {
      ...first!.world,
      staffCouncil: built.flatMap((b) => b.world.staffCouncil),
      consultations: built.flatMap((b) => b.world.consultations),
    },
  };
}
