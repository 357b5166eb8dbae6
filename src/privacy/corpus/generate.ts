/**
 * A seeded, deterministic corpus of synthetic German texts — citizen e-mails, caseworker notes
 * (Vermerke), chat messages, free-text feedback and letters — with planted personal data of
 * every kind the guard knows: valid identifiers (generated with correct check digits), look-alikes
 * with a wrong check digit, values known from the case in the spellings people use, and decoys
 * that must not be taken for personal data (amounts, Aktenzeichen, § citations, ordinary dates,
 * postcodes alone, phone-like invoice numbers, …). Every planted item records its exact offsets.
 */
import type { KnownValue, PiiKind } from '../types.ts';
import {
  ausweisSerial,
  ausweisWithCheckDigit,
  formatIban,
  invalidAusweis,
  invalidIban,
  invalidKvnr,
  invalidMrzTd1,
  invalidSteuerId,
  invalidSvnr,
  validIban,
  validKvnr,
  validMrzTd1,
  validSteuerId,
  validSvnr,
} from './identifiers.ts';
import { seededRng, type Rng } from './random.ts';
import {
  AREA_CODES,
  CITIES,
  GIVEN_NAMES,
  LAWS,
  MAIL_DOMAINS,
  MOBILE_PREFIXES,
  MONTH_NAMES,
  PREPOSITION_STREETS,
  STREET_STEMS,
  STREET_SUFFIXES,
  SURNAMES,
} from './vocabulary.ts';

export const DECOY_KINDS = [
  'BETRAG', 'AKTENZEICHEN', 'PARAGRAPH', 'DATUM', 'PLZ', 'RECHNUNGSNUMMER', 'KUNDENNUMMER', 'UHRZEIT', 'FLAECHE',
  'KASSENZEICHEN', 'VORGANGSNUMMER', 'BLZ',
] as const;
export type DecoyKind = (typeof DECOY_KINDS)[number];

export interface PlantedItem {
  kind: PiiKind | DecoyKind;
  /** `valid`: real personal data (right check digit where there is one); `invalid`: look-alike with a wrong one; `decoy`: not personal data. */
  role: 'valid' | 'invalid' | 'decoy';
  start: number;
  end: number;
  text: string;
  /** Planted from the case's known values (the guard is given them). */
  known: boolean;
  /**
   * Beyond what the recognisers promise (a name with no cue that the case does not know, a
   * birth date without a context word, an address without a street suffix): measured, not
   * guaranteed. Only in corpora generated with `hard: true`.
   */
  hard?: boolean;
}

export type Genre = 'email' | 'vermerk' | 'chat' | 'feedback' | 'brief';

export interface CorpusText {
  id: string;
  genre: Genre;
  text: string;
  /** What the case record knows (pass to scanPii/guardOutbound as `known`). */
  known: KnownValue[];
  planted: PlantedItem[];
}

interface Persona {
  given: string;
  surname: string;
  birth: { day: number; month: number; year: number };
  street: string;
  number: string;
  plz: string;
  city: string;
  iban: string;
  phone: string;
}

const two = (n: number): string => String(n).padStart(2, '0');
const translit = (s: string): string => s.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/Ä/g, 'Ae').replace(/Ö/g, 'Oe').replace(/Ü/g, 'Ue').replace(/ß/g, 'ss');
const mailPart = (s: string): string => translit(s).toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/ı/g, 'i').replace(/[^a-z]+/g, '');

function plz(rng: Rng): string {
  return String(rng.int(1067, 99998)).padStart(5, '0');
}

/** "Hauptstraße", "Friedrich-Ebert-Straße", "Königsberger Ring": the suffix is capitalised after a separator. */
function streetName(rng: Rng): string {
  const stem = rng.pick(STREET_STEMS);
  const suffix = rng.pick(STREET_SUFFIXES);
  return /[- ]$/.test(stem) ? stem + suffix[0]!.toUpperCase() + suffix.slice(1) : stem + suffix;
}

