import { describe, expect, it } from 'vitest';
import { AmtsklarError } from '../common/index.ts';
import type { CheckContext } from './checks.ts';
import { classify } from './classify.ts';
import { activationCheck, featureGate, featureUsable, switchFeature, type EntryGovernanceState, type GovernanceWorld } from './gates.ts';
import { transition } from './lifecycle.ts';
import { validateObligationRecord } from './obligations.ts';
import { RULES } from './rules.ts';
import { AI_DEFAULTS } from './test-support/fixtures.ts';
import { NOW, entryFrom, merge, readyProduct, readyWorld, type Built } from './test-support/world.ts';
import { productSystems } from './product-systems.ts';
import { PACKS, PROFILE } from './test-support/fixtures.ts';

type Breaker = (b: Built) => Built;

/** How to make each automatic check fail, to prove each obligation alone closes the gate. */
const BREAK_CHECK: Record<string, Breaker> = {
  'register-entry-complete': (b) => ({ ...b, state: { ...b.state, entry: { ...b.state.entry, contact: { email: 'keine-adresse' } } } }),
  'overseers-literate': (b) => ({ ...b, world: { ...b.world, completions: [] } }),
  'overseers-competent': (b) => ({ ...b, world: { ...b.world, completions: b.world.completions.filter((c) => c.personId !== 'p-ben') } }),
  'dpia-linked': (b) => ({ ...b, state: { ...b.state, bundle: { ...b.state.bundle, dpia: undefined } } }),
  'staff-council-approved': (b) => ({ ...b, world: { ...b.world, staffCouncil: b.world.staffCouncil.map((r) => ({ ...r, vote: 'pending' as const, votedAt: undefined })) } }),
  'staff-council-informed': (b) => ({ ...b, world: { ...b.world, staffCouncil: [] } }),
  'consultation-completed': (b) => ({ ...b, world: { ...b.world, consultations: b.world.consultations.map((c) => ({ ...c, responsePublishedAt: undefined })) } }),
  'automation-legal-basis': (b) => ({ ...b, state: { ...b.state, entry: { ...b.state.entry, automation: { ...b.state.entry.automation!, legalBasis: '§ 35a VwVfG' } } } }),
  'provider-instructions': (b) => ({ ...b, state: { ...b.state, bundle: { ...b.state.bundle, providerInstructions: undefined } } }),
  'incident-process': (b) => ({ ...b, state: { ...b.state, bundle: { ...b.state.bundle, monitoring: undefined } } }),
  'log-retention': (b) => ({ ...b, world: { ...b.world, settings: { ...b.world.settings, aiLogRetentionMonths: 5 } } }),
  'eu-db-registered': (b) => ({ ...b, state: { ...b.state, bundle: { ...b.state.bundle, euDatabase: { providerEntryUrl: '' } } } }),
  'affected-informed': (b) => ({ ...b, state: { ...b.state, bundle: { ...b.state.bundle, affectedPersonsNotice: undefined } } }),
  'fria-complete': (b) => ({ ...b, state: { ...b.state, bundle: { ...b.state.bundle, fria: { ...b.state.bundle.fria!, notification: undefined } } } }),
};

function breakObligation(b: Built, id: string): Built {
  const o = b.state.classification!.obligations.find((x) => x.id === id)!;
  if (!o.check) return { ...b, state: { ...b.state, obligationRecords: b.state.obligationRecords.filter((r) => r.obligationId !== id) } };
  const breaker = BREAK_CHECK[o.check];
  if (!breaker) throw new Error(`kein Testfall für die Prüfung ${o.check}`);
  return breaker(b);
}

/** Every blocking obligation except the Art. 5 screening, which only a prohibited answer can fail. */
function blockingObligations(b: Built): string[] {
  return b.state.classification!.obligations.filter((o) => o.blocksActivation && o.check !== 'art5-screened').map((o) => o.id);
}

function gate(b: Built, feature: Parameters<typeof featureGate>[0]) {
  return featureGate(feature, [b.state], b.world);
}

/** Something that is fine today and lapses on its own later, per feature. */
const literacyLapse = { at: '2028-10-02T10:00:00Z', before: '2028-09-30T10:00:00Z', change: (b: Built) => b, message: /länger als 24 Monate/ };
const staffCouncilRevoked = {
  at: '2026-12-02T10:00:00Z',
  before: '2026-11-30T10:00:00Z',
  change: (b: Built): Built => ({ ...b, world: { ...b.world, staffCouncil: [...b.world.staffCouncil, { ...b.world.staffCouncil[0]!, vote: 'rejected' as const, votedAt: '2026-12-01', recordedAt: '2026-12-01T15:00:00Z' }] } }),
  message: /Zustimmung verweigert/,
};

