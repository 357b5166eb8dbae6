import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractFacts, parseGermanAmount, shapeOf } from './extract.ts';
import { formatDate, formatDateLong, formatEuro } from './format.ts';

const keys = (text: string, kind: string) => extractFacts(text).filter((f) => f.kind === kind).map((f) => f.key);

describe('German amounts', () => {
  it.each([
    ['1.250,00 €', '1250.00'],
    ['1250,00 EUR', '1250.00'],
    ['342 Euro', '342.00'],
    ['EUR 12,5', '12.50'],
    ['€ 7', '7.00'],
    ['2 000 €', '2000.00'],
    ['2\u202F000,10 €', '2000.10'],
    ['110,- €', '110.00'],
    ['1.250 Euro', '1250.00'],
    ['12.50 €', '12.50'],
  ])('%s → %s', (text, key) => {
    expect(keys(`Betrag: ${text}.`, 'amount')).toEqual([key]);
  });

  it('does not read numbers without a currency, dates or § numbers as amounts', () => {
    expect(keys('Am 01.01.2025 nach § 19 WoGG für 2 Personen und 12 Monate.', 'amount')).toEqual([]);
  });

  it('round-trips every formatted amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_00 }), (cents) => {
        const key = (cents / 100).toFixed(2);
        expect(parseGermanAmount(formatEuro(key).replace(' €', ''))).toBe(key);
        expect(keys(`Sie erhalten ${formatEuro(key)} im Monat.`, 'amount')).toEqual([key]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('German dates and periods', () => {
  it.each([
    ['01.01.2025', '2025-01-01'],
    ['1.1.25', '2025-01-01'],
    ['1. Januar 2025', '2025-01-01'],
    ['3. März 2025', '2025-03-03'],
    ['2025-03-01', '2025-03-01'],
    ['31. Dez. 2025', '2025-12-31'],
  ])('%s → %s', (text, key) => {
    expect(keys(`Am ${text} beginnt es.`, 'date')).toEqual([key]);
  });

  it('marks impossible dates', () => {
    expect(keys('Am 31.02.2025.', 'date')).toEqual(['ungültig:31.02.2025']);
  });

  it('joins „vom … bis …" and dashes into periods, also with months', () => {
    expect(keys('vom 01.01.2025 bis 31.12.2025', 'period')).toEqual(['2025-01-01/2025-12-31']);
    expect(keys('1. Januar 2025 – 31. Dezember 2025', 'period')).toEqual(['2025-01-01/2025-12-31']);
    expect(keys('von Januar 2025 bis Dezember 2025', 'period')).toEqual(['2025-01/2025-12']);
    expect(keys('ab Februar 2025', 'month')).toEqual(['2025-02']);
  });

  it('round-trips both date formats', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01'), max: new Date('2060-12-31'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        expect(keys(`Am ${formatDate(iso)} und`, 'date')).toEqual([iso]);
        expect(keys(`Am ${formatDateLong(iso)} und`, 'date')).toEqual([iso]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('durations and Aktenzeichen', () => {
  it('reads deadlines in words and digits', () => {
    expect(keys('innerhalb eines Monats, binnen 14 Tagen, vier Wochen, für 12 Monate', 'duration')).toEqual(['1 Monat', '14 Tag', '4 Woche', '12 Monat']);
  });

  it('finds labelled Aktenzeichen and those of the known shape', () => {
    expect(keys('Aktenzeichen: WG-2025-000123', 'aktenzeichen')).toEqual(['WG-2025-000123']);
    const f = extractFacts('Ihr Antrag WG-2025-000124 ist da.', { aktenzeichenPatterns: [shapeOf('WG-2025-000123')] });
    expect(f.map((x) => x.key)).toEqual(['WG-2025-000124']);
  });
});