function phone(rng: Rng): string {
  const subscriber = rng.digits(rng.int(6, 8));
  const mobile = rng.pick(MOBILE_PREFIXES) + '';
  const area = rng.pick(AREA_CODES);
  const mob = rng.digits(mobile.startsWith('015') ? 8 : 7);
  switch (rng.int(0, 8)) {
    case 0: return `${area} ${subscriber}`;
    case 1: return `${area}/${subscriber}`;
    case 2: return `(${area}) ${subscriber.slice(0, 3)} ${subscriber.slice(3)}`;
    case 3: return `+49 ${area.slice(1)} ${subscriber}`;
    case 4: return `+49 (0)${area.slice(1)} ${subscriber}`;
    case 5: return `${mobile} ${mob}`;
    case 6: return `+49 ${mobile.slice(1)} ${mob}`;
    case 7: return `0049 ${mobile.slice(1)} ${mob}`;
    default: return `${mobile}${mob}`;
  }
}

function persona(rng: Rng): Persona {
  return {
    given: rng.pick(GIVEN_NAMES),
    surname: rng.pick(SURNAMES),
    birth: { day: rng.int(1, 28), month: rng.int(1, 12), year: rng.int(1940, 2006) },
    street: rng.chance(0.85) ? streetName(rng) : rng.pick(PREPOSITION_STREETS),
    number: String(rng.int(1, 180)) + (rng.chance(0.2) ? rng.pick(['a', 'b', 'c']) : ''),
    plz: plz(rng),
    city: rng.pick(CITIES),
    iban: validIban(rng, 'DE'),
    phone: phone(rng),
  };
}

function formatDate(rng: Rng, d: { day: number; month: number; year: number }): string {
  switch (rng.int(0, 4)) {
    case 0: return `${two(d.day)}.${two(d.month)}.${d.year}`;
    case 1: return `${d.day}.${d.month}.${d.year}`;
    case 2: return `${d.day}. ${MONTH_NAMES[d.month - 1]} ${d.year}`;
    case 3: return `${d.year}-${two(d.month)}-${two(d.day)}`;
    default: return `${two(d.day)}.${two(d.month)}.${String(d.year).slice(2)}`;
  }
}

function steuerIdFormat(rng: Rng, id: string): string {
  return rng.chance(0.5) ? id : `${id.slice(0, 2)} ${id.slice(2, 5)} ${id.slice(5, 8)} ${id.slice(8)}`;
}

function svnrFormat(rng: Rng, v: string): string {
  return rng.chance(0.6) ? v : `${v.slice(0, 2)} ${v.slice(2, 8)} ${v.slice(8, 9)} ${v.slice(9)}`;
}

/** Collects text and the offsets of what was planted in it. */
class Builder {
  text = '';
  planted: PlantedItem[] = [];
  add(s: string): void {
    this.text += s;
  }
  hard = false;
  plant(kind: PlantedItem['kind'], role: PlantedItem['role'], s: string, known = false): void {
    const item: PlantedItem = { kind, role, start: this.text.length, end: this.text.length + s.length, text: s, known };
    if (this.hard) item.hard = true;
    this.planted.push(item);
    this.text += s;
  }
}

type Slot = (b: Builder, p: Persona, rng: Rng) => void;

