import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { SENSITIVE_ATTRIBUTES } from '../model.ts';
import { exactAge, generatePopulation } from './generate.ts';
import { MUNICIPALITIES } from './municipalities.ts';
import { HOUSEHOLD_TYPES, SHARE_LASTENZUSCHUSS, SURVEY_CONSENT } from './sources.ts';
import type { SyntheticHousehold } from './types.ts';

const schemaPath = fileURLToPath(new URL('../../../../shared/contracts/wohngeld-antrag.schema.json', import.meta.url));
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const N = 6000;
const households: SyntheticHousehold[] = [...generatePopulation({ seed: 'population-test', count: N })];

describe('synthetic population', () => {
  it('produces Wohngeld applications that are valid against the contract schema', () => {
    const invalid = households.filter((h) => !validate(h.wohngeld));
    expect(invalid.length, JSON.stringify(validate.errors)).toBe(0);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const again = [...generatePopulation({ seed: 'population-test', count: 50 })];
    expect(JSON.stringify(again)).toBe(JSON.stringify(households.slice(0, 50)));
    const other = [...generatePopulation({ seed: 'another', count: 50 })];
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(again));
  });

  it('covers the special cases of the contract: Lastenzuschuss, mixed households, Grundrente, § 18, > 12 members', () => {
    const all = [...generatePopulation({ seed: 'rare-cases', count: 40_000, personalien: false })];
    const lasten = all.filter((h) => h.wohngeld.art === 'lastenzuschuss').length / all.length;
    expect(lasten).toBeGreaterThan(SHARE_LASTENZUSCHUSS * 0.8);
    expect(lasten).toBeLessThan(SHARE_LASTENZUSCHUSS * 1.2);
    const excluded = new Set(all.flatMap((h) => h.wohngeld.haushaltsmitglieder.map((m) => m.ausschluss).filter(Boolean)));
    expect([...excluded].sort()).toEqual(['asylblg', 'sgb12_grundsicherung', 'sgb14', 'sgb2']);
    expect(all.some((h) => h.wohngeld.haushaltsmitglieder.some((m) => m.grundrentenzeiten_33_jahre))).toBe(true);
    const paid = all.flatMap((h) => h.wohngeld.unterhalt_gezahlt ?? []);
    expect(new Set(paid.map((u) => u.empfaenger)).size).toBe(4);
    expect(all.some((h) => h.wohngeld.haushaltsmitglieder.length > 12)).toBe(true);
    expect(all.some((h) => h.wohngeld.haushaltsmitglieder.some((m) => m.schwerbehindert_17_nr1))).toBe(true);
    expect(all.some((h) => h.wohngeld.alleinerziehend)).toBe(true);
    const arts = new Set(all.flatMap((h) => h.wohngeld.haushaltsmitglieder.flatMap((m) => (m.einkuenfte ?? []).map((e) => e.art))));
    for (const art of ['erwerb', 'minijob', 'rente', 'versorgung', 'lohnersatz', 'unterhaltsvorschuss', 'unterhalt']) expect(arts.has(art as never)).toBe(true);
  });

  it('follows the documented household-type shares', () => {
    const total = HOUSEHOLD_TYPES.reduce((s, [, w]) => s + w, 0);
    for (const [type, weight] of HOUSEHOLD_TYPES) {
      const expected = (weight / total) * N;
      const seen = households.filter((h) => h.type === type).length;
      // 5 binomial standard deviations: a wrong table fails, sampling noise does not.
      expect(Math.abs(seen - expected)).toBeLessThanOrEqual(5 * Math.sqrt(expected) + 1);
    }
  });

  it('uses real municipalities with their Mietenstufe, or a Mietenstufe I–VII', () => {
    const byAgs = new Map(MUNICIPALITIES.map((m) => [m.ags, m]));
    const stufen = new Set<number>();
    for (const h of households) {
      const a = h.wohngeld;
      if (a.gemeindeschluessel) {
        expect(byAgs.has(a.gemeindeschluessel)).toBe(true);
        stufen.add(byAgs.get(a.gemeindeschluessel)!.mietenstufe);
      } else {
        expect(a.mietenstufe).toBeGreaterThanOrEqual(1);
        expect(a.mietenstufe).toBeLessThanOrEqual(7);
        stufen.add(a.mietenstufe!);
      }
    }
    expect([...stufen].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('keeps ages, roles and single parents consistent', () => {
    for (const h of households) {
      const a = h.wohngeld;
      const applicant = a.haushaltsmitglieder[0]!;
      expect(applicant.rolle).toBe('antragsteller');
      expect(exactAge(applicant.geburtsdatum, a.stichtag)).toBeGreaterThanOrEqual(18);
      if (a.alleinerziehend) {
        expect(a.haushaltsmitglieder.some((m) => m.rolle === 'partner')).toBe(false);
        expect(a.haushaltsmitglieder.some((m) => m.rolle === 'kind' && exactAge(m.geburtsdatum, a.stichtag) < 18)).toBe(true);
      }
      expect(h.latent.ageGroup).toBe(ageBand(exactAge(applicant.geburtsdatum, a.stichtag)));
    }
  });

  it('writes Kita applications for households with a child of Kita age, in the input format of the kita pack', () => {
    const kita = households.filter((h) => h.kita !== null);
    expect(kita.length).toBeGreaterThan(N * 0.05);
    for (const h of kita) {
      const k = h.kita!;
      expect(k.stichtag >= '2024-08-01').toBe(true);
      const age = exactAge(k.kind.geburtsdatum, k.stichtag);
      expect(age).toBeGreaterThanOrEqual(0);
      expect(age).toBeLessThanOrEqual(7);
      if (k.einkuenfte_eltern_vorjahr !== undefined) expect(k.einkuenfte_eltern_vorjahr).toMatch(/^[0-9]+(\.[0-9]{2})?$/);
      if (k.kind.betreuungsstunden_woche !== undefined) expect([20, 25, 30, 35, 40, 45]).toContain(k.kind.betreuungsstunden_woche);
      for (const l of k.leistungsbezug) expect(['sgb2', 'sgb12', 'asylblg', 'kinderzuschlag', 'wohngeld']).toContain(l);
    }
    expect(kita.some((h) => h.kita!.kind.betreuungsstunden_woche === undefined)).toBe(true);
    expect(kita.some((h) => h.kita!.einkuenfte_eltern_vorjahr === undefined)).toBe(true);
    expect(kita.some((h) => h.kita!.haertefallantrag)).toBe(true);
    expect(kita.some((h) => h.kita!.geschwister_in_betreuung.length > 0)).toBe(true);
    expect(kita.some((h) => h.kita!.elterngeld_monatlich !== undefined)).toBe(true);
    expect(kita.some((h) => h.kita!.kind.letztes_kitajahr_vor_einschulung)).toBe(true);
  });

  it('keeps the equality survey apart: linked only by the pseudonym, answers only with consent', () => {
    const surveyKeys = new Set(['pseudonym', 'consent', 'consentedAt', 'answers']);
    for (const h of households) {
      expect(Object.keys(h.survey).every((k) => surveyKeys.has(k))).toBe(true);
      expect(h.survey.pseudonym).toBe(h.pseudonym);
      if (!h.survey.consent) expect(h.survey.answers).toEqual({});
      const application = JSON.stringify(h.wohngeld);
      expect(application).not.toContain(h.pseudonym);
      for (const attribute of SENSITIVE_ATTRIBUTES) expect(application).not.toContain(`"${attribute}"`);
    }
    const consent = households.filter((h) => h.survey.consent).length / N;
    expect(Math.abs(consent - SURVEY_CONSENT)).toBeLessThan(0.03);
    expect(new Set(households.map((h) => h.pseudonym)).size).toBe(N);
  });

  it('has realistic attribute shares (documented sources)', () => {
    const share = (attr: keyof SyntheticHousehold['latent'], value: string): number =>
      households.filter((h) => h.latent[attr] === value).length / N;
    expect(share('disability', 'ja')).toBeGreaterThan(0.08);
    expect(share('disability', 'ja')).toBeLessThan(0.25);
    expect(share('migrationBackground', 'ja')).toBeGreaterThan(0.2);
    expect(share('migrationBackground', 'ja')).toBeLessThan(0.4);
    expect(share('nationalityGroup', 'deutsch')).toBeGreaterThan(0.7);
    expect(share('gender', 'divers')).toBeLessThan(0.01);
    expect(share('ageGroup', '75+')).toBeGreaterThan(0.15);
  });
});

function ageBand(age: number): string {
  if (age < 30) return '18-29';
  if (age < 45) return '30-44';
  if (age < 65) return '45-64';
  if (age < 75) return '65-74';
  return '75+';
}
