/**
 * The rule pack as data: what the YAML files of `packs/<id>/` declare, after loading and
 * structural validation, before compilation. Every element that states law carries a
 * legal reference (`norm`); everything that changes over time carries validity dates.
 *
 * Dates are ISO strings (`YYYY-MM-DD`); validity intervals are closed: [validFrom, validTo],
 * `validTo` null means open-ended, as in the Bundesgesetzblatt ("gilt ab … bis …").
 */
import type { Decimal } from '../decimal.ts';
import type { FeelValue } from '../feel/values.ts';
import type { DecisionTableDef } from '../decision-table/index.ts';

/** Where a definition stands in the pack's sources, for error messages and the trace. */
export interface SourceRef {
  file: string;
  line: number;
  column: number;
}

export interface Validity {
  validFrom: string;
  validTo: string | null;
}

/** `validFrom` of a rule written without dates: valid on every Stichtag. */
export const UNDATED_FROM = '0001-01-01';

export type InputType = 'string' | 'boolean' | 'integer' | 'number' | 'money' | 'date' | 'list' | 'context';

export interface InputDef {
  /** Name in FEEL scope (the JSON field name). */
  name: string;
  type: InputType;
  /** German question for the applicant; `{field}` placeholders resolve in this or an enclosing item. */
  question: string;
  norm: string;
  description?: string;
  /** Short noun naming the input in the Rechenweg („Miete bzw. Belastung je Monat“) instead of its JSON name. */
  title?: string;
  /** Absent (or null) inputs take this value; without a default an absent input is missing. */
  hasDefault: boolean;
  default?: unknown;
  /**
   * Absent is invalid input, not a missing fact: for structural keys such as a household
   * member's `id`, which the contract's schema requires and no question can supply.
   */
  required?: boolean;
  /**
   * A sibling input that may be given instead of this one (Mietenstufe or Gemeindeschlüssel):
   * the generated JSON Schema asks for one of the two, not for this one alone.
   */
  alternative?: string;
  /**
   * For dates: the name of a top-level date input this one may not be later than — a member born
   * after the Stichtag is an impossible application, not a fact to compute with.
   */
  notAfter?: string;
  enum?: unknown[];
  minimum?: Decimal;
  maximum?: Decimal;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  /** For lists: the item type. */
  items?: InputDef;
  /** For contexts: the fields. */
  fields?: InputDef[];
  /** For list items: how the item is named in questions and the trace, e.g. `Haushaltsmitglied {id}`. */
  label?: string;
  /** Short noun phrase for what-if sentences, e.g. `einem monatlichen Einkommen`. */
  short?: string;
  /** A sensitive personal attribute (GDPR Art. 9, AGG § 1, nationality); the category name. */
  sensitive?: string;
  source: SourceRef;
}

export interface ParameterVersion extends Validity {
  value: FeelValue;
  /** Publication of this value, e.g. `BGBl. 2024 I Nr. 314`. */
  publication: string;
  norm?: string;
  source: SourceRef;
}

export interface ParameterDef {
  id: string;
  label: string;
  norm: string;
  unit?: string;
  description?: string;
  versions: ParameterVersion[];
  source: SourceRef;
}

/** A keyed data table with dated versions, e.g. Mietenstufen by Gemeindeschlüssel. */
export interface LookupVersion extends Validity {
  /** Key → value (numbers as Decimal). */
  entries: Map<string, FeelValue>;
  sourceNote: string;
  file: string;
}

export interface LookupDef {
  id: string;
  label: string;
  norm: string;
  keyLabel: string;
  valueLabel: string;
  versions: LookupVersion[];
  source: SourceRef;
}

export interface Rounding {
  mode: 'half_up' | 'half_even' | 'down' | 'up' | 'floor' | 'ceiling';
  scale: number;
  norm: string;
}

/** One way to compute a value: an expression or a decision table. */
export type Body = { kind: 'expr'; expr: string; source: SourceRef } | { kind: 'table'; table: DecisionTableDef; source: SourceRef };

/** A Catala-style exception: when its condition holds it replaces the definition it belongs to. */
export interface ExceptionDef {
  id: string;
  label?: string;
  norm: string;
  when: string;
  whenSource: SourceRef;
  body: Body;
  exceptions: ExceptionDef[];
}

export interface DiscretionOption {
  id: string;
  label: string;
  /** FEEL expression for the value the rule takes when this option is chosen. */
  value: string;
}

/** A point where the law leaves the decision to a person (Ermessen, Beurteilungsspielraum). */
export interface DiscretionDef {
  norm: string;
  /** FEEL condition: the point is reached only when it holds. */
  when: string;
  whenSource: SourceRef;
  /** German text template, `{name}` placeholders are filled with values. */
  why: string;
  options: DiscretionOption[];
  /** Option used to compute provisional values while no person has decided. */
  provisional: string;
  /** FEEL expression for the value when the point is not reached. */
  otherwise: string;
  /**
   * `ermessen`: the law leaves the choice to the authority (§ 25 Abs. 1 WoGG); `beurteilung`: a
   * bound decision whose facts a person must judge (is an asset „erheblich“, § 21 Nr. 3 WoGG). A
   * letter names them differently; the engine treats both alike.
   */
  kind: 'ermessen' | 'beurteilung';
}