const SLOTS: Record<string, Slot> = {
  IBAN: (b, _p, r) => b.plant('IBAN', 'valid', formatIban(r, validIban(r))),
  IBAN_X: (b, _p, r) => b.plant('IBAN', 'invalid', formatIban(r, invalidIban(r))),
  KNOWN_IBAN: (b, p, r) => b.plant('IBAN', 'valid', formatIban(r, p.iban), true),
  STEUER_ID: (b, _p, r) => b.plant('STEUER_ID', 'valid', steuerIdFormat(r, validSteuerId(r))),
  STEUER_ID_X: (b, _p, r) => b.plant('STEUER_ID', 'invalid', steuerIdFormat(r, invalidSteuerId(r))),
  SVNR: (b, _p, r) => b.plant('SVNR', 'valid', svnrFormat(r, validSvnr(r))),
  SVNR_X: (b, _p, r) => b.plant('SVNR', 'invalid', svnrFormat(r, invalidSvnr(r))),
  KVNR: (b, _p, r) => b.plant('KVNR', 'valid', validKvnr(r)),
  KVNR_X: (b, _p, r) => b.plant('KVNR', 'invalid', invalidKvnr(r)),
  AUSWEIS: (b, _p, r) => {
    const serial = ausweisSerial(r);
    b.plant('AUSWEIS', 'valid', r.chance(0.5) ? serial : ausweisWithCheckDigit(serial));
  },
  AUSWEIS_X: (b, _p, r) => b.plant('AUSWEIS', 'invalid', invalidAusweis(r)),
  MRZ: (b, p, r) => b.plant('MRZ', 'valid', validMrzTd1(r, p.surname, p.given, p.birth).join('\n')),
  MRZ_X: (b, p, r) => b.plant('MRZ', 'invalid', invalidMrzTd1(r, p.surname, p.given, p.birth).join('\n')),
  TELEFON: (b, _p, r) => b.plant('TELEFON', 'valid', phone(r)),
  KNOWN_TELEFON: (b, p) => b.plant('TELEFON', 'valid', p.phone, true),
  EMAIL: (b, p, r) => {
    const local = r.chance(0.5) ? `${mailPart(p.given)}.${mailPart(p.surname)}` : `${mailPart(p.given).slice(0, 1)}${mailPart(p.surname)}${r.int(60, 99)}`;
    b.plant('EMAIL', 'valid', `${local}@${r.pick(MAIL_DOMAINS)}`);
  },
  GEBURTSDATUM: (b, p, r) => b.plant('GEBURTSDATUM', 'valid', formatDate(r, p.birth), true),
  OTHER_DOB: (b, _p, r) => b.plant('GEBURTSDATUM', 'valid', formatDate(r, { day: r.int(1, 28), month: r.int(1, 12), year: r.int(2008, 2023) })),
  KNOWN_DOB: (b, p, r) => b.plant('GEBURTSDATUM', 'valid', formatDate(r, p.birth), true),
  ADRESSE: (b, p, r) => b.plant('ADRESSE', 'valid', r.chance(0.5) ? `${p.street} ${p.number}, ${p.plz} ${p.city}` : `${p.street} ${p.number}`, true),
  OTHER_ADRESSE: (b, _p, r) => {
    const street = r.chance(0.8) ? streetName(r) : r.pick(PREPOSITION_STREETS);
    b.plant('ADRESSE', 'valid', `${street} ${r.int(1, 99)}, ${plz(r)} ${r.pick(CITIES)}`);
  },
  OTHER_SURNAME: (b, _p, r) => b.plant('PERSON', 'valid', r.pick(SURNAMES)),
  OTHER_NAME: (b, _p, r) => b.plant('PERSON', 'valid', `${r.pick(GIVEN_NAMES)} ${r.pick(SURNAMES)}`),
  OTHER_GIVEN: (b, _p, r) => b.plant('PERSON', 'valid', r.pick(GIVEN_NAMES)),
  KNOWN_NAME: (b, p, r) => {
    const full = `${p.given} ${p.surname}`;
    const forms = [full, full.toUpperCase(), translit(full), `${p.surname}, ${p.given}`, `${p.given.replace(/-/g, ' ')} ${p.surname}`];
    b.plant('PERSON', 'valid', r.pick(forms), true);
  },
  KNOWN_SURNAME: (b, p, r) => b.plant('PERSON', 'valid', r.pick([p.surname, translit(p.surname), p.surname.toUpperCase()]), true),
  KNOWN_GIVEN: (b, p) => b.plant('PERSON', 'valid', p.given, true),
  HARD_NAME: (b, _p, r) => b.plant('PERSON', 'valid', `${r.pick(GIVEN_NAMES)} ${r.pick(SURNAMES)}`),
  HARD_DOB: (b, _p, r) => b.plant('GEBURTSDATUM', 'valid', formatDate(r, { day: r.int(1, 28), month: r.int(1, 12), year: r.int(2008, 2023) })),
  HARD_ADRESSE: (b, _p, r) => b.plant('ADRESSE', 'valid', `${r.pick(['Lindenhof', 'Hinterm Bahnhof', 'Kirchberg', 'Alter Schulhof', 'Grüner Winkel'])} ${r.int(1, 60)}`),
  HARD_TELEFON: (b, _p, r) => b.plant('TELEFON', 'valid', `0 ${r.pick(AREA_CODES).slice(1)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`),
  BETRAG: (b, _p, r) => b.plant('BETRAG', 'decoy', r.pick([`${r.int(1, 2)}.${r.digits(3)},${r.digits(2)} €`, `${r.int(10, 999)},${r.digits(2)} EUR`, `${r.int(5, 90)} €`, `${r.int(1, 9)}.${r.digits(3)},${r.digits(2)} Euro`])),
  AKTENZEICHEN: (b, _p, r) => b.plant('AKTENZEICHEN', 'decoy', r.pick([`WG-${r.int(2023, 2026)}-${r.digits(5)}`, `50.${r.int(1, 9)}-${r.digits(5)}/${r.int(23, 26)}`, `KT-${r.int(2024, 2026)}/${r.digits(4)}`])),
  PARAGRAPH: (b, _p, r) => b.plant('PARAGRAPH', 'decoy', r.pick([`§ ${r.int(1, 40)}${r.pick(['', 'a', 'b'])} ${r.pick(LAWS)}`, `§§ 60, 66 SGB I`, `§ ${r.int(1, 30)} Abs. ${r.int(1, 5)} Satz ${r.int(1, 3)} ${r.pick(LAWS)}`, `Art. ${r.int(5, 22)} DSGVO`])),
  DATUM: (b, _p, r) => b.plant('DATUM', 'decoy', formatDate(r, { day: r.int(1, 28), month: r.int(1, 12), year: r.int(2023, 2026) })),
  PLZ: (b, _p, r) => b.plant('PLZ', 'decoy', plz(r)),
  RECHNUNGSNUMMER: (b, _p, r) => b.plant('RECHNUNGSNUMMER', 'decoy', `0${r.int(2, 9)}${r.digits(r.int(7, 9))}`),
  KUNDENNUMMER: (b, _p, r) => b.plant('KUNDENNUMMER', 'decoy', String(r.int(1, 9)) + r.digits(9)),
  UHRZEIT: (b, _p, r) => b.plant('UHRZEIT', 'decoy', `${two(r.int(7, 18))}:${r.pick(['00', '15', '30', '45'])}`),
  FLAECHE: (b, _p, r) => b.plant('FLAECHE', 'decoy', `${r.int(25, 140)},${r.int(0, 9)} m²`),
  KASSENZEICHEN: (b, _p, r) => b.plant('KASSENZEICHEN', 'decoy', `${r.int(1, 9)}.${r.digits(4)}.${r.digits(6)}.${r.int(0, 9)}`),
  VORGANGSNUMMER: (b, _p, r) => b.plant('VORGANGSNUMMER', 'decoy', String(r.int(1, 9)) + r.digits(10)),
  BLZ: (b, _p, r) => b.plant('BLZ', 'decoy', `${r.digits(3)} ${r.digits(3)} ${r.digits(2)}`),
};