const FEATURES = [
  { product: 'entwurfsassistent', feature: { feature: 'drafting' as const }, lapse: literacyLapse },
  { product: 'buerger-chatbot', feature: { feature: 'chatbot' as const }, lapse: literacyLapse },
  { product: 'wohngeld-vollautomatisiert', feature: { feature: 'automated-decisions' as const, packId: 'wohngeld' }, lapse: staffCouncilRevoked },
];

describe.each(FEATURES)('gate for $feature.feature', ({ product, feature, lapse }) => {
  it('opens when the linked entry is active and every obligation is met', () => {
    const d = gate(readyProduct(product), feature);
    expect(d.reasons).toEqual([]);
    expect(d.allowed).toBe(true);
  });

  it('stays closed without a register entry', () => {
    const b = readyProduct('fairness-monitoring');
    const d = gate(b, feature);
    expect(d.allowed).toBe(false);
    expect(d.reasons[0]!.code).toBe('no_entry');
  });

  it.each(['draft', 'consultation', 'approved'] as const)('refuses while the entry is %s', (status) => {
    const d = gate(readyProduct(product, status), feature);
    expect(d.allowed).toBe(false);
    expect(d.reasons.map((r) => r.code)).toContain('entry_not_active');
    expect(d.message).toMatch(/nicht aktiv/);
  });

  it('refuses while any single obligation is open, naming it in German', () => {
    const ready = readyProduct(product);
    const ids = blockingObligations(ready);
    expect(ids.length).toBeGreaterThan(4);
    for (const id of ids) {
      const d = gate(breakObligation(ready, id), feature);
      expect(d.allowed, `Pflicht ${id}`).toBe(false);
      expect(d.openObligations.map((o) => o.id), `Pflicht ${id}`).toContain(id);
      expect(d.message).toContain(`Pflicht ${id}`);
    }
  });

  it('refuses when the entry was changed materially after classification', () => {
    const b = readyProduct(product);
    const stale = { ...b, state: { ...b.state, entry: { ...b.state.entry, materialHash: 'sha256:anders' } } };
    expect(gate(stale, feature).reasons.map((r) => r.code)).toContain('classification_stale');
  });

  it('stops at once when an obligation lapses later (expired literacy, revoked staff-council consent)', () => {
    const b = lapse.change(readyProduct(product));
    expect(gate({ ...b, world: { ...b.world, at: lapse.before } }, feature).allowed).toBe(true);
    const later = gate({ ...b, world: { ...b.world, at: lapse.at } }, feature);
    expect(later.allowed).toBe(false);
    expect(later.message).toMatch(lapse.message);
  });

  it('refuses while an incident suspends the use', () => {
    const b = readyProduct(product);
    const incident = { id: 'v-1', occurredAt: '2026-11-20', recordedAt: '2026-11-20T09:00:00Z', recordedBy: 'p-anna', description: 'Falsche Beträge im Entwurf', serious: false, reportedTo: ['provider' as const], suspendsUse: true, status: 'open' as const };
    const d = gate({ ...b, state: { ...b.state, bundle: { ...b.state.bundle, incidents: [incident] } } }, feature);
    expect(d.reasons.map((r) => r.code)).toContain('incident_open');
  });
});

describe('automated decisions', () => {
  it('refuses a pack with discretion points, whatever the records say', () => {
    const b = readyProduct('wohngeld-vollautomatisiert');
    const packs = PACKS.map((p) => (p.id === 'wohngeld' ? { ...p, discretionPoints: [{ id: 'bewilligungszeitraum', norm: '§ 25 Abs. 1 WoGG' }] } : p));
    const d = gate({ ...b, world: { ...b.world, packs } }, { feature: 'automated-decisions', packId: 'wohngeld' });
    expect(d.allowed).toBe(false);
    expect(d.reasons.map((r) => r.code)).toContain('pack_has_discretion');
    expect(d.message).toContain('§ 25 Abs. 1 WoGG');
  });

  it('refuses the Kita pack: its hardship rule is discretion, so the entry is blocked from the start', () => {
    const b = readyProduct('kita-beitrag-vollautomatisiert');
    const d = gate(b, { feature: 'automated-decisions', packId: 'kita-beitrag' });
    expect(d.allowed).toBe(false);
    expect(d.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['blocked', 'pack_has_discretion']));
    expect(() => transition({ ...b.state, entry: { ...b.state.entry, status: 'draft' } }, { to: 'consultation', actor: 'admin', at: NOW }, b.world)).toThrow(/kann nicht/);
  });

  it('refuses without the legal basis recorded, and for another pack than the one linked', () => {
    const b = readyProduct('wohngeld-vollautomatisiert');
    const { automation: _, ...noAutomation } = b.state.entry;
    const d = gate({ ...b, state: { ...b.state, entry: noAutomation } }, { feature: 'automated-decisions', packId: 'wohngeld' });
    expect(d.reasons.map((r) => r.code)).toContain('automation_legal_basis');
    expect(gate(b, { feature: 'automated-decisions', packId: 'kita-beitrag' }).reasons[0]!.code).toBe('no_entry');
  });
});

