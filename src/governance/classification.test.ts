import { describe, expect, it } from 'vitest';
import { classify, type Answers } from './classify.ts';
import { productSystems } from './product-systems.ts';
import type { RiskClass } from './ruleset.ts';
import { RULES } from './rules.ts';
import { AI_DEFAULTS, NON_AI_DEFAULTS, PACKS, PROFILE } from './test-support/fixtures.ts';

// The acceptance table: described municipal systems (the policy paper's examples and the
// research note's cases) with the class and key obligations the rules must give them.

interface Case {
  name: string;
  answers: Answers;
  reasoning?: Record<string, string>;
  cls: RiskClass;
  includes?: string[];
  excludes?: string[];
  blocks?: string[];
  roles?: string[];
}

const ai = (a: Answers): Answers => ({ ...AI_DEFAULTS, ...a });
const rules = (a: Answers): Answers => ({ ...NON_AI_DEFAULTS, ...a });
const product = (id: string) => {
  const s = productSystems(PROFILE, PACKS).find((p) => p.id === id)!;
  return { answers: s.answers, reasoning: s.reasoning };
};
const annex = (points: string[], extra: Answers = {}): Answers => ({ H1: points, H2: 'no', H3: 'none', G5: 'no', ...extra });

const CASES: Case[] = [
  { name: 'Spamfilter für das Bürgerpostfach (Produkt eines Anbieters)', answers: ai({ G1: 'personal' }), cls: 'minimal_risk', includes: ['LIT-1', 'PRO-1', 'POL-REG', 'GD-35'], excludes: ['TR-1', 'TR-2', 'HD-FRIA', 'POL-CHAT'] },
  { name: 'Chatbot für Bürgerfragen, selbst betrieben auf einem Sprachmodell', ...product('buerger-chatbot'), cls: 'limited_risk', includes: ['TR-1', 'TR-2', 'POL-CHAT', 'GPAI-1', 'DE-BITV', 'POL-PART', 'LIT-1'], excludes: ['HD-FRIA', 'GD-22'], roles: ['provider', 'deployer'] },
  { name: 'Chatbot eines Anbieters, unverändert eingesetzt', answers: ai({ T1: 'yes', T2: 'yes', G4: 'yes', G1: 'personal' }), cls: 'limited_risk', includes: ['POL-CHAT', 'DE-BITV'], excludes: ['TR-1', 'TR-2'], roles: ['deployer'] },
  { name: 'Ampelsteuerung mit Festzeiten und Sensorregeln', answers: rules({ S1: 'classical-heuristics' }), reasoning: { S1: 'Feste Schaltpläne und Sensorregeln des Straßenverkehrsamts, kein Lernen.' }, cls: 'not_ai_system', includes: ['POL-REG', 'PRO-1'], excludes: ['LIT-1', 'HD-2'] },
  { name: 'Adaptive Ampelsteuerung mit maschinellem Lernen als Sicherheitsbauteil', answers: ai(annex(['2-critical-infrastructure'])), cls: 'high_risk', includes: ['HD-1', 'HD-2', 'HD-5', 'HD-6'], excludes: ['HD-FRIA', 'HD-REG', 'HD-EXPL'] },
  { name: 'Transkription der Ratssitzungen, Protokoll mit redaktioneller Verantwortung', answers: ai({ T5: 'editorial-control', G1: 'personal' }), reasoning: { T5: 'Die Schriftführung prüft jedes Protokoll und zeichnet es verantwortlich.' }, cls: 'minimal_risk', includes: ['LIT-1', 'GD-35'], excludes: ['TR-4B'] },
  { name: 'Transkription der Ratssitzungen, ungeprüft veröffentlicht', answers: ai({ T5: 'no-editorial-control', G1: 'personal' }), cls: 'limited_risk', includes: ['TR-4B'] },
  { name: 'Wohngeld-Regelwerk (Anspruchsprüfung nach festen Regeln, Amtsperson entscheidet)', ...product('wohngeld-regelwerk'), cls: 'not_ai_system', includes: ['GD-22', 'GD-35', 'POL-FAIR', 'DE-PV', 'POL-REG', 'DE-BITV'], excludes: ['LIT-1', 'HD-FRIA', 'DE-35A'] },
  { name: 'Anspruchsprüfung Sozialhilfe mit Empfehlung eines ML-Modells', answers: ai({ ...annex(['5a-public-benefits']), D1: 'yes', D2: 'L1', D3: 'va-sgb-x', G1: 'personal', G2: 'yes', G3: 'yes' }), cls: 'high_risk', includes: ['HD-FRIA', 'HD-REG', 'HD-1', 'HD-2', 'HD-4', 'HD-5', 'HD-6', 'HD-7', 'HD-11', 'HD-EXPL', 'GD-22', 'GD-35', 'DE-PV', 'POL-PART', 'POL-FAIR'], excludes: ['HP-CORE'] },
  // a high-risk system is overseen by staff (Art. 26(2)): used at the workplace even when the staff question was answered „no“
  { name: 'Anspruchsprüfung mit ML-Empfehlung, Frage nach Beschäftigten verneint', answers: ai({ ...annex(['5a-public-benefits']), D1: 'yes', D2: 'L1', D3: 'va-sgb-x', G1: 'personal', G2: 'yes', G3: 'no' }), cls: 'high_risk', includes: ['DE-PV', 'HD-7', 'HD-FRIA'] },
  { name: 'Personalauswahl: Sichten von Bewerbungen (CV-Screening)', answers: ai({ ...annex(['4a-recruitment'], { H2: 'yes' }), D1: 'yes', D2: 'L1', D3: 'internal', G1: 'personal', G3: 'yes' }), cls: 'high_risk', includes: ['HD-FRIA', 'HD-7', 'DE-PV', 'HD-REG', 'GD-22'] },
  { name: 'Social Scoring: „Zuverlässigkeitswert“ aus Daten mehrerer Ämter', answers: ai({ S1: 'expert-weighted-score', R1: 'in-house', P1: ['c-social-scoring'], G1: 'personal' }), cls: 'prohibited', blocks: ['BLOCK-ART5'] },
  { name: 'Straßenzustand aus Kamerabildern erkennen', answers: ai({ R1: 'commissioned-own-name', G1: 'personal' }), cls: 'minimal_risk', includes: ['GD-35', 'LIT-1'], excludes: ['HD-2'], roles: ['provider', 'deployer'] },
  { name: 'Rückfallrisiko von Personen allein aus Profiling (Ordnungsamt)', answers: ai({ P1: ['d-crime-prediction'], G1: 'personal' }), cls: 'prohibited', blocks: ['BLOCK-ART5'] },
  { name: 'Emotionserkennung bei Beschäftigten im Callcenter', answers: ai({ P1: ['f-emotion-work-education'], G1: 'special-categories', G3: 'yes' }), cls: 'prohibited', blocks: ['BLOCK-ART5'] },
  { name: 'Biometrische Kategorisierung nach Religion in der Videoanalyse', answers: ai({ P1: ['g-biometric-categorisation', 'h-realtime-rbi'], G1: 'special-categories' }), cls: 'prohibited', blocks: ['BLOCK-ART5'] },
  { name: 'Maschinelle Übersetzung von Schreiben', answers: ai({ T2: 'yes', G1: 'personal' }), cls: 'limited_risk', includes: ['LIT-1', 'GD-35'], excludes: ['TR-2', 'TR-4B'] },
  { name: 'KI-entworfene Bescheidtexte mit menschlicher Prüfung (Entwurfsassistent)', ...product('entwurfsassistent'), cls: 'limited_risk', includes: ['TR-2', 'HP-6-4', 'GPAI-1', 'DE-PV', 'LIT-1', 'POL-PART', 'GD-22', 'GD-35'], excludes: ['HD-FRIA', 'HD-2', 'TR-1', 'TR-4B'] },
  { name: 'Vollautomatisierter Wohngeldbescheid (§ 31a SGB X, ohne Ermessen)', ...product('wohngeld-vollautomatisiert'), cls: 'not_ai_system', includes: ['DE-35A', 'DE-24', 'GD-22', 'POL-PART'], blocks: [] },
  { name: 'Vollautomatisierter Kita-Beitragsbescheid trotz Härtefall-Ermessen', ...product('kita-beitrag-vollautomatisiert'), cls: 'not_ai_system', includes: ['DE-35A'], blocks: ['BLOCK-AUTOMATION-DISCRETION'] },
  { name: 'Vollautomatisierte Sondernutzungserlaubnis nach VwVfG ohne zulassende Vorschrift', answers: rules({ S1: 'human-defined-rules', D1: 'yes', D2: 'L3', D3: 'va-vwvfg', D4: 'no', D5: 'none', G1: 'personal', G4: 'yes' }), reasoning: { S1: 'Gebührentabelle und Prüfregeln aus der Sondernutzungssatzung, von Menschen festgelegt.', D4: 'Die Satzung bindet die Entscheidung vollständig.' }, cls: 'not_ai_system', includes: ['DE-35A'], blocks: ['BLOCK-AUTOMATION-NO-STATUTE'] },
  { name: 'Tourenoptimierung der Müllabfuhr', answers: rules({ S1: 'math-optimisation' }), reasoning: { S1: 'Klassisches Tourenplanungsverfahren (Optimierung), kein Lernen.' }, cls: 'not_ai_system', includes: ['POL-REG'], excludes: ['GD-35', 'LIT-1'] },
  { name: 'Energieverbrauch städtischer Gebäude aus Vorjahreswerten fortschreiben', answers: rules({ S1: 'simple-prediction' }), reasoning: { S1: 'Fortschreibung des Vorjahresverbrauchs mit Gradtagzahlen.' }, cls: 'not_ai_system' },
  { name: 'Energieverbrauchsprognose mit trainiertem Modell', answers: ai({}), cls: 'minimal_risk', includes: ['LIT-1'], excludes: ['GD-35'] },
  { name: 'Betrugserkennung bei Sozialleistungen (Scorekarte mit Profiling)', answers: ai({ S1: 'expert-weighted-score', ...annex(['5a-public-benefits'], { H2: 'yes', H3: 'detect-patterns' }), D1: 'yes', D2: 'L1', D3: 'va-sgb-x', G1: 'personal' }), reasoning: { H3: 'Das System soll nur Auffälligkeiten für eine manuelle Prüfung markieren.' }, cls: 'high_risk', includes: ['HD-FRIA', 'HD-REG', 'HD-EXPL'], excludes: ['HP-6-4'] },
  { name: 'Schulplatzvergabe mit Rangfolge aus einem Modell', answers: ai({ ...annex(['3a-education-access']), D1: 'yes', D2: 'L1', D3: 'va-vwvfg', G1: 'personal', G2: 'yes' }), cls: 'high_risk', includes: ['HD-FRIA', 'HD-REG', 'HD-11'] },
  { name: 'Risikoeinschätzung Kindeswohlgefährdung im Jugendamt', answers: ai({ ...annex(['5a-public-benefits'], { H2: 'yes' }), D1: 'yes', D2: 'L1', D3: 'va-sgb-x', G1: 'special-categories', G2: 'yes', G3: 'yes' }), cls: 'high_risk', includes: ['HD-FRIA', 'GD-35', 'DE-PV', 'POL-FAIR'] },
  { name: 'Notruf-Triage in der Integrierten Leitstelle', answers: ai({ ...annex(['5d-emergency']), G1: 'special-categories' }), cls: 'high_risk', includes: ['HD-FRIA', 'HD-REG'] },
  { name: 'Prüfung von Anträgen auf Aufenthaltstitel (Ausländerbehörde)', answers: ai({ ...annex(['7-migration']), D1: 'yes', D2: 'L1', D3: 'va-vwvfg', G1: 'personal' }), cls: 'high_risk', includes: ['HD-REG', 'HD-FRIA'] },
  { name: 'Gesichtsverifizierung am Personaleingang des Rathauses (nur Verifizierung)', answers: ai({ G1: 'special-categories', G3: 'yes' }), cls: 'minimal_risk', includes: ['DE-PV', 'GD-35'], excludes: ['HD-2'] },
  { name: 'Deepfake-Video des Oberbürgermeisters im Stadtmarketing', answers: ai({ T2: 'yes', T4: 'yes' }), cls: 'limited_risk', includes: ['TR-4A'] },
  { name: 'KI-Pressemitteilung ohne redaktionelle Prüfung', answers: ai({ T2: 'yes', T5: 'no-editorial-control' }), cls: 'limited_risk', includes: ['TR-4B'] },
  { name: 'KI-Pressemitteilung mit redaktioneller Verantwortung der Pressestelle', answers: ai({ T2: 'yes', T5: 'editorial-control' }), reasoning: { T5: 'Die Pressestelle prüft jeden Text, die Leitung zeichnet.' }, cls: 'limited_risk', excludes: ['TR-4B'] },
  { name: 'Prototyp im Labor ohne echte Fälle (Art. 2 Abs. 8)', answers: ai({ S2: 'research-before-use' }), reasoning: { S2: 'Nur Laborversuch mit synthetischen Daten, kein Einsatz.' }, cls: 'excluded', includes: ['POL-REG'], excludes: ['LIT-1'] },
  { name: 'Posteingangssortierung eines Anbieters ohne Angaben zur Technik', answers: ai({ S1: 'unsure', G1: 'personal' }), reasoning: { S1: 'Der Anbieter beschreibt die Technik nicht; Anfrage gestellt.' }, cls: 'minimal_risk', includes: ['LIT-1'] },
  { name: 'Wissensbasiertes Expertensystem für Bauanträge', answers: ai({ S1: 'knowledge-based-inference', R1: 'in-house', D1: 'yes', D2: 'L1', D3: 'va-vwvfg', G1: 'personal' }), cls: 'minimal_risk', includes: ['LIT-1', 'GD-22'], roles: ['provider', 'deployer'] },
  { name: 'Hochrisiko-System eines Anbieters unter eigener Marke der Stadt', answers: ai({ R1: 'own-name-on-vendor', ...annex(['5a-public-benefits']), D1: 'yes', D2: 'L1', D3: 'va-sgb-x', G1: 'personal' }), cls: 'high_risk', includes: ['HP-CORE', 'HP-ACC', 'HD-FRIA'], roles: ['provider', 'deployer'] },
  { name: 'Prüfungsaufsicht bei Online-Prüfungen der Volkshochschule', answers: ai({ ...annex(['3d-proctoring']), G1: 'special-categories' }), cls: 'high_risk', includes: ['HD-FRIA'] },
  { name: 'Aufgabenzuweisung nach Leistungsüberwachung der Beschäftigten', answers: ai({ ...annex(['4b-work-relationships'], { H2: 'yes' }), G1: 'personal', G3: 'yes' }), cls: 'high_risk', includes: ['DE-PV', 'HD-7', 'HD-FRIA'] },
  { name: 'Fairness-Monitoring der Entscheidungen', ...product('fairness-monitoring'), cls: 'not_ai_system', includes: ['POL-REG', 'DE-BITV'], excludes: ['GD-22', 'LIT-1'] },
  { name: 'Vollautomatisierte Bescheide auf Grundlage eines Hochrisiko-Modells', answers: ai({ ...annex(['5a-public-benefits']), D1: 'yes', D2: 'L3', D3: 'va-sgb-x', D4: 'no', D5: 'cited', G1: 'personal' }), reasoning: { D4: 'Gebundene Entscheidung nach dem Leistungsgesetz.', D5: '§ 31a SGB X lässt den Erlass zu.' }, cls: 'high_risk', blocks: ['BLOCK-AUTOMATION-HIGH-RISK'] },
  { name: 'Hochrisiko-System, das schon vor dem 02.12.2027 betrieben wurde', answers: ai({ ...annex(['5a-public-benefits'], { G5: 'yes' }) }), cls: 'high_risk', includes: ['LEG-1'] },
];

