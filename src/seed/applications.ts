import type { Applicant, DecisionRecord } from '../cases/index.ts';
import type { Random } from './random.ts';

/** Synthetic applications for one pack, in the pack's input format. */
export interface ApplicationGenerator {
  packId: string;
  prefix: string;
  hasDiscretion: boolean;
  /** `application` as first submitted (with a gap when `missing`), `complete` after the Nachforderung. */
  generate(rnd: Random, o: { missing: boolean; discretion: boolean; stichtag: string }): { applicant: Applicant; application: Record<string, unknown>; complete: Record<string, unknown> };
  discretionReason(option: string): string;
  objectionReason(rnd: Random): string;
  /** The value a team lead changes after an objection, and its new value. */
  changedValue(d: DecisionRecord): [string, unknown];
}

const FIRST = ['Anna', 'Ben', 'Clara', 'Deniz', 'Elif', 'Felix', 'Greta', 'Hannes', 'Ida', 'Jonas', 'Kübra', 'Lukas', 'Mia', 'Noah', 'Olga', 'Paul', 'Rosa', 'Stefan', 'Tülay', 'Uwe', 'Vera', 'Wladimir', 'Yasemin', 'Zoe'];
const LAST = ['Müller', 'Schmidt', 'Yılmaz', 'Schneider', 'Fischer', 'Weber', 'Nowak', 'Becker', 'Hoffmann', 'Kaya', 'Schäfer', 'Koch', 'Richter', 'Wagner', 'Popescu', 'Wolf', 'Neumann', 'Schwarz', 'Kowalski', 'Braun'];
const STREETS = ['Hauptstraße', 'Bahnhofstraße', 'Gartenweg', 'Lindenallee', 'Schulstraße', 'Am Markt', 'Mühlenweg', 'Rosenstraße', 'Kirchplatz', 'Birkenweg'];

function applicant(rnd: Random): Applicant {
  const first = rnd.pick(FIRST);
  const last = rnd.pick(LAST);
  return {
    name: `${first} ${last}`,
    anschrift: `${rnd.pick(STREETS)} ${rnd.int(1, 120)}, 12345 Musterstadt`,
    email: `${first}.${last}@example.org`.toLowerCase().replace(/[^a-z0-9.@]/g, ''),
  };
}

function birth(rnd: Random, stichtag: string, minAge: number, maxAge: number): string {
  const y = Number(stichtag.slice(0, 4)) - rnd.int(minAge, maxAge);
  const date = `${y}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`;
  // a member born after the Stichtag is an impossible application: such a baby was born a year earlier
  return date > stichtag ? `${y - 1}${date.slice(4)}` : date;
}

