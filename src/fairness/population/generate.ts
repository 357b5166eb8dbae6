import { invalidInput } from '../../common/index.ts';
import { SENSITIVE_ATTRIBUTES, type EqualitySurveyResponse, type SensitiveAttribute } from '../model.ts';
import { Rng, WeightedTable } from '../random.ts';
import { MUNICIPALITIES, type Municipality } from './municipalities.ts';
import { EU_ORIGINS, GERMAN_MIGRATION_ORIGINS, NAMES, THIRD_COUNTRY_ORIGINS, type Origin } from './names.ts';
import {
  DISABILITY_BY_AGE,
  FEMALE_SHARE,
  HOUSEHOLD_TYPES,
  INCOME,
  KITA_HARDSHIP_APPLICATION,
  KITA_HOURS,
  KITA_HOURS_MISSING,
  KITA_INCOME_NOT_PROVEN,
  MIETENSTUFE_WEIGHTS,
  NATIONALITY_BY_TYPE,
  RENT_FACTOR,
  SHARE_17_NR1_AMONG_DISABLED,
  SHARE_DIVERS,
  SHARE_GRUNDRENTE,
  SHARE_LASTENZUSCHUSS,
  SHARE_MIGRATION_AMONG_GERMANS,
  SHARE_UNTERHALT_GEZAHLT,
  SHARE_VERMOEGEN_ANGEGEBEN,
  SHARE_WITH_GEMEINDESCHLUESSEL,
  SURVEY_CONSENT,
  SURVEY_ITEM_NONRESPONSE,
  UNTERHALTSVORSCHUSS,
  type HouseholdType,
} from './sources.ts';
import type { Einkunftsart, Haushaltsmitglied, KitaAntrag, SyntheticHousehold, UnterhaltGezahlt, WohngeldAntrag } from './types.ts';

export interface PopulationOptions {
  seed: string | number;
  /** Number of households; omit for an endless stream. */
  count?: number;
  /** First and last month of the Stichtag (first day of the Bewilligungszeitraum), `YYYY-MM`. */
  from?: string;
  to?: string;
  /** Add name, salutation and nationality to the application (extra contract fields). Default true. */
  personalien?: boolean;
}

/**
 * An endless, seeded stream of synthetic households: a Wohngeld application in the
 * contract format, a Kita application where a child is of Kita age, and — separately —
 * the equality survey the household might answer. Same seed, same stream. Streaming, so
 * a million households never sit in memory at once.
 */
export function* generatePopulation(options: PopulationOptions): Generator<SyntheticHousehold> {
  const months = monthRange(options.from ?? '2025-01', options.to ?? '2026-06');
  const rng = new Rng(options.seed);
  const withPersonalien = options.personalien ?? true;
  const count = options.count ?? Infinity;
  for (let i = 0; i < count; i++) yield generateHousehold(rng, i, months, withPersonalien);
}

const TYPES = new WeightedTable(HOUSEHOLD_TYPES);
const STUFEN = new WeightedTable(MIETENSTUFE_WEIGHTS);
const KITA_HOURS_TABLE = new WeightedTable(KITA_HOURS);
const BY_STUFE = new Map<number, Municipality[]>();
for (const m of MUNICIPALITIES) {
  const list = BY_STUFE.get(m.mietenstufe) ?? [];
  list.push(m);
  BY_STUFE.set(m.mietenstufe, list);
}

/** Höchstbeträge ab 01.01.2025 (WoGG Anlage 1; docs/wohngeld.md 2.2 b): rows 1–5 members, then the increment. */
const HOECHSTBETRAG_2025 = [
  [361, 408, 456, 511, 562, 615, 677],
  [437, 493, 551, 619, 680, 745, 820],
  [521, 587, 657, 737, 809, 887, 975],
  [608, 686, 766, 858, 946, 1035, 1139],
  [694, 782, 875, 982, 1080, 1183, 1302],
];
const HOECHSTBETRAG_MEHR = [82, 94, 106, 119, 129, 149, 163];
/** Klimakomponente (§ 12 Abs. 7 WoGG; docs/wohngeld.md 2.3), in cents. */
const KLIMA_CENTS = [1920, 2480, 2960, 3440, 3920];
const KLIMA_MEHR_CENTS = 480;

interface Person {
  age: number;
  female: boolean;
  divers: boolean;
}

/** The members of one household under construction. */
class Members {
  readonly list: Haushaltsmitglied[] = [];
  readonly childAges: number[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly year: number,
    private readonly month: number,
  ) {}