export interface RuleVersion extends Validity {
  body: Body | null;
  discretion: DiscretionDef | null;
  exceptions: ExceptionDef[];
  norm: string;
  /** The law text this definition encodes, shown next to it (Catala-style literate rules). */
  lawText?: string;
}

export type ValueType = 'money' | 'euro' | 'number' | 'integer' | 'boolean' | 'string' | 'date' | 'list' | 'context' | 'any';

export interface RuleDef {
  id: string;
  label: string;
  /** Default legal reference; versions may refine it. */
  norm: string;
  type: ValueType;
  /** Per-item rule of an entity (e.g. per household member) instead of the whole case. */
  entity?: string;
  rounding?: Rounding;
  /** Statutory interpretation chosen where sources disagree; shown in the trace. */
  interpretation?: string;
  /** Plain-German sentence for citizens, `{name}` placeholders. */
  citizen?: string;
  /**
   * Show the citizen sentence only when this rule's value differs from the named rule's — a step
   * that changed nothing (no sibling discount, no surcharge) is no news to the citizen.
   */
  citizenIfDiffers?: string;
  /** The citizen sentence when the value is zero („Sie erhalten kein Wohngeld.“ rather than „0 Euro“). */
  citizenIfZero?: string;
  /** For text results: how each value reads for people (the Rechenweg, the letter), e.g. `anspruch` → „Anspruch besteht“. */
  valueLabels?: Readonly<Record<string, string>>;
  /** Section of the caseworker's Rechenweg this rule belongs to (its file by default). */
  section: string;
  versions: RuleVersion[];
  source: SourceRef;
}

export interface EntityDef {
  id: string;
  /** Top-level list input that holds the items. */
  list: string;
  /** Name under which rules of the whole case see the items (with their per-item values). */
  collection: string;
  label: string;
}

export interface ReasonDef {
  id: string;
  when: string;
  norm: string;
  text: string;
  source: SourceRef;
}

/**
 * An application the law cannot apply to although each field is well-formed (a Gemeindeschlüssel
 * of no municipality): when `when` is true, the decision is refused as invalid input naming `path`.
 */
export interface InvalidWhenDef {
  id: string;
  when: string;
  /** JSON path of the field to name, e.g. `$.gemeindeschluessel`. */
  path: string;
  message: string;
  norm: string;
  source: SourceRef;
}

export interface ChecklistItem {
  id: string;
  label: string;
  norm: string;
  /** FEEL condition over the inputs; the evidence is needed when it holds (always when absent). */
  when?: string;
}

export interface SensitiveAttribute {
  /** Input path with `[]` for list items, e.g. `haushaltsmitglieder[].schwerbehindert_17_nr1`. */
  input: string;
  category: string;
  justification: string;
  /** Outputs this attribute may legitimately influence. */
  mayInfluence: string[];
  /** Where in pack.yaml it is declared (for the check's messages). */
  source?: SourceRef;
}

export interface PackTestCase {
  name: string;
  input: unknown;
  discretion?: Record<string, { option: string; by: string; reason: string }>;
  expect: {
    outcome?: string;
    values?: Record<string, unknown>;
    missing?: string[];
    discretion?: string[];
    reasons?: string[];
    error?: string;
  };
  source: SourceRef;
}

export interface PackDef {
  id: string;
  aliases: string[];
  release: string;
  title: string;
  description: string;
  /** Range of `asOf` dates the pack covers. */
  coverage: Validity;
  /** German message when `asOf` lies outside the coverage. */
  coverageMessage?: string;
  /** Input that gives the `asOf` date (the Stichtag). */
  asOfInput: string;
  aktenzeichenInput?: string;
  outputs: string[];
  /** Output that is the headline result (e.g. `wohngeld_monat`), for what-if and summaries. */
  mainOutput: string;
  /**
   * Outputs the decision depends on: an input they need that is missing makes the outcome
   * `missing_inputs`. Other outputs are reported when they can be computed.
   */
  decisive: string[];
  entities: EntityDef[];
  inputs: InputDef[];
  parameters: ParameterDef[];
  lookups: LookupDef[];
  rules: RuleDef[];
  reasons: ReasonDef[];
  invalidWhen: InvalidWhenDef[];
  checklist: ChecklistItem[];
  sensitiveAttributes: SensitiveAttribute[];
  /** Retention of closed cases, in months, and its legal basis. */
  retention?: { months: number; norm: string };
  tests: PackTestCase[];
  /** sha256 of the canonical content of the sources that determine results. */
  hash: string;
  /** Order of sections in the Rechenweg, with headings. */
  sections: { id: string; title: string }[];
}
