import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from './corpus/generate.ts';
import { prepareForModel, pseudonymise, restore, unresolvedPlaceholders } from './placeholders.ts';
import type { KnownValue } from './types.ts';

const known: KnownValue[] = [{ category: 'name', value: 'Anna-Lena Müller' }];

describe('pseudonymise and restore', () => {
  it('replaces personal data with typed placeholders, the same value with the same one', () => {
    const r = pseudonymise('Frau Müller (Mueller) zahlt von DE89 3704 0044 0532 0130 00, Frau MÜLLER auch von DE89370400440532013000.', known);
    expect(r.text).toBe('Frau «PERSON_1» («PERSON_1») zahlt von «IBAN_1», Frau «PERSON_1» auch von «IBAN_1».');
    expect(r.mapping.entries.map((e) => [e.placeholder, e.value])).toEqual([
      ['«PERSON_1»', 'Müller'],
      ['«IBAN_1»', 'DE89 3704 0044 0532 0130 00'],
    ]);
  });

  it('numbers per kind and continues an earlier mapping of the same request', () => {
    const first = pseudonymise('Tel. 030 1234567 oder 0151 23456789');
    expect(first.text).toBe('Tel. «TELEFON_1» oder «TELEFON_2»');
    const second = pseudonymise('Rückruf unter 0151 23456789 oder 040 7654321', [], { mapping: first.mapping });
    expect(second.text).toBe('Rückruf unter «TELEFON_2» oder «TELEFON_3»');
    expect(first.mapping.entries).toHaveLength(2); // the earlier mapping is not changed
  });

  it('restores the model answer, also when the model changed the brackets', () => {
    const r = pseudonymise('Sehr geehrte Frau Anna-Lena Müller, Ihre IBAN DE89 3704 0044 0532 0130 00.', known);
    const answer = 'Liebe <<PERSON_1>>, wir zahlen auf [IBAN_1]. Gruß an « PERSON_1 » und PERSON_1.';
    expect(restore(answer, r.mapping)).toBe(
      'Liebe Anna-Lena Müller, wir zahlen auf DE89 3704 0044 0532 0130 00. Gruß an Anna-Lena Müller und Anna-Lena Müller.',
    );
    expect(unresolvedPlaceholders('«PERSON_1» und «PERSON_7» und IBAN_2', r.mapping)).toEqual(['«PERSON_7»', '«IBAN_2»']);
    expect(restore('«PERSON_7» bleibt', r.mapping)).toBe('«PERSON_7» bleibt');
    expect(restore('Liebe «Person 1», an {{ iban_1 }} und [[PERSON_1]].', r.mapping)).toBe(
      'Liebe Anna-Lena Müller, an DE89 3704 0044 0532 0130 00 und Anna-Lena Müller.',
    );
    expect(restore('Haushalt mit Person 1 und PERSON_10', r.mapping)).toBe('Haushalt mit Person 1 und PERSON_10');
  });

  it('keeps guillemets the writer typed from posing as placeholders', () => {
    const r = pseudonymise('Ich heiße «PERSON_1», Tel. 030 1234567');
    expect(r.text).toBe('Ich heiße ‹PERSON_1›, Tel. «TELEFON_1»');
    expect(restore(r.text, r.mapping)).toBe('Ich heiße ‹PERSON_1›, Tel. 030 1234567');
  });

  it('keeps the placeholders of a continued mapping (a chat history sent again)', () => {
    const first = pseudonymise('Ich bin Frau Schulz, Tel. 030 1234567');
    const history = `${first.text}\nModell: Danke, Frau «PERSON_1».\nIch: Meine Mail ist a.schulz@web.de`;
    const next = pseudonymise(history, [], { mapping: first.mapping });
    expect(next.text).toBe('Ich bin Frau «PERSON_1», Tel. «TELEFON_1»\nModell: Danke, Frau «PERSON_1».\nIch: Meine Mail ist «EMAIL_1»');
    expect(pseudonymise('«PERSON_2» ist neu', [], { mapping: first.mapping }).text).toBe('‹PERSON_2› ist neu');
  });

  it('round-trips every corpus text: restore(pseudonymise(x)) is x', () => {
    const corpus = generateCorpus({ seed: 'placeholder-round-trip', size: 60 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: corpus.length - 1 }), (i) => {
        const t = corpus[i]!;
        const r = pseudonymise(t.text, t.known);
        expect(restore(r.text, r.mapping)).toBe(prepareForModel(t.text));
      }),
      { numRuns: 60 },
    );
  });
});
