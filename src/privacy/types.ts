/**
 * The kinds of personal data the guard knows. The name is also the placeholder stem:
 * an IBAN becomes «IBAN_1», a person «PERSON_1». German where the thing is German.
 */
export const PII_KINDS = [
  'PERSON',
  'GEBURTSDATUM',
  'ADRESSE',
  'IBAN',
  'KONTO',
  'TELEFON',
  'EMAIL',
  'STEUER_ID',
  'SVNR',
  'KVNR',
  'AUSWEIS',
  'MRZ',
  'KENNUNG',
] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** One finding in a text. `start`/`end` are UTF-16 offsets into the scanned text, end exclusive. */
export interface PiiSpan {
  kind: PiiKind;
  start: number;
  end: number;
  text: string;
  /**
   * The checksum (or, for identifiers without one, the format and plausibility rules)
   * holds. A look-alike with a wrong check digit is reported with `valid: false`: it may
   * be a typo of a real number and is personal data all the same.
   */
  valid: boolean;
  /** 0..1: how sure the recogniser is that this is personal data of the kind. */
  confidence: number;
  /** `known` when the span matches a value known from the case, else the recogniser's name. */
  source: string;
}

/** What a case record knows about the people in it; every such value is matched in free text. */
export const KNOWN_CATEGORIES = [
  'name',
  'geburtsdatum',
  'adresse',
  'strasse',
  'iban',
  'kontonummer',
  'telefon',
  'email',
  'steuer_id',
  'sozialversicherungsnummer',
  'krankenversichertennummer',
  'ausweisnummer',
  'kennung',
] as const;
export type KnownCategory = (typeof KNOWN_CATEGORIES)[number];

export interface KnownValue {
  category: KnownCategory;
  /**
   * As recorded: a full name (`Anna-Lena Müller`), a date (`1985-03-07` or `07.03.1985`),
   * an address (`Hauptstraße 5a, 12345 Musterstadt`), an identifier in any spacing.
   */
  value: string;
}

export const KIND_OF_CATEGORY: Record<KnownCategory, PiiKind> = {
  name: 'PERSON',
  geburtsdatum: 'GEBURTSDATUM',
  adresse: 'ADRESSE',
  strasse: 'ADRESSE',
  iban: 'IBAN',
  kontonummer: 'KONTO',
  telefon: 'TELEFON',
  email: 'EMAIL',
  steuer_id: 'STEUER_ID',
  sozialversicherungsnummer: 'SVNR',
  krankenversichertennummer: 'KVNR',
  ausweisnummer: 'AUSWEIS',
  kennung: 'KENNUNG',
};
