import { describe, expect, it } from 'vitest';
import { changeForPerson } from './outcomes.ts';

describe('changeForPerson', () => {
  it('reads Wohngeld as "more is better" and the Kita fee as "less is better"', () => {
    expect(changeForPerson('wohngeld', { wohngeld_monat: 169 }, { wohngeld_monat: '250' })?.change).toBe('better');
    expect(changeForPerson('wohngeld', { wohngeld_monat: 169 }, { wohngeld_monat: 0 })).toMatchObject({ change: 'worse', label: 'monatliches Wohngeld' });
    expect(changeForPerson('wohngeld', { wohngeld_monat: '169.00' }, { wohngeld_monat: 169 })?.change).toBe('same');
    expect(changeForPerson('kita-beitrag', { beitrag_monat: '120.00' }, { beitrag_monat: '0.00' })?.change).toBe('better');
    expect(changeForPerson('kita-beitrag', { beitrag_monat: '120.00' }, { beitrag_monat: '120.01' })).toMatchObject({ change: 'worse', label: 'monatlicher Elternbeitrag' });
  });

  it('compares exactly, in decimals', () => {
    expect(changeForPerson('kita-beitrag', { beitrag_monat: '0.30' }, { beitrag_monat: '0.3' })?.change).toBe('same');
    expect(changeForPerson('wohngeld', { wohngeld_monat: '100000000000000000.01' }, { wohngeld_monat: '100000000000000000.02' })?.change).toBe('better');
  });

  it('does not guess: an unknown system or a value that is not an amount gives null', () => {
    expect(changeForPerson('zuschuss', { zuschuss: 1 }, { zuschuss: 2 })).toBeNull();
    expect(changeForPerson('wohngeld', { wohngeld_monat: null }, { wohngeld_monat: 10 })).toBeNull();
    expect(changeForPerson('wohngeld', undefined, { wohngeld_monat: 10 })).toBeNull();
    expect(changeForPerson('wohngeld', { wohngeld_monat: 'viel' }, { wohngeld_monat: 10 })).toBeNull();
  });
});