/** Sentences with personal data, by genre; `{SLOT}` marks what is planted. */
const PII_SENTENCES: Record<Genre, string[]> = {
  email: [
    'Meine Bankverbindung lautet {KNOWN_IBAN}.',
    'Bitte überweisen Sie das Geld künftig auf {IBAN}.',
    'Die IBAN meines Vermieters ist {IBAN_X}, falls Sie direkt zahlen.',
    'Sie erreichen mich unter {KNOWN_TELEFON} oder per E-Mail an {EMAIL}.',
    'Meine Steuer-ID ist {STEUER_ID}.',
    'Meine Steueridentifikationsnummer: {STEUER_ID_X}',
    'Ich bin am {GEBURTSDATUM} geboren.',
    'Meine Rentenversicherungsnummer lautet {SVNR}.',
    'Sozialversicherungsnummer: {SVNR_X}',
    'Die Nummer meiner Gesundheitskarte: {KVNR}',
    'Krankenversichertennummer {KVNR_X}',
    'Anbei die Kopie meines Personalausweises (Nr. {AUSWEIS}).',
    'Die Ausweisnummer ist {AUSWEIS_X}.',
    'Ich wohne seit März in der {ADRESSE}.',
    'Meine Tochter {OTHER_GIVEN} ist am {OTHER_DOB} geboren.',
    'Mein Vermieter, Herr {OTHER_SURNAME}, wohnt {OTHER_ADRESSE}.',
    'Hier die Daten aus meinem Ausweis:\n{MRZ}\n',
    'Ich habe mit Frau {OTHER_SURNAME} telefoniert, sie sagte, ich soll mich melden.',
    '{KNOWN_SURNAME}s Antrag ist noch offen, schreibt mein Nachbar.',
  ],
  vermerk: [
    'Antragstellerin {KNOWN_NAME}, geb. {GEBURTSDATUM}, wohnhaft {ADRESSE}.',
    'Rückruf von Frau {OTHER_SURNAME} am {DATUM} um {UHRZEIT} Uhr, Tel. {TELEFON}.',
    'Kontoverbindung geändert auf {IBAN}.',
    'Neue Bankverbindung laut Schreiben: {IBAN_X} (Prüfziffer fraglich).',
    'Steuer-IdNr. der Antragstellerin: {STEUER_ID}.',
    'RV-Nummer {SVNR}, KV-Nummer {KVNR}.',
    'Ausweis vorgelegt, Dokumentennummer {AUSWEIS}.',
    'Kopie der MRZ zur Akte:\n{MRZ_X}\n',
    'Herr {KNOWN_SURNAME} hat die Unterlagen persönlich abgegeben.',
    'Gespräch mit {KNOWN_NAME} am {DATUM}: Einkommen wird nachgereicht.',
    'Geburtsdatum des Kindes: {OTHER_DOB}.',
    'Die Vermieterin, Frau {OTHER_SURNAME}, bestätigt die Miete.',
    'E-Mail des Antragstellers: {EMAIL}',
  ],
  chat: [
    'hallo, meine iban ist {IBAN}',
    'ruf mich an: {TELEFON}',
    'hier meine mail {EMAIL}',
    'steuerid {STEUER_ID}',
    'ich bin {KNOWN_NAME} und hab ne frage',
    'mein geburtsdatum ist {KNOWN_DOB}',
    'wohne {ADRESSE}',
    'versichertennummer {KVNR}',
    'meine handynummer {TELEFON}',
    'sv nummer {SVNR}',
  ],
  feedback: [
    'Frau {OTHER_SURNAME} vom Bürgerbüro war sehr freundlich.',
    'Ich ({KNOWN_NAME}) warte seit Wochen auf eine Antwort.',
    'Rufen Sie mich zurück: {TELEFON}.',
    'Meine Adresse ist {ADRESSE}, bitte schicken Sie den Bescheid dorthin.',
    'Antwort bitte an {EMAIL}.',
    'Herr {OTHER_SURNAME} hat mir super geholfen!',
  ],
  brief: [
    'Sehr geehrte Frau {KNOWN_SURNAME},',
    'Der Betrag wird auf das Konto {KNOWN_IBAN} überwiesen.',
    'Ihre Steuer-ID {STEUER_ID} haben wir vermerkt.',
    'Ihr Geburtsdatum ({KNOWN_DOB}) wurde im Antrag korrigiert.',
    'Anschrift: {ADRESSE}',
    'Ihre Versicherungsnummer {SVNR} wurde übernommen.',
  ],
};