export const WOHNGELD_GENERATOR: ApplicationGenerator = {
  packId: 'wohngeld',
  prefix: 'WG',
  // The pack asks a person when the household's means look implausible (WoGVwV 15.01).
  hasDiscretion: true,
  generate(rnd, o) {
    const adults = rnd.chance(0.35) ? 2 : 1;
    const kids = rnd.chance(0.4) ? rnd.int(1, 3) : 0;
    const retired = adults === 1 && kids === 0 && rnd.chance(0.4);
    const members: Record<string, unknown>[] = [];
    for (let i = 0; i < adults; i++) {
      const income = retired
        ? [{ art: 'rente', brutto_monat: rnd.euros(700, 1500, 0.5) }]
        : rnd.chance(0.15)
          ? [{ art: 'minijob', brutto_monat: rnd.euros(300, 556) }]
          : rnd.chance(0.1)
            ? [{ art: 'lohnersatz', brutto_monat: rnd.euros(600, 1300) }]
            : [{ art: 'erwerb', brutto_monat: rnd.euros(900, 2600, 5) }];
      members.push({
        id: `p${i + 1}`,
        rolle: i === 0 ? 'antragsteller' : 'partner',
        geburtsdatum: birth(rnd, o.stichtag, retired ? 67 : 22, retired ? 85 : 60),
        einkuenfte: income,
        abzuege_16: { steuern: income[0]!.art === 'erwerb', kranken_pflege: income[0]!.art !== 'minijob', rente: income[0]!.art === 'erwerb' },
      });
    }
    for (let k = 0; k < kids; k++) {
      members.push({ id: `k${k + 1}`, rolle: 'kind', geburtsdatum: birth(rnd, o.stichtag, 0, 17), einkuenfte: rnd.chance(0.3) ? [{ art: 'unterhaltsvorschuss', brutto_monat: '227.00' }] : [] });
    }
    const size = members.length;
    const complete: Record<string, unknown> = {
      stichtag: o.stichtag,
      mietenstufe: 3,
      miete_monat: rnd.euros(330 + 80 * size, 520 + 150 * size, 5),
      alleinerziehend: adults === 1 && kids > 0,
      haushaltsmitglieder: members,
    };
    if (!o.missing) return { applicant: applicant(rnd), application: complete, complete };
    // The typical gap of a first application: the amount of one adult's income not declared.
    const gap = structuredClone(complete);
    const who = (gap.haushaltsmitglieder as Record<string, unknown>[])[rnd.int(0, adults - 1)]!;
    for (const e of who.einkuenfte as Record<string, unknown>[]) delete e.brutto_monat;
    return { applicant: applicant(rnd), application: gap, complete };
  },
  discretionReason: (option) =>
    option === 'plausibel' || option === 'ja'
      ? 'Lebensunterhalt durch nachgewiesene Ersparnisse und Unterstützung der Eltern gedeckt (Kontoauszüge liegen vor).'
      : 'Lebensunterhalt trotz Nachfrage nicht nachvollziehbar dargelegt.',
  objectionReason: (rnd) =>
    rnd.pick([
      'Die Miete wurde zu niedrig angesetzt; die Nebenkosten sind gestiegen.',
      'Mein Einkommen ist seit dem letzten Monat gesunken, ich bitte um Neuberechnung.',
      'Mein Kind lebt im Wechselmodell bei mir; das wurde nicht berücksichtigt.',
    ]),
  changedValue: (d) => ['wohngeld_monat', Number(d.values.wohngeld_monat ?? 0) + 35],
};

export const KITA_GENERATOR: ApplicationGenerator = {
  packId: 'kita-beitrag',
  prefix: 'KB',
  hasDiscretion: true,
  generate(rnd, o) {
    const complete: Record<string, unknown> = {
      stichtag: o.stichtag,
      kind: { vorname: rnd.pick(FIRST), geburtsdatum: birth(rnd, o.stichtag, 1, 5), betreuungsstunden_woche: rnd.pick([25, 30, 35, 40, 45]) },
      weitere_unterhaltsberechtigte_kinder: rnd.int(0, 2),
      haertefallantrag: o.discretion,
    };
    // Some parents do not prove their income: the statute then sets the highest fee (§ 2 Abs. 3).
    if (rnd.chance(0.85)) complete.einkuenfte_eltern_vorjahr = rnd.euros(18_000, 120_000, 500);
    if (!o.missing) return { applicant: applicant(rnd), application: complete, complete };
    const gap = structuredClone(complete);
    delete (gap.kind as Record<string, unknown>).betreuungsstunden_woche;
    return { applicant: applicant(rnd), application: gap, complete };
  },
  discretionReason: (option) =>
    option === 'kein_erlass'
      ? 'Die geltend gemachte Belastung ist durch die Einkommensstaffel bereits berücksichtigt.'
      : 'Unzumutbare Belastung durch Pflege eines Angehörigen und hohe Kreditraten nachgewiesen.',
  objectionReason: () => 'Die besondere Belastung durch die Pflege meiner Mutter wurde nicht ausreichend gewürdigt.',
  changedValue: (d) => {
    const cents = Math.round(Number(String(d.values.beitrag_monat ?? '0')) * 100);
    const next = Math.max(0, cents - 5000);
    return ['beitrag_monat', `${Math.floor(next / 100)}.${String(next % 100).padStart(2, '0')}`];
  },
};