  birth(age: number): string {
    return birthDate(this.rng, this.year, this.month, age);
  }

  add(m: Omit<Haushaltsmitglied, 'id'>): Haushaltsmitglied {
    const member = { id: `p${this.list.length + 1}`, ...m };
    this.list.push(member);
    return member;
  }

  addChildren(count: number, maxAge: number, minAge = 0): Haushaltsmitglied[] {
    const out: Haushaltsmitglied[] = [];
    for (let c = 0; c < count; c++) {
      const age = this.rng.int(minAge, maxAge);
      this.childAges.push(age);
      out.push(this.add({ rolle: 'kind', geburtsdatum: this.birth(age) }));
    }
    return out;
  }
}

function generateHousehold(rng: Rng, index: number, months: readonly string[], withPersonalien: boolean): SyntheticHousehold {
  const type = TYPES.draw(rng);
  const stichtag = `${rng.pick(months)}-01`;
  const year = Number(stichtag.slice(0, 4));
  const month = Number(stichtag.slice(5, 7));
  const h = new Members(rng, year, month);
  const members = h.list;
  const childAges = h.childAges;
  let alleinerziehend = false;
  let applicantAge = 40;
  let earner = false;

  switch (type) {
    case 'rentner_allein': {
      applicantAge = pensionerAge(rng);
      h.add({ rolle: 'antragsteller', geburtsdatum: h.birth(applicantAge), ...pensionIncome(rng, INCOME.rente.median) });
      break;
    }
    case 'rentner_paar': {
      applicantAge = pensionerAge(rng);
      h.add({ rolle: 'antragsteller', geburtsdatum: h.birth(applicantAge), ...pensionIncome(rng, INCOME.rente.median) });
      h.add({ rolle: 'partner', geburtsdatum: h.birth(clamp(applicantAge + rng.int(-5, 5), 60, 99)), ...pensionIncome(rng, 800) });
      break;
    }
    case 'erwerb_allein': {
      applicantAge = rng.weighted([[rng.int(20, 29), 30], [rng.int(30, 44), 30], [rng.int(45, 64), 40]]);
      h.add({ rolle: 'antragsteller', geburtsdatum: h.birth(applicantAge), ...workIncome(rng, rng.weighted([['voll', 60], ['teil', 30], ['mini', 10]])) });
      earner = true;
      break;
    }
    case 'alg1_allein': {
      applicantAge = rng.int(20, 64);
      h.add({ rolle: 'antragsteller', geburtsdatum: h.birth(applicantAge), einkuenfte: [income('lohnersatz', lognormal(rng, INCOME.lohnersatz))] });
      break;
    }
    case 'paar_ohne_kinder': {
      applicantAge = rng.int(22, 64);
      h.add({ rolle: 'antragsteller', geburtsdatum: h.birth(applicantAge), ...workIncome(rng, rng.weighted([['voll', 60], ['teil', 40]])) });
      h.add({ rolle: 'partner', geburtsdatum: h.birth(clamp(applicantAge + rng.int(-6, 6), 18, 66)), ...workIncome(rng, rng.weighted([['mini', 40], ['teil', 30], ['keine', 30]])) });
      earner = true;
      break;
    }
    case 'alleinerziehend': {
      applicantAge = rng.int(20, 55);
      alleinerziehend = true;
      h.add({
        rolle: 'antragsteller',
        geburtsdatum: h.birth(applicantAge),
        ...workIncome(rng, rng.weighted([['teil', 45], ['voll', 25], ['mini', 15], ['alg', 10], ['keine', 5]])),
      });
      const kids = h.addChildren(rng.weighted([[1, 55], [2, 33], [3, 12]]), Math.min(17, applicantAge - 18));
      const maintenance = rng.weighted([['uvg', 50], ['unterhalt', 30], ['keine', 20]]);
      kids.forEach((kid, k) => {
        if (maintenance === 'uvg') kid.einkuenfte = [income('unterhaltsvorschuss', uvgCents(childAges[childAges.length - kids.length + k]!))];
        else if (maintenance === 'unterhalt') kid.einkuenfte = [income('unterhalt', lognormal(rng, INCOME.unterhaltEmpfangen))];
      });
      earner = true;
      break;
    }
    case 'paar_mit_kindern':
    case 'grossfamilie': {
      applicantAge = rng.int(24, 55);
      h.add({ rolle: 'antragsteller', geburtsdatum: h.birth(applicantAge), ...workIncome(rng, rng.weighted([['voll', 80], ['teil', 20]])) });
      h.add({ rolle: 'partner', geburtsdatum: h.birth(clamp(applicantAge + rng.int(-6, 6), 20, 60)), ...workIncome(rng, rng.weighted([['mini', 35], ['teil', 25], ['keine', 40]])) });
      const count = type === 'grossfamilie' ? rng.int(11, 12) : rng.weighted([[1, 30], [2, 35], [3, 20], [4, 10], [5, 5]]);
      const kids = h.addChildren(count, Math.min(22, applicantAge - 18));
      kids.forEach((kid, k) => {
        const age = childAges[childAges.length - kids.length + k]!;
        if (age >= 15 && rng.bernoulli(0.08)) kid.einkuenfte = [income('erwerb', rng.int(60, 520) * 100)];
      });
      earner = true;
      break;
    }
    case 'mehrgenerationen': {
      applicantAge = rng.int(28, 55);
      h.add({ rolle: 'antragsteller', geburtsdatum: h.birth(applicantAge), ...workIncome(rng, rng.weighted([['voll', 70], ['teil', 30]])) });
      h.add({ rolle: 'partner', geburtsdatum: h.birth(clamp(applicantAge + rng.int(-5, 5), 22, 60)), ...workIncome(rng, rng.weighted([['mini', 40], ['teil', 30], ['keine', 30]])) });
      h.addChildren(rng.int(1, 3), Math.min(20, applicantAge - 18));
      h.add({ rolle: 'sonstige', geburtsdatum: h.birth(rng.int(68, 92)), ...pensionIncome(rng, 900) });
      earner = true;
      break;
    }
    case 'misch_transfer': {
      const variant = rng.weighted([['eltern_kind_sgb2', 45], ['partner_grundsicherung', 30], ['familie_asylblg', 15], ['partner_sgb14', 10]]);
      if (variant === 'eltern_kind_sgb2') {
        applicantAge = rng.int(55, 85);
        h.add({ rolle: 'antragsteller', geburtsdatum: h.birth(applicantAge), ...pensionIncome(rng, 950) });
        h.addChildren(1, 40, 20)[0]!.ausschluss = 'sgb2';
      } else if (variant === 'partner_grundsicherung') {
        applicantAge = rng.int(65, 88);
        h.add({ rolle: 'antragsteller', geburtsdatum: h.birth(applicantAge), ...pensionIncome(rng, INCOME.rente.median) });
        h.add({ rolle: 'partner', geburtsdatum: h.birth(clamp(applicantAge + rng.int(-5, 5), 60, 95)), ausschluss: 'sgb12_grundsicherung' });
      } else if (variant === 'familie_asylblg') {
        applicantAge = rng.int(22, 50);
        h.add({ rolle: 'antragsteller', geburtsdatum: h.birth(applicantAge), ...workIncome(rng, rng.weighted([['voll', 50], ['teil', 50]])) });
        h.add({ rolle: 'partner', geburtsdatum: h.birth(clamp(applicantAge + rng.int(-5, 5), 18, 60)), ausschluss: 'asylblg' });
        h.addChildren(rng.int(1, 3), Math.min(15, applicantAge - 18));
        earner = true;
      } else {
        applicantAge = rng.int(30, 70);
        h.add({ rolle: 'antragsteller', geburtsdatum: h.birth(applicantAge), ...workIncome(rng, rng.weighted([['voll', 50], ['teil', 50]])) });
        h.add({ rolle: 'partner', geburtsdatum: h.birth(clamp(applicantAge + rng.int(-5, 5), 25, 80)), ausschluss: 'sgb14' });
        earner = true;
      }
      break;
    }
  }

  const applicant = members[0]!;
  const person: Person = drawPerson(rng, type, exactAge(applicant.geburtsdatum, stichtag));
  const latent = latentAttributes(rng, type, person);
  if (latent.disability === 'ja' && rng.bernoulli(SHARE_17_NR1_AMONG_DISABLED)) applicant.schwerbehindert_17_nr1 = true;
  for (const m of members.slice(1)) {
    if (m.rolle !== 'kind' && rng.bernoulli(0.06)) m.schwerbehindert_17_nr1 = true;
  }

  const lasten = rng.bernoulli(type === 'misch_transfer' ? SHARE_LASTENZUSCHUSS / 2 : SHARE_LASTENZUSCHUSS);
  const stufe = STUFEN.draw(rng);
  const antrag: WohngeldAntrag = {
    aktenzeichen: `WG-${year}-${String(index + 1).padStart(7, '0')}`,
    stichtag,
    art: lasten ? 'lastenzuschuss' : 'mietzuschuss',
    miete_monat: rentFor(rng, members.length, stufe),
    haushaltsmitglieder: members,
  };
  if (rng.bernoulli(SHARE_WITH_GEMEINDESCHLUESSEL)) antrag.gemeindeschluessel = rng.pick(BY_STUFE.get(stufe)!).ags;
  else antrag.mietenstufe = stufe;
  if (alleinerziehend) antrag.alleinerziehend = true;
  if (earner && rng.bernoulli(SHARE_UNTERHALT_GEZAHLT)) antrag.unterhalt_gezahlt = [maintenancePaid(rng)];
  if (rng.bernoulli(SHARE_VERMOEGEN_ANGEGEBEN)) {
    antrag.vermoegen = euros(rng.bernoulli(0.03) ? rng.int(61_000, 150_000) * 100 : Math.round(rng.logNormal(5000, 1)) * 100);
  }
  const origin = originOf(rng, latent);
  if (withPersonalien) antrag.personalien = personalien(rng, person, latent, origin);

  const pseudonym = rng.hex128();
  return {
    pseudonym,
    type,
    wohngeld: antrag,
    kita: kitaApplication(rng, antrag, childAges, year, month, withPersonalien ? origin : null),
    survey: survey(rng, pseudonym, latent, stichtag),
    latent,
  };
}

