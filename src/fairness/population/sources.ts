/**
 * Distribution parameters of the synthetic population, each with its source. "S" marks a
 * published figure (see docs/fairness.md for the full citation), "A" an assumption of
 * ours, chosen to be plausible and marked so that nobody mistakes it for a statistic.
 */

export type HouseholdType =
  | 'rentner_allein'
  | 'rentner_paar'
  | 'erwerb_allein'
  | 'alg1_allein'
  | 'paar_ohne_kinder'
  | 'alleinerziehend'
  | 'paar_mit_kindern'
  | 'mehrgenerationen'
  | 'misch_transfer'
  | 'grossfamilie';

/**
 * Household types of Wohngeld *applicants*. S: Destatis, Wohngeldstatistik 31.12.2023 —
 * about 605 500 of about 1.2 million recipient households were pensioner households
 * (≈ 52 %); about 2 % were mixed households with members excluded by § 7 WoGG
 * (Pressemitteilung Nr. 373 vom 30.09.2024). A: the split of the remaining ~46 % into
 * employed, ALG I and family types; applicants include refused cases, so mixed and
 * working households are somewhat more frequent than among recipients.
 */
export const HOUSEHOLD_TYPES: readonly (readonly [HouseholdType, number])[] = [
  ['rentner_allein', 38],
  ['rentner_paar', 11],
  ['erwerb_allein', 12],
  ['alg1_allein', 5],
  ['paar_ohne_kinder', 4],
  ['alleinerziehend', 10],
  ['paar_mit_kindern', 14],
  ['mehrgenerationen', 2.5],
  ['misch_transfer', 3.45],
  ['grossfamilie', 0.05],
];

/** Mietenstufe of applicants. A: oriented on the larger share of Wohngeld households in East Germany and smaller towns (recipient shares by Land, Destatis 2023: MV 5.5 %, BY 1.6 %). */
export const MIETENSTUFE_WEIGHTS: readonly (readonly [number, number])[] = [
  [1, 12],
  [2, 19],
  [3, 24],
  [4, 21],
  [5, 12],
  [6, 8],
  [7, 4],
];

/** Share of applications naming the municipality (AGS) instead of the Mietenstufe. A. */
export const SHARE_WITH_GEMEINDESCHLUESSEL = 0.5;

/** Lastenzuschuss (owners) among applicants. A: about 7 %, cf. Sachsen 2014: 93.2 % Mietzuschuss (Statistisches Landesamt Sachsen). */
export const SHARE_LASTENZUSCHUSS = 0.07;

/**
 * Monthly gross incomes as log-normal (median, σ of the log). A, anchored on the
 * official BMWSB 2025 examples (pensions 880–1 410 €, wages 1 530–4 000 €, ALG I 1 350 €;
 * docs/wohngeld.md Kap. 5) and the 2025 Minijob ceiling of 556 € (same examples, Nr. 6).
 */
export const INCOME = {
  rente: { median: 1150, sigma: 0.3, min: 350, max: 2600 },
  versorgung: { median: 1900, sigma: 0.2, min: 1200, max: 3200 },
  erwerbVollzeit: { median: 2350, sigma: 0.25, min: 1400, max: 4800 },
  erwerbTeilzeit: { median: 1300, sigma: 0.3, min: 600, max: 2400 },
  minijobMax: 556,
  lohnersatz: { median: 1150, sigma: 0.25, min: 500, max: 2200 },
  unterhaltEmpfangen: { median: 350, sigma: 0.35, min: 100, max: 900 },
} as const;

/** Unterhaltsvorschuss per child and month by age band. A (S-near): UVG rates 2025 as published by the BMFSFJ, rounded. */
export const UNTERHALTSVORSCHUSS = [
  { maxAge: 5, amount: 227 },
  { maxAge: 11, amount: 299 },
  { maxAge: 17, amount: 394 },
] as const;

/** Rent as a multiple of (Höchstbetrag + Klimakomponente): median and σ of the log. A: a third of applicants above the cap. */
export const RENT_FACTOR = { median: 0.93, sigma: 0.2 };

/** Share of pensioners with ≥ 33 years of Grundrentenzeiten (§ 17a). A. */
export const SHARE_GRUNDRENTE = 0.15;
/** Share of households paying maintenance outside the household (§ 18). A. */
export const SHARE_UNTERHALT_GEZAHLT = 0.04;
/** Share of applications that state assets (§ 21 Nr. 3); of those, 3 % above the 60 000 € guideline. A. */
export const SHARE_VERMOEGEN_ANGEGEBEN = 0.2;

/**
 * Applicant attributes. S: Destatis — 9.3 % of the population severely disabled at the
 * end of 2023, 79 % of them aged 55 or more; Mikrozensus 2023 (BAMF Migrationsbericht
 * 2023): 29.7 % with Migrationshintergrund; AZR 31.12.2023: 13.9 million foreign
 * nationals (≈ 16 %), 5.3 million of them EU citizens. A: the shares by household type.
 */
export const NATIONALITY_BY_TYPE: Readonly<Record<'rentner' | 'erwerbsalter', readonly (readonly ['deutsch' | 'eu' | 'drittstaat', number])[]>> = {
  rentner: [
    ['deutsch', 90],
    ['eu', 4],
    ['drittstaat', 6],
  ],
  erwerbsalter: [
    ['deutsch', 70],
    ['eu', 11],
    ['drittstaat', 19],
  ],
};

/** Germans with Einwanderungsgeschichte/Migrationshintergrund: (29.7 % − ≈ 16 % foreigners) / 84 % ≈ 16 % (derived, A). */
export const SHARE_MIGRATION_AMONG_GERMANS = 0.16;

/** Severe disability by age (A, consistent with 9.3 % overall and the concentration in older ages). */
export const DISABILITY_BY_AGE = [
  { maxAge: 44, share: 0.03 },
  { maxAge: 64, share: 0.11 },
  { maxAge: 74, share: 0.2 },
  { maxAge: 200, share: 0.3 },
] as const;

/** Of severely disabled persons, those meeting § 17 Nr. 1 WoGG (GdB 100, or < 100 with care at home). A. */
export const SHARE_17_NR1_AMONG_DISABLED = 0.35;

/** Share of women among applicants by household type. S-near: about four in five single parents are mothers (Mikrozensus); A otherwise. */
export const FEMALE_SHARE: Readonly<Record<HouseholdType, number>> = {
  rentner_allein: 0.66,
  rentner_paar: 0.5,
  erwerb_allein: 0.48,
  alg1_allein: 0.45,
  paar_ohne_kinder: 0.5,
  alleinerziehend: 0.82,
  paar_mit_kindern: 0.5,
  mehrgenerationen: 0.5,
  misch_transfer: 0.55,
  grossfamilie: 0.5,
};
/** Share answering "divers" (A: very small — which is what makes suppression necessary). */
export const SHARE_DIVERS = 0.002;

/** Equality survey: share consenting, and per-item non-response among those (A). */
export const SURVEY_CONSENT = 0.6;
export const SURVEY_ITEM_NONRESPONSE = 0.04;

/** Kita: weekly care hours booked (A) and share of parents not proving income (§ 2 Abs. 3, A). */
export const KITA_HOURS: readonly (readonly [number, number])[] = [
  [20, 8],
  [25, 18],
  [30, 14],
  [35, 30],
  [40, 15],
  [45, 15],
];
export const KITA_INCOME_NOT_PROVEN = 0.08;
export const KITA_HARDSHIP_APPLICATION = 0.03;
/** Share of Kita applications without the care hours (a missing input the pack must ask for). A. */
export const KITA_HOURS_MISSING = 0.02;
