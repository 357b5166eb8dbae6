import { describe, expect, it } from 'vitest';
import { germanSyllables, readability } from './readability.ts';

describe('German readability', () => {
  it.each([
    ['Haus', 1],
    ['Miete', 2],
    ['Wohngeld', 2],
    ['Bewilligungszeitraum', 6],
    ['Einkommen', 3],
    ['Rechtsbehelfsbelehrung', 6],
    ['Bäume', 2],
    ['Freude', 2],
  ])('%s has %i syllables', (w, n) => expect(germanSyllables(w)).toBe(n));

  it('computes Amstad and the first Wiener Sachtextformel from the counts', () => {
    // 2 sentences, 8 words; syllables: Sie(1) be·kom·men(3) Wohn·geld(2). Das(1) Geld(1) kommt(1) je·den(2) Mo·nat(2) = 13
    const r = readability('Sie bekommen Wohngeld. Das Geld kommt jeden Monat.');
    expect([r.sentences, r.words, r.syllables]).toEqual([2, 8, 13]);
    expect(r.fleschAmstad).toBeCloseTo(180 - 4 - 58.5 * (13 / 8), 1);
    const ms = (100 * 1) / 8;
    const iw = (100 * 2) / 8; // bekommen, Wohngeld
    const es = (100 * 4) / 8;
    expect(r.wienerSachtextformel).toBeCloseTo(0.1935 * ms + 0.1672 * 4 + 0.1297 * iw - 0.0327 * es - 0.875, 1);
  });

  it('rates the legal text harder than the plain-language one', () => {
    const legal = readability('Für die Zeit vom 01.01.2025 bis 31.12.2025 (Bewilligungszeitraum) wird Ihnen Wohngeld als Mietzuschuss in Höhe von monatlich 110,00 € bewilligt; die Mitteilungspflichten nach § 27 Abs. 3 WoGG bleiben unberührt.');
    const plain = readability('Sie bekommen Wohngeld. Sie bekommen jeden Monat 110,00 €. Das gilt bis 31.12.2025.');
    expect(plain.fleschAmstad).toBeGreaterThan(legal.fleschAmstad);
    expect(plain.wienerSachtextformel).toBeLessThan(legal.wienerSachtextformel);
  });
});