function pensionerAge(rng: Rng): number {
  return rng.weighted([[rng.int(65, 74), 45], [rng.int(75, 84), 38], [rng.int(85, 95), 17]]);
}

function pensionIncome(rng: Rng, median: number): Pick<Haushaltsmitglied, 'einkuenfte' | 'abzuege_16' | 'grundrentenzeiten_33_jahre'> {
  const versorgung = rng.bernoulli(0.03);
  const cents = versorgung ? lognormal(rng, INCOME.versorgung) : lognormal(rng, { ...INCOME.rente, median });
  const out: Pick<Haushaltsmitglied, 'einkuenfte' | 'abzuege_16' | 'grundrentenzeiten_33_jahre'> = {
    einkuenfte: [income(versorgung ? 'versorgung' : 'rente', cents)],
    abzuege_16: { steuern: cents > 130_000, kranken_pflege: true, rente: false },
  };
  if (!versorgung && cents < 140_000 && rng.bernoulli(SHARE_GRUNDRENTE)) out.grundrentenzeiten_33_jahre = true;
  return out;
}

function workIncome(rng: Rng, kind: 'voll' | 'teil' | 'mini' | 'alg' | 'keine'): Pick<Haushaltsmitglied, 'einkuenfte' | 'abzuege_16'> {
  switch (kind) {
    case 'voll':
    case 'teil': {
      const cents = lognormal(rng, kind === 'voll' ? INCOME.erwerbVollzeit : INCOME.erwerbTeilzeit);
      return { einkuenfte: [income('erwerb', cents)], abzuege_16: { steuern: cents > 140_000, kranken_pflege: true, rente: true } };
    }
    case 'mini':
      return { einkuenfte: [income('minijob', rng.int(150, INCOME.minijobMax) * 100)] };
    case 'alg':
      return { einkuenfte: [income('lohnersatz', lognormal(rng, INCOME.lohnersatz))] };
    case 'keine':
      return {};
  }
}

