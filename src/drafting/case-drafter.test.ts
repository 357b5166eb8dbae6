import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type CaseRecord, type TracedDecision as CaseDecision, type Drafter, type DraftInput } from '../cases/index.ts';
import { decide, discretionOptionLabels, explain } from '../engine/index.ts';
import { resolvePack } from '../pack-files/index.ts';
import { caseDrafter, letterInputFromCase, settingsFromCase } from './case-drafter.ts';
import { gateFacts } from './generate.ts';
import { checkLetter } from './gate/gate.ts';
import type { DecisionRecord } from './model.ts';

const wohngeld = resolvePack('wohngeld');
const application = { stichtag: '2025-03-01', mietenstufe: 3, miete_monat: '520.00', haushaltsmitglieder: [{ id: 'p1', rolle: 'antragsteller', einkuenfte: [{ art: 'erwerb', brutto_monat: '1450.00' }], abzuege_16: { steuern: true, kranken_pflege: true, rente: true } }] };

function caseWith(decision: CaseDecision): DraftInput {
  const c = { id: '7f1b0c55-0000-4000-8000-000000000001', municipalityId: 'musterstadt', aktenzeichen: 'WG-2025-000042', packId: 'wohngeld', packRelease: '2025.1', state: 'checked', version: 3, teamId: null, assignedTo: null, citizenId: null, decision, discretion: {}, overrides: {}, approvals: [], abhilfe: null, documentsDue: null, remindedAt: null, issuedAt: null, issuedBy: null, objectionDue: null, closedAt: null, anonymisedAt: null, createdAt: '2025-03-04T09:00:00Z', updatedAt: '2025-03-04T09:00:00Z' } satisfies CaseRecord;
  return { case: c, decision, personal: { applicant: { name: 'Jana Beispiel', anschrift: 'Gartenweg 2, 12345 Musterstadt' }, application }, settings: DEFAULT_SETTINGS };
}

describe('the drafter for the case workflow (no model needed)', () => {
  const drafter: Drafter = caseDrafter({ now: () => new Date('2025-03-10T08:00:00Z'), berechnung: (d) => explain(wohngeld, d as never, 'caseworker') });

  it('drafts a complete Bescheid from the workflow\'s data; the municipality\'s Rechtsbehelfsbelehrung is used verbatim and the gate passes', () => {
    const decision = decide(wohngeld, { ...application, aktenzeichen: 'WG-2025-000042' }, { trace: true }) as unknown as CaseDecision;
    const input = caseWith(decision);
    const text = drafter.draft('bescheid', input);
    expect(text).toContain('Aktenzeichen: WG-2025-000042');
    expect(text).toMatch(/wird Ihnen Wohngeld als Mietzuschuss in Höhe von monatlich [\d.,]+ € bewilligt\./);
    expect(text).toContain(DEFAULT_SETTINGS.authority.rechtsbehelfsbelehrung);
    expect(text).toContain('§ 24 Abs. 3 S. 1 WoGG');
    const li = letterInputFromCase(input, new Date('2025-03-10T08:00:00Z'), { berechnung: (d) => explain(wohngeld, d as never, 'caseworker') });
    const settings = settingsFromCase(input.settings);
    const letter = caseDrafter({ now: () => new Date('2025-03-10T08:00:00Z'), berechnung: (d) => explain(wohngeld, d as never, 'caseworker') }).letter('bescheid', input);
    expect(letter.recipient).toEqual(['Jana Beispiel', 'Gartenweg 2', '12345 Musterstadt']);
    expect(checkLetter(letter, gateFacts(li, settings)).findings).toEqual([]);
  });

  it('names the application by the date the decision rests on, and dates the letter by the German calendar', () => {
    const decision = decide(wohngeld, { ...application, aktenzeichen: 'WG-2025-000042' }, { trace: true }) as unknown as CaseDecision;
    const input = caseWith(decision);
    // received on 04.03. (the case's creation); 00:30 in Germany is still the day before in UTC
    const late = new Date('2025-03-09T23:30:00Z');
    expect(letterInputFromCase(input, late)).toMatchObject({ applicationDate: '2025-03-04', issuedOn: '2025-03-10' });
    const claimed = { ...input, personal: { ...input.personal!, application: { ...(input.personal!.application as object), antragsdatum: '2025-03-02' } } };
    expect(letterInputFromCase(claimed, late).applicationDate).toBe('2025-03-02');
  });

  it('names a discretion decision by its option\'s label, not its id', () => {
    const kita = resolvePack('kita-beitrag');
    const discretion = { haertefall_erlass: { option: 'teilerlass', by: 'Frau Beispiel', reason: 'Vorübergehende Mehrbelastung durch Pflege eines Angehörigen.' } };
    const antrag = { stichtag: '2025-09-01', kind: { geburtsdatum: '2021-01-01', betreuungsstunden_woche: 45 }, einkuenfte_eltern_vorjahr: 70000, haertefallantrag: true };
    const decision = decide(kita, antrag, { trace: true, discretion }) as unknown as CaseDecision;
    const input = caseWith(decision);
    input.case.discretion = discretion;
    input.case.packId = 'kita-beitrag';
    const kitaDrafter = caseDrafter({ now: () => new Date('2025-09-10T08:00:00Z'), berechnung: (d) => explain(kita, d as never, 'caseworker'), discretionOptions: () => discretionOptionLabels(kita) });
    const text = kitaDrafter.draft('bescheid', input);
    expect(text).toContain('Entschieden wurde: Teilweiser Erlass – halber Beitrag.');
    expect(text).not.toContain('Entschieden wurde: teilerlass');
  });

  it('drafts the Nachforderung and the reminder with the workflow\'s list and deadline', () => {
    const gap = { ...application, haushaltsmitglieder: [{ ...application.haushaltsmitglieder[0]!, einkuenfte: [{ art: 'erwerb' }] }] };
    const decision = decide(wohngeld, gap, { trace: true }) as unknown as DecisionRecord;
    const input = { ...caseWith(decision as CaseDecision), missing: [{ label: decision.missing[0]!.question, norm: decision.missing[0]!.norm }, { label: 'Mietbescheinigung des Vermieters', norm: '§ 23 Abs. 3 WoGG' }], deadline: '2025-03-24' };
    const text = drafter.draft('nachforderung', input);
    expect(text).toContain(decision.missing[0]!.question);
    expect(text).toContain('Mietbescheinigung des Vermieters (§ 23 Abs. 3 WoGG)');
    expect(text).toContain('bis zum 24.03.2025');
    expect(text).toContain('(§ 66 Abs. 1 und 3 SGB I)');
    expect(text.match(new RegExp(decision.missing[0]!.question.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'))).toHaveLength(1);
    const reminder = drafter.draft('erinnerung', input);
    expect(reminder).toContain('Erinnerung:');
    expect(reminder).toContain('Bis heute liegen sie uns nicht vollständig vor');
  });

  it('drafts an Abhilfebescheid after an objection', () => {
    const decision = decide(wohngeld, application, { trace: true }) as unknown as CaseDecision;
    const text = drafter.draft('abhilfebescheid', { ...caseWith(decision), objection: { id: 'o', caseId: 'c', reason: 'x', filedAt: '2025-04-02T10:00:00Z', result: null, assessedBy: null, assessment: null, decidedAt: null } });
    expect(text).toContain('Ihr Widerspruch vom 02.04.2025 – Abhilfebescheid');
  });
});
