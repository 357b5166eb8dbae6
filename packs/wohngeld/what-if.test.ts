import { describe, expect, it } from 'vitest';
import { decide, whatIf } from '../../src/engine/index.ts';
import { loadPackFromDir } from '../../src/pack-files/index.ts';

// The engine's what-if on the Wohngeld pack: „Bis zu einem Einkommen von X € bestünde ein Anspruch“.
const pack = loadPackFromDir(new URL('.', import.meta.url).pathname);
const path = '$.haushaltsmitglieder[0].einkuenfte[0].brutto_monat';
const antrag = (brutto: string) => ({ stichtag: '2025-03-01', mietenstufe: 3, miete_monat: '600.00', haushaltsmitglieder: [{ id: 'p1', rolle: 'antragsteller', geburtsdatum: '1980-01-01', einkuenfte: [{ art: 'erwerb', brutto_monat: brutto }] }] });
const amount = (brutto: string) => decide(pack, antrag(brutto), { trace: false, embedRequest: false }).values.wohngeld_monat as number;

describe('what-if', () => {
  it('finds the income at which the claim ends, to the cent, and says it in German', () => {
    const r = whatIf(pack, antrag('1500.00'), { path });
    expect(r.outputNow).toBe(amount('1500.00'));
    const up = r.boundaries.find((b) => b.direction === 'up')!;
    const before = (Number(up.at.replace('.', '')) - 1).toString().replace(/(\d\d)$/, '.$1');
    expect(amount(before)).toBeGreaterThan(0);
    expect(amount(up.at)).toBe(0);
    const german = before.replace('.', ',').replace(/(\d)(\d{3}),/, '$1.$2,');
    expect(r.sentences).toEqual([`Bis zu einem monatlichen Bruttoeinkommen von ${german} € bestünde ein Anspruch.`]);
  });

  it('names the field of an invalid application instead of failing in the search', () => {
    expect(() => whatIf(pack, antrag('abc'), { path })).toThrow(/einkuenfte\[0\]\.brutto_monat/);
  });

  it('searches an integer input with JSON numbers (the schema refuses "3") and within its bounds (Mietenstufe 1–7)', () => {
    const r = whatIf(pack, antrag('1500.00'), { path: '$.mietenstufe', change: 'value' });
    expect(r.outputNow).toBe(amount('1500.00'));
    expect(r.boundaries.length).toBeGreaterThan(0);
    for (const b of r.boundaries) {
      expect(Number.isInteger(Number(b.at))).toBe(true);
      expect(Number(b.at)).toBeGreaterThanOrEqual(1);
      expect(Number(b.at)).toBeLessThanOrEqual(7);
    }
  });
});