function income(art: Einkunftsart, cents: number): { art: Einkunftsart; brutto_monat: string } {
  return { art, brutto_monat: euros(cents) };
}

function lognormal(rng: Rng, p: { median: number; sigma: number; min: number; max: number }): number {
  const euro = clamp(rng.logNormal(p.median, p.sigma), p.min, p.max);
  // Most incomes are whole euros on the documents; a third carry cents.
  return rng.bernoulli(0.33) ? Math.round(euro * 100) : Math.round(euro) * 100;
}

function uvgCents(age: number): number {
  return (UNTERHALTSVORSCHUSS.find((u) => age <= u.maxAge) ?? UNTERHALTSVORSCHUSS[2]).amount * 100;
}

function rentFor(rng: Rng, members: number, stufe: number): string {
  const s = stufe - 1;
  const base = members <= 5 ? HOECHSTBETRAG_2025[members - 1]![s]! : HOECHSTBETRAG_2025[4]![s]! + (members - 5) * HOECHSTBETRAG_MEHR[s]!;
  const klima = members <= 5 ? KLIMA_CENTS[members - 1]! : KLIMA_CENTS[4]! + (members - 5) * KLIMA_MEHR_CENTS;
  const cap = base * 100 + klima;
  const factor = clamp(rng.logNormal(RENT_FACTOR.median, RENT_FACTOR.sigma), 0.35, 2.2);
  const cents = Math.round((cap * factor) / 100) * 100;
  return euros(rng.bernoulli(0.25) ? cents + rng.int(1, 99) : cents);
}

