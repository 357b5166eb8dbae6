import type { SensitiveFlip } from '../counterfactual.ts';
import type { Rng } from '../random.ts';
import { NAMES, type Origin } from './names.ts';
import type { WohngeldAntrag } from './types.ts';

/**
 * Counterfactual flips for Wohngeld applications. Each changes one protected attribute or
 * proxy of the applicant and nothing else. Only the disability flip may change results,
 * and only through the allowance of § 17 Nr. 1 WoGG; the pack's own declaration (phase 2:
 * read from the pack) replaces this default.
 */
export const WOHNGELD_FLIPS: readonly SensitiveFlip<WohngeldAntrag>[] = [
  {
    attribute: 'name',
    flip: (a, rng) => {
      if (!a.personalien) return null;
      const female = a.personalien.anrede === 'Frau';
      const origin = otherOrigin(rng, originOf(a.personalien.nachname));
      const list = NAMES[origin];
      return withPersonalien(a, { vorname: rng.pick(female ? list.female : list.male), nachname: rng.pick(list.surnames) });
    },
  },
  {
    attribute: 'staatsangehoerigkeit',
    flip: (a, rng) => {
      if (!a.personalien) return null;
      const current = a.personalien.staatsangehoerigkeit;
      const options = ['DE', 'TR', 'UA', 'SY', 'PL', 'RO', 'IT'].filter((c) => c !== current);
      return withPersonalien(a, { staatsangehoerigkeit: rng.pick(options) });
    },
  },
  {
    attribute: 'geschlecht',
    flip: (a) => {
      if (!a.personalien) return null;
      const anrede = a.personalien.anrede === 'Frau' ? 'Herr' : 'Frau';
      return withPersonalien(a, { anrede });
    },
  },
  {
    attribute: 'alter_antragsteller',
    flip: (a, rng) => {
      const applicant = a.haushaltsmitglieder.find((m) => m.rolle === 'antragsteller');
      if (!applicant?.geburtsdatum) return null;
      const birthYear = Number(applicant.geburtsdatum.slice(0, 4));
      const stichtagYear = Number(a.stichtag.slice(0, 4));
      const age = stichtagYear - birthYear;
      // 5 to 15 years younger or older, staying an adult below 100.
      const younger = age + 15 > 99 ? true : age - 15 < 18 ? false : rng.bernoulli(0.5);
      const years = rng.int(5, 15);
      const newAge = younger ? age - years : age + years;
      if (newAge < 18 || newAge > 100) return null;
      const newYear = stichtagYear - newAge;
      const copy = structuredClone(a);
      const target = copy.haushaltsmitglieder.find((m) => m.rolle === 'antragsteller')!;
      target.geburtsdatum = `${newYear}${target.geburtsdatum.slice(4).replace('-02-29', '-02-28')}`;
      return copy;
    },
  },
  {
    attribute: 'behinderung',
    flip: (a) => {
      const copy = structuredClone(a);
      const applicant = copy.haushaltsmitglieder.find((m) => m.rolle === 'antragsteller');
      if (!applicant) return null;
      applicant.schwerbehindert_17_nr1 = !applicant.schwerbehindert_17_nr1;
      return copy;
    },
    mayInfluence: { outputs: ['Y', 'wohngeld_monat', 'reasons', 'outcome'], legalBasis: '§ 17 Nr. 1 WoGG (Freibetrag bei Schwerbehinderung)' },
  },
];

function withPersonalien(a: WohngeldAntrag, change: Partial<NonNullable<WohngeldAntrag['personalien']>>): WohngeldAntrag {
  const copy = structuredClone(a);
  copy.personalien = { ...copy.personalien!, ...change };
  return copy;
}

function originOf(surname: string): Origin {
  for (const [origin, list] of Object.entries(NAMES) as [Origin, (typeof NAMES)[Origin]][]) {
    if (list.surnames.includes(surname)) return origin;
  }
  return 'deutsch';
}

function otherOrigin(rng: Rng, current: Origin): Origin {
  const all = (Object.keys(NAMES) as Origin[]).filter((o) => o !== current);
  return rng.pick(all);
}
