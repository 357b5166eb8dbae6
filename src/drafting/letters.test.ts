import { describe, expect, it } from 'vitest';
import { isAmtsklarError } from '../common/index.ts';
import { checkLetter } from './gate/gate.ts';
import { recordFacts } from './gate/record-facts.ts';
import { letterText } from './gate/sentences.ts';
import { addressedTo, buildAntwort, buildBescheid, buildErlaeuterung, buildNachforderung, buildPrimaryLetter } from './letters.ts';
import type { LetterInput } from './model.ts';
import { MUSTERSTADT_SETTINGS as S } from './settings.ts';
import { engineCases, exampleIds, kitaIds, kitaInput, wohngeldDecision, wohngeldInput, wohngeldMissing } from './testing/fixtures.ts';
import { resolvePack } from '../pack-files/index.ts';
import { gateFacts } from './generate.ts';

const all: [string, LetterInput][] = [
  ...exampleIds().map((id): [string, LetterInput] => [id, wohngeldInput(id)]),
  ['Nachforderung', wohngeldMissing()],
  ...kitaIds().map((id): [string, LetterInput] => [id, kitaInput(id)]),
];

describe('deterministic letters (no model)', () => {
  it.each(all)('%s: Bescheid or Nachforderung, explanation and reply pass the gate', (_id, input) => {
    const main = buildPrimaryLetter(input, S);
    const facts = recordFacts(input, S, [main]);
    for (const letter of [main, buildErlaeuterung(input, S), buildAntwort(input, S)]) {
      const result = checkLetter(letter, facts);
      expect(result.findings).toEqual([]);
      expect(result.factsChecked).toBeGreaterThan(0);
    }
  });

  it('a Bewilligung states Tenor, period, amount, § 24 Abs. 3 amounts, Hinweise and the Rechtsbehelfsbelehrung', () => {
    const text = letterText(buildBescheid(wohngeldInput('B25-01'), S));
    expect(text).toContain('Für die Zeit vom 01.01.2025 bis 31.12.2025 (Bewilligungszeitraum) wird Ihnen Wohngeld als Mietzuschuss in Höhe von monatlich 110,00 € bewilligt.');
    expect(text).toContain('445,40 €');
    expect(text).toContain('1.162,35 €');
    expect(text).toContain('(§ 24 Abs. 3 S. 1 WoGG)');
    expect(text).toContain('§ 27 Abs. 3 S. 1 Nr. 3 WoGG');
    expect(text).toContain('Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben werden.');
  });

  it('a zero amount becomes an Ablehnung with the reason from the decision', () => {
    const d = wohngeldDecision('B25-01');
    const input = wohngeldInput('B25-01', { decision: { ...d, values: { ...d.values, wohngeld_monat: 0 }, reasons: [{ norm: '§ 21 Nr. 1 WoGG', text: 'Das Wohngeld wäre geringer als 10 Euro.' }] } });
    const letter = buildBescheid(input, S);
    expect(letter.kind).toBe('ablehnung');
    expect(letterText(letter)).toContain('Ihr Antrag auf Wohngeld vom 15.01.2025 wird abgelehnt.');
    expect(letterText(letter)).toContain('Das Wohngeld wäre geringer als 10 Euro (§ 21 Nr. 1 WoGG).');
    expect(checkLetter(letter, recordFacts(input, S, [letter])).passed).toBe(true);
  });

  it('a Nachforderung lists every missing input and checklist item, the deadline and §§ 60, 66 SGB I', () => {
    const input = wohngeldMissing();
    const text = letterText(buildNachforderung(input, S));
    for (const m of input.decision.missing) expect(text).toContain(m.question);
    expect(text).toContain('Negativbescheinigung');
    expect(text).toContain('bis zum 24.02.2025');
    expect(text).toContain('(§ 60 Abs. 1 SGB I)');
    expect(text).toContain('(§ 66 Abs. 1 und 3 SGB I)');
  });

  it('refuses a Bescheid while a discretion point is open, naming it', () => {
    const input = kitaInput('K-05');
    try {
      buildBescheid({ ...input, discretionDecisions: {} }, S);
      expect.unreachable();
    } catch (e) {
      expect(isAmtsklarError(e) && e.problems[0]?.path).toBe('$.discretion.haertefall');
    }
    expect(letterText(buildBescheid(input, S))).toContain('Entschieden wurde: Erlass der Hälfte des Beitrags.');
  });

  it('the Klage variant of the Rechtsbehelfsbelehrung comes from the settings', () => {
    const klage = { ...S, rechtsbehelf: { default: { ...S.rechtsbehelf.default!, kind: 'klage' as const } } };
    expect(letterText(buildBescheid(wohngeldInput('B25-02'), klage))).toContain('Klage bei dem Verwaltungsgericht Musterstadt');
  });

  it('placeholders stand in for a recipient not yet filled in', () => {
    const letter = buildBescheid(wohngeldInput('B25-02', { recipient: null }), S);
    expect(letter.recipient).toEqual(['{{empfaenger.name}}', '{{empfaenger.anschrift}}']);
    expect(letter.salutation).toBe('Sehr geehrte Damen und Herren,');
  });

  it('a letter to a known person greets them by name without guessing a gender; after erasure it has no address', () => {
    const stored = buildBescheid(wohngeldInput('B25-02', { recipient: null }), S);
    const sent = addressedTo(stored, { name: ' Alex Beispiel ', anschrift: 'Hauptstraße 1, 12345 Musterstadt' });
    expect(sent.recipient).toEqual([' Alex Beispiel ', 'Hauptstraße 1', '12345 Musterstadt']);
    expect(sent.salutation).toBe('Guten Tag Alex Beispiel,');
    expect(addressedTo(stored, null)).toMatchObject({ recipient: [], salutation: 'Sehr geehrte Damen und Herren,' });
    expect(buildBescheid(wohngeldInput('B25-02', { recipient: { name: 'Alex Beispiel', address: [] } }), S).salutation).toBe('Guten Tag Alex Beispiel,');
  });
});