function maintenancePaid(rng: Rng): UnterhaltGezahlt {
  const empfaenger = rng.weighted<UnterhaltGezahlt['empfaenger']>([
    ['ehegatte_getrennt', 40],
    ['kind_auswaerts', 30],
    ['kind_wechselmodell', 20],
    ['sonstige', 10],
  ]);
  const out: UnterhaltGezahlt = { empfaenger, betrag_monat: euros(rng.int(150, 600) * 100) };
  if (rng.bernoulli(0.5)) out.tituliert = true;
  return out;
}

function drawPerson(rng: Rng, type: HouseholdType, age: number): Person {
  const divers = rng.bernoulli(SHARE_DIVERS);
  return { age, divers, female: !divers && rng.bernoulli(FEMALE_SHARE[type]) };
}

function latentAttributes(rng: Rng, type: HouseholdType, person: Person): Record<SensitiveAttribute, string> {
  const pensioner = type === 'rentner_allein' || type === 'rentner_paar' || person.age >= 65;
  const nationality = rng.weighted(NATIONALITY_BY_TYPE[pensioner ? 'rentner' : 'erwerbsalter']);
  const migration = nationality !== 'deutsch' || rng.bernoulli(SHARE_MIGRATION_AMONG_GERMANS);
  const disabilityShare = DISABILITY_BY_AGE.find((d) => person.age <= d.maxAge)!.share;
  return {
    gender: person.divers ? 'divers' : person.female ? 'weiblich' : 'maennlich',
    ageGroup: ageGroup(person.age),
    nationalityGroup: nationality,
    disability: rng.bernoulli(disabilityShare) ? 'ja' : 'nein',
    migrationBackground: migration ? 'ja' : 'nein',
  };
}

export function ageGroup(age: number): string {
  if (age < 30) return '18-29';
  if (age < 45) return '30-44';
  if (age < 65) return '45-64';
  if (age < 75) return '65-74';
  return '75+';
}

function originOf(rng: Rng, latent: Record<SensitiveAttribute, string>): Origin {
  if (latent.nationalityGroup === 'eu') return rng.weighted(EU_ORIGINS);
  if (latent.nationalityGroup === 'drittstaat') return rng.weighted(THIRD_COUNTRY_ORIGINS);
  if (latent.migrationBackground === 'ja' && rng.bernoulli(0.6)) return rng.weighted(GERMAN_MIGRATION_ORIGINS);
  return 'deutsch';
}

function personalien(rng: Rng, person: Person, latent: Record<SensitiveAttribute, string>, origin: Origin): NonNullable<WohngeldAntrag['personalien']> {
  const list = NAMES[origin];
  return {
    vorname: rng.pick(person.female || (person.divers && rng.bernoulli(0.5)) ? list.female : list.male),
    nachname: rng.pick(list.surnames),
    anrede: person.divers ? 'Guten Tag' : person.female ? 'Frau' : 'Herr',
    staatsangehoerigkeit: latent.nationalityGroup === 'deutsch' ? 'DE' : list.nationality,
  };
}

function survey(rng: Rng, pseudonym: string, latent: Record<SensitiveAttribute, string>, stichtag: string): EqualitySurveyResponse {
  if (!rng.bernoulli(SURVEY_CONSENT)) return { pseudonym, consent: false, answers: {} };
  const answers: EqualitySurveyResponse['answers'] = {};
  for (const attribute of SENSITIVE_ATTRIBUTES) {
    answers[attribute] = rng.bernoulli(SURVEY_ITEM_NONRESPONSE) ? null : latent[attribute];
  }
  return { pseudonym, consent: true, consentedAt: stichtag, answers };
}

