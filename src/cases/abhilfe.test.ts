import { describe, expect, it } from 'vitest';
import { isAmtsklarError } from '../common/index.ts';
import { refuseWorsening } from './abhilfe.ts';

describe('refuseWorsening (§ 72 VwGO)', () => {
  it('lets a change in the person’s favour or without a changed amount pass', () => {
    expect(() => refuseWorsening('wohngeld', { wohngeld_monat: 169 }, { wohngeld_monat: 250 })).not.toThrow();
    expect(() => refuseWorsening('wohngeld', { wohngeld_monat: 169 }, { wohngeld_monat: 169 })).not.toThrow();
    expect(() => refuseWorsening('kita-beitrag', { beitrag_monat: '150.00' }, { beitrag_monat: '0.00' })).not.toThrow();
    expect(() => refuseWorsening('other-pack', { x: 2 }, { x: 1 })).not.toThrow();
  });

  it('refuses a worse result with a German conflict naming both amounts and the field', () => {
    let err: unknown;
    try {
      refuseWorsening('wohngeld', { wohngeld_monat: 169 }, { wohngeld_monat: '120' });
    } catch (e) {
      err = e;
    }
    expect(isAmtsklarError(err)).toBe(true);
    if (!isAmtsklarError(err)) return;
    expect(err.code).toBe('conflict');
    expect(err.message).toContain('§ 72 VwGO');
    expect(err.message).toContain('monatliches Wohngeld: bisher 169 €, neu 120 €');
    expect(err.problems[0]?.path).toBe('$.result');
    expect(() => refuseWorsening('kita-beitrag', { beitrag_monat: '0.00' }, { beitrag_monat: '45.50' })).toThrow(/monatlicher Elternbeitrag: bisher 0 €, neu 45,50 €/);
  });
});