/** Sentences with personal data outside what the recognisers promise (see `PlantedItem.hard`). */
const HARD_SENTENCES: string[] = [
  'Gestern rief {HARD_NAME} wegen des Antrags an.',
  '{HARD_NAME} und ich teilen uns die Wohnung.',
  'Unser Jüngster kam am {HARD_DOB} zur Welt.',
  'Die Wohnung liegt {HARD_ADRESSE}, zweiter Stock.',
  'Meine Nummer lautet {HARD_TELEFON}.',
];

/** Sentences without personal data but with numbers that look like it. */
const DECOY_SENTENCES: string[] = [
  'Zum Bescheid vom {DATUM} über {BETRAG} habe ich eine Frage.',
  'Das Aktenzeichen ist {AKTENZEICHEN}.',
  'Nach {PARAGRAPH} ist der Antrag innerhalb eines Monats zu stellen.',
  'Die Miete beträgt {BETRAG} bei einer Wohnfläche von {FLAECHE}.',
  'Bitte geben Sie das Kassenzeichen {KASSENZEICHEN} bei der Zahlung an.',
  'Rechnungsnummer {RECHNUNGSNUMMER} vom {DATUM}, Betrag {BETRAG}.',
  'Kundennummer: {KUNDENNUMMER}',
  'Die Sprechzeiten sind dienstags ab {UHRZEIT} Uhr.',
  'Der Bewilligungszeitraum läuft vom {DATUM} bis zum {DATUM}.',
  'Unser Büro ist für den PLZ-Bereich {PLZ} zuständig.',
  'Vorgangsnummer {VORGANGSNUMMER} (bitte immer angeben).',
  'Die Bankleitzahl BLZ {BLZ} gehört zur Sparkasse.',
  'Gemäß {PARAGRAPH} und {PARAGRAPH} fehlen noch Nachweise.',
  'Ihr Wohngeld erhöht sich ab {DATUM} auf {BETRAG} monatlich.',
  'Die Frist endet am {DATUM}; Aktenzeichen {AKTENZEICHEN}.',
  'Heizkosten: {BETRAG}, Wohnfläche {FLAECHE}, Stand {DATUM}.',
];