describe('letters from real engine decisions (11 official examples, refusal, Nachforderung, Kita)', () => {
  const real = engineCases({ wohngeld: resolvePack('wohngeld'), kita: resolvePack('kita-beitrag') });
  it.each(real)('%s: the Bescheid or Nachforderung, explanation and reply pass the gate', (_name, input) => {
    const facts = gateFacts(input, S);
    const main = buildPrimaryLetter(input, S);
    for (const letter of [main, buildErlaeuterung(input, S), buildAntwort(input, S)]) expect(checkLetter(letter, facts).findings).toEqual([]);
    const text = letterText(main);
    if (input.decision.outcome === 'missing_inputs') {
      for (const m of input.decision.missing) expect(text).toContain(m.question);
    } else {
      for (const sec of input.berechnung!.sections) for (const l of sec.lines) expect(text).toContain(l.value);
      for (const r of input.decision.reasons) expect(text).toContain(r.norm);
    }
  });

  it('the Bewilligung states the engine\'s period and the § 24 Abs. 3 amounts', () => {
    const [, input] = real.find(([n]) => n === 'Wohngeld B25-01')!;
    const text = letterText(buildPrimaryLetter(input, S));
    expect(text).toContain('Für die Zeit vom 01.01.2025 bis 31.12.2025 (Bewilligungszeitraum) wird Ihnen Wohngeld als Mietzuschuss in Höhe von monatlich 110,00 € bewilligt.');
    expect(text).toContain('Dieser Entscheidung liegen zugrunde: die monatliche Miete oder Belastung von 335,00 € sowie die Summe der monatlichen positiven Einkünfte und Einnahmen aller zu berücksichtigenden Haushaltsmitglieder von 1.291,50 € (§ 24 Abs. 3 S. 1 WoGG).');
  });

  it('a decided hardship case gives the person\'s discretion decision and reasons', () => {
    const [, input] = real.find(([n]) => n === 'Kita haertefall')!;
    const text = letterText(buildPrimaryLetter(input, S));
    expect(text).toContain('auf 155,00 € festgesetzt');
    // the point's facts as the pack words them (§ 35 Abs. 1 S. 3 SGB X), then the choice and the person's reasons
    expect(text).toMatch(/Ermessensentscheidung \(§ 6 Elternbeitragssatzung Musterstadt\): Es liegt ein Antrag auf Erlass wegen besonderer Härte vor\..*Entschieden wurde: Teilweiser Erlass – halber Beitrag\. Erwägungen: Wegen der nachgewiesenen Pflege/s);
  });
});

describe('packs without a letter profile', () => {
  it('get a complete Bescheid listing the computed values, passing the gate', () => {
    const base = wohngeldInput('B25-03');
    const input = { ...base, decision: { ...base.decision, pack: 'gebuehr', packVersion: '1', values: { gebuehr: '25.00', befreit: false }, trace: [{ rule: 'gebuehr', label: 'Gebühr', value: '25.00', norm: '§ 4 Gebührensatzung' }] } };
    const letter = buildBescheid(input, S);
    const text = letterText(letter);
    expect(text).toContain('Über Ihren Antrag wird nach dem Regelwerk „gebuehr" (Fassung 1) wie folgt entschieden:');
    expect(text).toContain('gebuehr: 25,00 €');
    expect(checkLetter(letter, gateFacts(input, S)).findings).toEqual([]);
    expect(checkLetter(buildErlaeuterung(input, S), gateFacts(input, S)).findings).toEqual([]);
  });
});