describe('social scoring', () => {
  const scoring = (): Built => {
    const p = productSystems(PROFILE, PACKS).find((s) => s.id === 'buerger-chatbot')!;
    const entry = entryFrom('buergerscore', { ...p.content, name: 'Bürgerscore', links: { packs: [], features: [{ feature: 'chatbot' }] } }, 'approved');
    return readyWorld(entry, { ...AI_DEFAULTS, S1: 'expert-weighted-score', R1: 'in-house', P1: ['c-social-scoring'], G1: 'personal' }, {});
  };

  it('can never be activated, whoever asks and whatever is recorded', () => {
    const b = scoring();
    const a = activationCheck(b.state, b.world);
    expect(a.allowed).toBe(false);
    expect(a.reasons.map((r) => r.code)).toContain('prohibited');
    expect(() => transition(b.state, { to: 'active', actor: 'oberbuergermeisterin', at: NOW }, b.world)).toThrow(AmtsklarError);
    // even forced into "active" by editing the store, every use is refused
    const forced = { ...b, state: { ...b.state, entry: { ...b.state.entry, status: 'active' as const } } };
    const d = gate(forced, { feature: 'chatbot' });
    expect(d.allowed).toBe(false);
    expect(d.message).toMatch(/Art\. 5 KI-VO/);
    expect(() => switchFeature({ feature: 'chatbot', enabled: true }, 'admin', [forced.state], forced.world)).toThrow(/Art\. 5/);
  });

  it('never leaves draft: going into consultation is refused as a closed gate', () => {
    const b = scoring();
    try {
      transition({ ...b.state, entry: { ...b.state.entry, status: 'draft' } }, { to: 'consultation', actor: 'admin', at: NOW }, b.world);
      expect.fail('must refuse');
    } catch (e) {
      expect((e as AmtsklarError).code).toBe('gate_closed');
    }
  });

  it('cannot have its Art. 5 screening marked as met by hand', () => {
    const b = scoring();
    try {
      validateObligationRecord({ systemId: 'buergerscore', obligationId: 'PRO-1', status: 'met', evidence: [{ title: 'x', ref: 'y' }], recordedBy: 'admin', recordedAt: NOW }, b.state.classification!);
      expect.fail('must refuse');
    } catch (e) {
      expect((e as AmtsklarError).problems[0]).toMatchObject({ path: '$.obligationId', message: expect.stringMatching(/automatisch geprüft/) });
    }
  });
});