const OPENINGS: Record<Genre, string[]> = {
  email: ['Sehr geehrte Damen und Herren,\n\n', 'Guten Tag,\n\n', 'Hallo liebes Wohngeld-Team,\n\n'],
  vermerk: ['Vermerk zu {AKTENZEICHEN}\n\n', 'Aktennotiz vom {DATUM}\n\n'],
  chat: ['', 'hi, '],
  feedback: ['Feedback zum Bescheid: ', 'Rückmeldung: '],
  brief: ['Stadt Musterstadt – Wohngeldstelle\n\nBescheid vom {DATUM}\n\n'],
};

const CLOSINGS: Record<Genre, string[]> = {
  email: ['\n\nMit freundlichen Grüßen\n{KNOWN_NAME}', '\n\nViele Grüße\n{KNOWN_NAME}', '\n\nMfG'],
  vermerk: ['\n\ngez. {OTHER_NAME}', '\n\ni. A. {OTHER_NAME}', ''],
  chat: ['', ' danke!'],
  feedback: ['', ' Danke.'],
  brief: ['\n\nMit freundlichen Grüßen\nIm Auftrag\n{OTHER_NAME}'],
};

const JOINERS: Record<Genre, string> = { email: ' ', vermerk: '\n', chat: ' ', feedback: ' ', brief: '\n' };

function render(b: Builder, template: string, p: Persona, rng: Rng): void {
  const parts = template.split(/\{(\w+)\}/);
  parts.forEach((part, i) => {
    if (i % 2 === 0) b.add(part);
    else SLOTS[part]!(b, p, rng);
  });
}

export interface CorpusOptions {
  seed?: number | string;
  /** Number of texts (default 240). */
  size?: number;
  /** Share of texts with decoys only (default 0.15). */
  cleanShare?: number;
  /** Add one sentence with `hard` items to every text with personal data (default false). */
  hard?: boolean;
}

export function generateCorpus(options: CorpusOptions = {}): CorpusText[] {
  const rng = seededRng(options.seed ?? 'amtsklar-privacy-corpus');
  const size = options.size ?? 240;
  const genres: Genre[] = ['email', 'vermerk', 'chat', 'feedback', 'brief'];
  const texts: CorpusText[] = [];
  for (let i = 0; i < size; i++) {
    const genre = genres[i % genres.length]!;
    const p = persona(rng);
    const clean = rng.chance(options.cleanShare ?? 0.15);
    const b = new Builder();
    const sentences: string[] = [];
    const piiPool = PII_SENTENCES[genre];
    if (!clean) {
      // Walk the pool so that every sentence (and so every kind) comes up regularly.
      const count = rng.int(2, 4);
      for (let k = 0; k < count; k++) sentences.push(piiPool[(Math.floor(i / genres.length) * 3 + k) % piiPool.length]!);
    }
    for (let k = rng.int(1, 3); k > 0; k--) sentences.push(rng.pick(DECOY_SENTENCES));
    rng.shuffle(sentences);
    const opening = OPENINGS[genre].filter((o) => !clean || !o.includes('KNOWN'));
    render(b, rng.pick(opening), p, rng);
    sentences.forEach((s, k) => {
      if (k > 0) b.add(JOINERS[genre]);
      render(b, s, p, rng);
    });
    if (options.hard && !clean) {
      b.add(JOINERS[genre]);
      b.hard = true;
      render(b, rng.pick(HARD_SENTENCES), p, rng);
      b.hard = false;
    }
    const closings = CLOSINGS[genre].filter((c) => !clean || !/KNOWN|OTHER/.test(c));
    render(b, closings.length > 0 ? rng.pick(closings) : '', p, rng);
    const known: KnownValue[] = [
      { category: 'name', value: `${p.given} ${p.surname}` },
      { category: 'geburtsdatum', value: `${p.birth.year}-${two(p.birth.month)}-${two(p.birth.day)}` },
      { category: 'adresse', value: `${p.street} ${p.number}, ${p.plz} ${p.city}` },
      { category: 'iban', value: p.iban },
      { category: 'telefon', value: p.phone },
    ];
    texts.push({ id: `${genre}-${String(i).padStart(3, '0')}`, genre, text: b.text, known, planted: b.planted });
  }
  return texts;
}
