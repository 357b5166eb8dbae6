import { describe, expect, it } from 'vitest';
import { decide } from '../../engine/index.ts';
import { loadInstalledPacks } from '../../pack-files/index.ts';
import { draftPoolCase, plantError } from './caseworker.ts';
import { checkSandboxApplication } from './input-guard.ts';
import { generatePool } from './pool.ts';

const registry = loadInstalledPacks();
const packs = { pack: (id: 'wohngeld' | 'kita-beitrag') => registry.get(id) };

describe('the sandbox pool', () => {
  const pool = generatePool('2026-05-04', packs);

  it('is the same for the same day and different the next day, with every kind of case to practise on', () => {
    expect(generatePool('2026-05-04', packs)).toEqual(pool);
    expect(generatePool('2026-05-05', packs).map((p) => p.application)).not.toEqual(pool.map((p) => p.application));
    expect(pool.map((p) => `${p.packId}:${p.purpose}`)).toEqual([
      ...Array(4).fill('wohngeld:decided'),
      ...Array(2).fill('wohngeld:discretion'),
      'wohngeld:missing',
      ...Array(2).fill('kita-beitrag:decided'),
      ...Array(2).fill('kita-beitrag:discretion'),
      'kita-beitrag:missing',
    ]);
    const outcome = { decided: 'decided', discretion: 'needs_human', missing: 'missing_inputs' };
    for (const p of pool) expect(decide(registry.get(p.packId), p.application).outcome, p.label).toBe(outcome[p.purpose]);
  });

  it('holds no names, no Aktenzeichen and nothing the PII guard objects to, so every case can be loaded into the calculators', () => {
    for (const p of pool) {
      expect(() => checkSandboxApplication(registry.get(p.packId), p.application), p.label).not.toThrow();
      expect(JSON.stringify(p.application)).not.toMatch(/personalien|vorname|aktenzeichen/);
    }
  });

  it('plants an error the fact gate catches, in every decided case', () => {
    for (const p of pool.filter((x) => x.purpose !== 'discretion')) {
      const clean = draftPoolCase(registry.get(p.packId), p, null, '2026-05-04', { planted: false, edits: [] });
      expect(clean.gate.passed, `${p.label}: ${JSON.stringify(clean.gate.findings)}`).toBe(true);
      const planted = draftPoolCase(registry.get(p.packId), p, null, '2026-05-04', { planted: true, edits: [] });
      expect(planted.planted, p.label).not.toBeNull();
      expect(planted.gate.passed, p.label).toBe(false);
      expect(planted.gate.findings.some((f) => f.found?.includes(planted.planted!.to)), p.label).toBe(true);
    }
  });

  it('a plant without anything to change leaves the letter as it is', () => {
    const letter = { kind: 'antwort', pack: 'x', title: 't', subject: 's', aktenzeichen: 'A', sections: [{ id: 'antwort', heading: null, binding: false, origin: 'template', blocks: [{ type: 'p', text: 'Ohne Zahlen.' }] }] } as never;
    expect(plantError(letter, { kind: 'betrag', description: '' })).toEqual({ letter, changed: null });
  });
});
