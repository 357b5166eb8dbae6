import { describe, expect, it } from 'vitest';
import { checkSupport, numbersIn, type Passage } from './index.ts';

const fee: Passage = {
  id: 'reisepass#gebuehren',
  serviceId: 'reisepass',
  serviceTitle: 'Reisepass beantragen',
  anchor: 'gebuehren',
  heading: 'Was kostet das?',
  text: 'Reisepass mit 32 Seiten für Personen ab 24 Jahren: 70,00 Euro.\nVorläufiger Reisepass: 26,00 Euro.\nFür Kinder gibt es keinen Kinderreisepass mehr.',
  keywords: [],
  url: 'https://www.musterstadt.example/leistungen/reisepass#gebuehren',
};
const contact: Passage = { ...fee, id: 'reisepass#kontakt', anchor: 'kontakt', heading: 'Kontakt', text: 'Bürgeramt Musterstadt. Telefon: 0123 4567-100. E-Mail: buergeramt@musterstadt.example. Termin: https://termine.musterstadt.example/buergeramt', url: 'https://www.musterstadt.example/leistungen/reisepass#kontakt' };

const kinds = (text: string, sources = [1], language = 'de', textDe?: string) =>
  checkSupport([{ text, sources, ...(textDe ? { textDe } : {}) }], [fee, contact], language).issues.map((i) => i.kind);

describe('support check', () => {
  it('accepts statements whose numbers and words are all in the cited passage, in any notation', () => {
    expect(kinds('Ein Reisepass für Personen ab 24 Jahren kostet 70,00 Euro.')).toEqual([]);
    expect(kinds('Der vorläufige Reisepass kostet 26 Euro.')).toEqual([]);
    expect(kinds('Rufen Sie das Bürgeramt unter 0123 4567-100 an oder schreiben Sie an buergeramt@musterstadt.example.', [2])).toEqual([]);
  });

  it('rejects a number that is not in the cited passage, also when it is in another one', () => {
    expect(kinds('Ein Reisepass kostet 60,00 Euro.')).toContain('number');
    expect(kinds('Der Reisepass kostet 70,00 Euro.', [2])).toContain('number');
    expect(kinds('Ein Reisepass kostet 70,01 Euro.')).toContain('number');
  });

  it('rejects content words, links and e-mail addresses from nowhere', () => {
    expect(kinds('Den Reisepass gibt es auch am Flughafen.')).toContain('word');
    expect(kinds('Termin unter https://evil.example/termin', [2])).toContain('link');
    expect(kinds('Schreiben Sie an info@evil.example', [2])).toContain('email');
  });

  it('rejects a statement whose polarity differs from its source sentence', () => {
    expect(kinds('Für Kinder gibt es keinen Kinderreisepass mehr.')).toEqual([]);
    expect(kinds('Für Kinder gibt es einen Kinderreisepass.')).toContain('negation');
    expect(kinds('Ein vorläufiger Reisepass kostet nicht 26,00 Euro.')).toContain('negation');
  });

  it('needs a source, and a known one', () => {
    expect(kinds('Ein Reisepass kostet 70,00 Euro.', [])).toEqual(['no_source']);
    expect(kinds('Ein Reisepass kostet 70,00 Euro.', [9])).toEqual(['unknown_source']);
  });

  it('checks an answer in another language through its German version and the numbers of both', () => {
    expect(kinds('A passport for people aged 24 or over costs 70.00 euros.', [1], 'en', 'Ein Reisepass für Personen ab 24 Jahren kostet 70,00 Euro.')).toEqual([]);
    expect(kinds('A passport costs 7 euros.', [1], 'en', 'Ein Reisepass für Personen ab 24 Jahren kostet 70,00 Euro.')).toContain('translation_numbers');
    expect(kinds('A passport costs 70.00 euros.', [1], 'en')).toEqual(['missing_german']);
    expect(kinds('Yes.', [1], 'en', 'Ein Reisepass für Personen ab 24 Jahren kostet 70,00 Euro.')).toEqual(['translation_numbers', 'translation_length']);
    expect(kinds('جواز السفر يكلف ٧٠ يورو', [1], 'ar', 'Ein Reisepass kostet 70 Euro.')).toEqual([]);
  });

  it('reads German and English number notations to the same value', () => {
    expect(numbersIn('1.234,50 Euro und 1,234.50 EUR und 8:00 Uhr und zwei Wochen')).toEqual([['1234.5'], ['1234.5'], ['8:00'], ['2']]);
    expect(numbersIn('am 01.02.2026')).toEqual([['1.2.2026']]);
  });
});