function kitaApplication(
  rng: Rng,
  antrag: WohngeldAntrag,
  childAges: number[],
  year: number,
  month: number,
  origin: Origin | null,
): KitaAntrag | null {
  // The fee month: the Wohngeld Stichtag's month, but not before the statute's first Kita year.
  const stichtag = year < 2024 || (year === 2024 && month < 8) ? '2024-08-01' : antrag.stichtag;
  const kitaAge = childAges.map((a, i) => ({ a, i })).filter(({ a }) => a >= 1 && a <= 6);
  if (kitaAge.length === 0) return null;
  const kids = antrag.haushaltsmitglieder.filter((m) => m.rolle === 'kind');
  const chosen = kitaAge.reduce((y, c) => (c.a < y.a ? c : y));
  const child = kids[chosen.i]!;
  const parents = antrag.haushaltsmitglieder.filter((m) => m.rolle === 'antragsteller' || m.rolle === 'partner');
  const hours = KITA_HOURS_TABLE.draw(rng);
  const application: KitaAntrag = {
    aktenzeichen: antrag.aktenzeichen?.replace(/^WG/, 'KB'),
    stichtag,
    kind: { geburtsdatum: child.geburtsdatum, letztes_kitajahr_vor_einschulung: chosen.a === 5 },
    weitere_unterhaltsberechtigte_kinder: kids.filter((k, i) => i !== chosen.i && exactAge(k.geburtsdatum, stichtag) < 25).length,
    geschwister_in_betreuung: kitaAge.filter((c) => c.i !== chosen.i).map((c) => ({ geburtsdatum: kids[c.i]!.geburtsdatum })),
    leistungsbezug: antrag.haushaltsmitglieder.some((m) => m.ausschluss === 'sgb2')
      ? ['sgb2']
      : antrag.haushaltsmitglieder.some((m) => m.ausschluss === 'asylblg')
        ? ['asylblg']
        : rng.bernoulli(0.3)
          ? ['wohngeld']
          : [],
    haertefallantrag: rng.bernoulli(KITA_HARDSHIP_APPLICATION),
  };
  if (!rng.bernoulli(KITA_INCOME_NOT_PROVEN)) {
    application.einkuenfte_eltern_vorjahr = euros(parents.reduce((s, p) => s + annualIncomeCents(p), 0));
  }
  if (Math.min(...childAges) < 1) {
    application.elterngeld_monatlich = euros(rng.int(300, 1800) * 100);
    application.elterngeld_bezugsmonate = rng.int(1, 12);
  }
  if (!rng.bernoulli(KITA_HOURS_MISSING)) application.kind.betreuungsstunden_woche = hours;
  if (origin) {
    const list = NAMES[origin];
    application.kind.vorname = rng.pick(rng.bernoulli(0.5) ? list.female : list.male);
  }
  return application;
}

/** § 2 Abs. 1 Satz 1 of the statute, simplified: twelve months of positive income minus the Werbungskosten-Pauschbetrag (§ 9a EStG). */
function annualIncomeCents(member: Haushaltsmitglied): number {
  let total = 0;
  for (const e of member.einkuenfte ?? []) {
    const yearly = centsOf(e.brutto_monat) * 12;
    if (e.art === 'erwerb') total += Math.max(0, yearly - 123_000);
    else if (e.art === 'rente' || e.art === 'versorgung') total += Math.max(0, yearly - 10_200);
    else if (e.art !== 'unterhaltsvorschuss') total += yearly;
  }
  return total;
}

function centsOf(amount: string): number {
  const [whole, fraction = ''] = amount.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

function euros(cents: number): string {
  const whole = Math.floor(cents / 100);
  const rest = cents % 100;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0')}`;
}

/** Completed years at the Stichtag. */
export function exactAge(birth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) < birth.slice(5) ? years - 1 : years;
}

function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}

/** A birth date `age` years before the first of the month, moved back by up to 364 days. */
function birthDate(rng: Rng, year: number, month: number, age: number): string {
  return civilFromDays(daysFromCivil(year - age, month, 1) - rng.int(0, 364));
}

// Day numbers of the proleptic Gregorian calendar (H. Hinnant's algorithms): far cheaper
// than a Date object per birth date when a million households are generated.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): string {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

function monthRange(from: string, to: string): string[] {
  const re = /^([0-9]{4})-(0[1-9]|1[0-2])$/;
  const a = re.exec(from);
  const b = re.exec(to);
  if (!a) throw invalidInput('$.from', 'Monat im Format JJJJ-MM erwartet');
  if (!b) throw invalidInput('$.to', 'Monat im Format JJJJ-MM erwartet');
  const out: string[] = [];
  for (let y = Number(a[1]), m = Number(a[2]); y < Number(b[1]) || (y === Number(b[1]) && m <= Number(b[2])); m === 12 ? (y++, (m = 1)) : m++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  if (out.length === 0) throw invalidInput('$.from', 'Beginn liegt nach dem Ende');
  return out;
}