describe('classification table', () => {
  it('has at least 30 described systems', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES)('$name', (c) => {
    const result = classify(RULES, {
      systemId: 'fall',
      entryVersion: 1,
      entryMaterialHash: 'sha256:test',
      answers: c.answers,
      reasoning: c.reasoning ?? {},
      assessor: 'pruefer',
      assessedAt: '2026-11-26T10:00:00Z',
    });
    expect(result.riskClass).toBe(c.cls);
    const ids = result.obligations.map((o) => o.id);
    for (const id of c.includes ?? []) expect(ids, `Pflicht ${id}`).toContain(id);
    for (const id of c.excludes ?? []) expect(ids, `Pflicht ${id}`).not.toContain(id);
    if (c.blocks) expect(result.blocks.map((b) => b.id).sort()).toEqual([...c.blocks].sort());
    if (c.cls !== 'prohibited' && !c.blocks) expect(result.blocks).toEqual([]);
    if (c.roles) expect(result.roles).toEqual(c.roles);
    // every obligation carries its legal basis and a date decision
    for (const o of result.obligations) {
      expect(o.basis.length).toBeGreaterThan(0);
      expect(o.appliesFrom === null || /^\d{4}-\d{2}-\d{2}$/.test(o.appliesFrom)).toBe(true);
    }
  });
});