describe('high-risk activation', () => {
  const highRisk = (): Built => {
    const p = productSystems(PROFILE, PACKS).find((s) => s.id === 'wohngeld-regelwerk')!;
    const entry = entryFrom('sozialhilfe-ml', { ...p.content, name: 'Sozialhilfe-Empfehlung', algorithmType: 'self-learning', data: { ...p.content.data, trainingData: 'Historische Bescheide 2019–2024 des Anbieters.' }, provider: { name: 'Anbieter GmbH', inHouse: false, euDatabaseUrl: 'https://ai-act-db.example.eu/systems/123' } }, 'approved');
    const answers = { ...AI_DEFAULTS, H1: ['5a-public-benefits'], H2: 'no', H3: 'none', G5: 'no', D1: 'yes', D2: 'L1', D3: 'va-sgb-x', G1: 'personal', G2: 'yes', G3: 'yes', G4: 'yes' };
    return readyWorld(entry, answers, {}, { fria: true });
  };

  it('activates when the deployer bundle is complete', () => {
    const b = highRisk();
    expect(activationCheck(b.state, b.world).reasons).toEqual([]);
    const { entry } = transition(b.state, { to: 'active', actor: 'amtsleitung', at: NOW }, b.world);
    expect(entry.status).toBe('active');
    expect(entry.activatedAt).toBe(NOW);
  });

  it('refuses activation for each open obligation of the deployer bundle', () => {
    const ready = highRisk();
    const ids = blockingObligations(ready);
    expect(ids).toEqual(expect.arrayContaining(['HD-FRIA', 'HD-2', 'HD-6', 'HD-REG', 'HD-11', 'HD-7', 'DE-PV']));
    for (const id of ids) {
      const broken = breakObligation(ready, id);
      const d = activationCheck(broken.state, broken.world);
      expect(d.allowed, id).toBe(false);
      expect(d.openObligations.map((o) => o.id), id).toContain(id);
    }
  });

  it('follows the legal dates when the municipality does not anticipate them', () => {
    const b = highRisk();
    const noFria = breakObligation(b, 'HD-FRIA');
    const lenient = (at: string): GovernanceWorld => ({ ...noFria.world, settings: { ...noFria.world.settings, anticipateObligations: false }, at });
    expect(activationCheck(noFria.state, lenient('2027-12-01T12:00:00Z')).allowed).toBe(true);
    const due = activationCheck(noFria.state, lenient('2027-12-02T08:00:00Z'));
    expect(due.allowed).toBe(false);
    expect(due.openObligations.map((o) => o.id)).toContain('HD-FRIA');
    // the product default anticipates: refused already today, with the legal date named
    const strict = activationCheck(noFria.state, noFria.world);
    expect(strict.message).toMatch(/rechtlich ab 02\.12\.2027/);
  });

  it('refuses with a log retention under six months and an unregistered provider system', () => {
    const b = highRisk();
    const short = activationCheck(b.state, { ...b.world, settings: { ...b.world.settings, aiLogRetentionMonths: 3 } });
    expect(short.openObligations.map((o) => o.id)).toContain('HD-6');
    const unregistered = breakObligation(b, 'HD-REG');
    expect(activationCheck(unregistered.state, unregistered.world).message).toMatch(/nicht registriertes System darf nicht verwendet werden/);
  });
});

describe('feature switches', () => {
  it('switching on runs the gate; switching off always works; every use checks again', () => {
    const b = readyProduct('entwurfsassistent');
    const states: EntryGovernanceState[] = [b.state];
    const on = switchFeature({ feature: 'drafting', enabled: true }, 'admin', states, b.world);
    expect(on.switch.enabled).toBe(true);
    expect(featureUsable({ feature: 'drafting' }, [on.switch], states, b.world).allowed).toBe(true);
    const off = switchFeature({ feature: 'drafting', enabled: false }, 'admin', states, { ...b.world, at: '2026-11-27T10:00:00Z' });
    const d = featureUsable({ feature: 'drafting' }, [on.switch, off.switch], states, b.world);
    expect(d.allowed).toBe(false);
    expect(d.reasons[0]!.code).toBe('switched_off');
    const draft = readyProduct('entwurfsassistent', 'draft');
    expect(() => switchFeature({ feature: 'drafting', enabled: true }, 'admin', [draft.state], draft.world)).toThrow(/nicht aktiv/);
  });

  it('with several linked entries every one must pass', () => {
    const { states, world } = merge(readyProduct('entwurfsassistent'), readyProduct('buerger-chatbot'));
    const second = { ...states[1]!, entry: { ...states[1]!.entry, id: 'entwurf-2', status: 'draft' as const, links: { packs: [], features: [{ feature: 'drafting' as const }] } } };
    const d = featureGate({ feature: 'drafting' }, [states[0]!, second], world);
    expect(d.allowed).toBe(false);
    expect(d.entryIds).toEqual(['entwurfsassistent', 'entwurf-2']);
  });

  it('the automatic checks see everything through one context', () => {
    const b = readyProduct('entwurfsassistent');
    const ctx: CheckContext = { entry: b.state.entry, classification: classify(RULES, { systemId: b.state.entry.id, entryVersion: 1, entryMaterialHash: b.state.entry.materialHash, answers: b.state.classification!.answers, reasoning: b.state.classification!.reasoning, assessor: 'x', assessedAt: NOW }), bundle: b.state.bundle, settings: b.world.settings, staffCouncil: b.world.staffCouncil, consultations: b.world.consultations, completions: b.world.completions, packs: b.world.packs, at: '2026-11-26' };
    expect(ctx.classification.riskClass).toBe('limited_risk');
  });
});
