import type { HumanDecision, Override } from '../engine/index.ts';

import type { IsoDate } from './german/format.ts';

/** The decision format of every rule pack (shared/contracts/README.md). */
export interface DecisionRecord {
  pack: string;
  packVersion: string;
  packHash: string;
  asOf: string;
  aktenzeichen?: string;
  outcome: 'decided' | 'missing_inputs' | 'needs_human';
  values: Record<string, unknown>;
  reasons: { norm: string; text: string }[];
  missing: { input: string; question: string; norm?: string }[];
  discretion: { point: string; norm: string; why: string; options?: { id: string; label: string }[] }[];
  trace: unknown[];
  receipt: { inputHash: string; resultHash: string; engineVersion: string };
  /** Values a person set instead of the computed ones, as the engine records them. */
  overrides?: { rule: string; computed: unknown; value: unknown }[];
}

/** Discretion decided by a named person; a computed value replaced with a reason (shown in the decision and the letter). */
export type { HumanDecision, Override };

/** Evidence the pack's checklist still needs (Nachweise), besides the engine's `missing`. */
export interface ChecklistItem {
  id: string;
  label: string;
  norm: string;
}

/** The addressee. Personal data: never sent to a model, filled in after generation. */
export interface Recipient {
  name: string;
  /** Postal address lines below the name (street, postcode and town). */
  address: string[];
  salutation?: string;
}

export type LetterKind = 'bewilligung' | 'ablehnung' | 'festsetzung' | 'nachforderung' | 'erlaeuterung' | 'antwort';

export const LETTER_TITLES: Record<LetterKind, string> = {
  bewilligung: 'Bescheid',
  ablehnung: 'Bescheid',
  festsetzung: 'Bescheid',
  nachforderung: 'Anforderung fehlender Unterlagen und Angaben',
  erlaeuterung: 'Erklärung in einfacher Sprache',
  antwort: 'Antwort auf Ihre Anfrage',
};

/** Everything a letter is made from. Only `recipient` and `enquiry` hold personal data. */
export interface LetterInput {
  decision: DecisionRecord;
  aktenzeichen: string;
  /** The date the letter bears. */
  issuedOn: IsoDate;
  /** The day the application was received (Antragsdatum); defaults to the decision's `asOf`. */
  applicationDate?: IsoDate;
  recipient: Recipient | null;
  discretionDecisions?: Record<string, HumanDecision>;
  /** Labels of the options of each discretion point (from the pack), for the Begründung. */
  discretionOptions?: Record<string, { id: string; label: string }[]>;
  /**
   * The engine's caseworker explanation (explain(pack, decision, 'caseworker')): the complete
   * Berechnung with §§. Without it the letter lists the trace steps.
   */
  berechnung?: {
    title: string;
    sections: { id: string; title: string; lines: { label: string; norm: string; value: string; item?: string }[] }[];
  };
  overrides?: Record<string, Override>;
  /** Evidence from the pack checklist that is still missing (Nachforderung). */
  checklist?: ChecklistItem[];
  /** Set by the caseworker when it differs from the pack's rule (a discretion decision). */
  bewilligungszeitraum?: { from: IsoDate; to: IsoDate };
  /** Deadline of a Nachforderung; defaults to `issuedOn` + the municipality's days. */
  deadline?: IsoDate;
  /** The citizen's enquiry a reply answers (free text, may hold personal data). */
  enquiry?: string;
}

export type Block =
  | { type: 'p'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'table'; caption: string; head: string[]; rows: string[][] };

export type SectionId =
  | 'tenor'
  | 'zahlung'
  | 'berechnung'
  | 'begruendung'
  | 'hinweise'
  | 'rechtsbehelfsbelehrung'
  | 'einleitung'
  | 'unterlagen'
  | 'frist'
  | 'folgen'
  | 'erlaeuterung'
  | 'antwort'
  | 'kontakt';

export interface Section {
  id: SectionId;
  heading: string | null;
  /** Legally binding text (Verfügungssatz, Begründung, Belehrung) — made from data and fixed blocks only. */
  binding: boolean;
  /** Who wrote the text: the platform's fixed blocks, a language model, or a person editing the draft. */
  origin: 'template' | 'model' | 'human';
  blocks: Block[];
}

export interface Letterhead {
  authority: string;
  department: string;
  street: string;
  postalCode: string;
  city: string;
  phone: string;
  email: string;
  web: string;
  openingHours: string;
}

export interface Letter {
  kind: LetterKind;
  pack: string;
  /** Document title (PDF metadata, heading). */
  title: string;
  /** Betreff line. */
  subject: string;
  aktenzeichen: string;
  date: IsoDate;
  letterhead: Letterhead;
  /** Address block lines; placeholders when the recipient is not filled in yet. */
  recipient: string[];
  salutation: string;
  sections: Section[];
  closing: string[];
  /** Whether the letter is an administrative act (Bescheid) with a Rechtsbehelfsbelehrung. */
  administrativeAct: boolean;
  /** A non-binding letter says so above its text. */
  nonBindingNotice: string | null;
}
