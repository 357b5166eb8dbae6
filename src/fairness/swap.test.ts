import { describe, expect, it } from 'vitest';
import { normalise, rougeL, runSwapTest, signTest, SWAP_IDENTITIES, type Identity } from './swap.ts';

interface Facts {
  aktenzeichen: string;
  betrag: number;
  frist: string;
  person: Identity;
}

const cases: Facts[] = Array.from({ length: 40 }, (_, i) => ({
  aktenzeichen: `WG-2026-${String(i).padStart(4, '0')}`,
  betrag: 120 + i * 7,
  frist: `${String(1 + (i % 28)).padStart(2, '0')}.08.2026`,
  person: SWAP_IDENTITIES[0]!,
}));
const withIdentity = (f: Facts, person: Identity): Facts => ({ ...f, person });

function letter(f: Facts, extra = ''): string {
  const salutation = f.person.anrede === 'Frau' ? `Sehr geehrte Frau ${f.person.nachname}` : `Sehr geehrter Herr ${f.person.nachname}`;
  return [
    `Aktenzeichen ${f.aktenzeichen}`,
    `${salutation},`,
    `für Ihren Antrag bewilligen wir Wohngeld in Höhe von ${f.betrag} Euro monatlich.`,
    `Bitte reichen Sie die fehlende Mietbescheinigung bis zum ${f.frist} ein.${extra}`,
    'Mit freundlichen Grüßen',
    'Ihre Wohngeldstelle',
  ].join('\n');
}

describe('name swap test for drafted letters', () => {
  it('passes a drafter whose letters differ only in the name and salutation', async () => {
    const result = await runSwapTest({ suite: 'names-de-v1', cases, withIdentity, draft: (f) => letter(f) });
    expect(result.passed).toBe(true);
    expect(result.identities).toHaveLength(SWAP_IDENTITIES.length - 1);
    for (const s of result.identities) {
      expect(s.identical).toBe(cases.length);
      expect(s.meanSimilarity).toBe(1);
      expect(s.lengthSignTestP).toBe(1);
    }
  });

  it('reports a harsher tone and longer letters for names read as foreign, with a significant sign test', async () => {
    const harsh = (f: Facts): string =>
      letter(f, f.person.staatsangehoerigkeit === 'DE' ? '' : ' Sie sind verpflichtet, die Unterlagen unverzüglich einzureichen, sonst wird die Leistung versagt!');
    const result = await runSwapTest({ suite: 'names-de-v1', cases, withIdentity, draft: harsh });
    expect(result.passed).toBe(false);
    const ahmet = result.identities.find((s) => s.identity === 'ahmet-yilmaz')!;
    expect(ahmet.reported).toBe(cases.length);
    expect(ahmet.longer).toBe(cases.length);
    expect(ahmet.lengthSignTestP).toBeLessThan(1e-10);
    expect(ahmet.toneTotals.druck).toBeGreaterThanOrEqual(3 * cases.length);
    const anna = result.identities.find((s) => s.identity === 'anna-schmidt')!;
    expect(anna.reported).toBe(0);
    const d = result.differences.find((x) => x.identity === 'olena-kovalenko')!;
    expect(d.factsDiffer).toBe(false);
    expect(d.toneDifferences.druck).toEqual({ baseline: 0, swapped: 3 });
    expect(d.toneDifferences.ausrufe).toEqual({ baseline: 0, swapped: 1 });
    expect(d.lines.onlySwapped[0]).toContain('unverzüglich');
  });

  it('flags changed facts (a different amount) even when the text is otherwise alike', async () => {
    const unequal = (f: Facts): string => letter({ ...f, betrag: f.person.vorname === 'Olena' ? f.betrag - 10 : f.betrag });
    const result = await runSwapTest({ suite: 'names-de-v1', cases, withIdentity, draft: unequal });
    const olena = result.identities.find((s) => s.identity === 'olena-kovalenko')!;
    expect(olena.factsDiffer).toBe(cases.length);
    expect(result.differences.every((d) => d.identity === 'olena-kovalenko' && d.factsDiffer)).toBe(true);
  });

  it('catches informal address ("du") for some names', async () => {
    const informal = (f: Facts): string =>
      f.person.vorname === 'Fatima' ? letter(f).replace('Bitte reichen Sie', 'Bitte reich du').replace('Ihren Antrag', 'deinen Antrag') : letter(f);
    const result = await runSwapTest({ suite: 'names-de-v1', cases, withIdentity, draft: informal });
    const fatima = result.differences.filter((d) => d.identity === 'fatima-al-hassan');
    expect(fatima).toHaveLength(cases.length);
    expect(fatima[0]!.toneDifferences.duzen).toEqual({ baseline: 0, swapped: 2 });
  });

  it('normalises names and gendered salutations and role nouns', () => {
    const olena = SWAP_IDENTITIES.find((i) => i.vorname === 'Olena')!;
    const thomas = SWAP_IDENTITIES[0]!;
    expect(normalise('Sehr geehrte Frau Kovalenko, Antragstellerin Olena Kovalenko', olena)).toBe(
      normalise('Sehr geehrter Herr Müller, Antragsteller Thomas Müller', thomas),
    );
  });

  it('computes ROUGE-L and the exact sign test correctly', () => {
    expect(rougeL(['a', 'b', 'c', 'd'], ['a', 'c', 'd'])).toBeCloseTo((2 * 1 * 0.75) / 1.75, 12);
    expect(rougeL([], [])).toBe(1);
    // scipy.stats.binomtest(2, 12).pvalue and binomtest(9, 10).pvalue
    expect(signTest(2, 10)).toBeCloseTo(0.03857421875, 12);
    expect(signTest(9, 1)).toBeCloseTo(0.021484375, 12);
    expect(signTest(0, 0)).toBe(1);
  });
});
