/**
 * Typed placeholders: personal data in a text becomes «PERSON_1», «IBAN_1», «ADRESSE_2»…
 * before the text leaves for a model, and the model's answer gets the values back.
 * The same value (however spelt: Müller/Mueller, DE89 3704…/DE893704…) gets the same
 * placeholder within one mapping; a mapping can be carried over several texts of one request.
 * The mapping holds personal data: keep it in memory or in the case's encrypted store, never in logs.
 */
import { mergeSpans, rawSpans, type ScanOptions } from './scan.ts';
import { foldText, prepareText } from './text.ts';
import { PII_KINDS, type KnownValue, type PiiKind, type PiiSpan } from './types.ts';
import { knownMatcher, type KnownMatcher } from './recognisers/known.ts';

export interface PlaceholderEntry {
  /** `«PERSON_1»` */
  placeholder: string;
  kind: PiiKind;
  /** The text as first seen; `restore` puts this back. */
  value: string;
}

/** Serialisable (JSON) so it can be stored encrypted with the case between request and answer. */
export interface PlaceholderMapping {
  entries: PlaceholderEntry[];
}

export interface PseudonymiseResult {
  text: string;
  mapping: PlaceholderMapping;
  /** What was replaced, over the prepared input (see text.ts). */
  spans: PiiSpan[];
}

export interface PseudonymiseOptions extends ScanOptions {
  /** Continue an earlier mapping: same values keep their placeholders, numbering goes on. */
  mapping?: PlaceholderMapping;
}

const OPEN = '«';
const CLOSE = '»';
const keyOf = (kind: PiiKind, text: string): string => `${kind}:${foldText(text, true).text}`;

/**
 * The input after NFC and removal of invisible characters. Placeholder-shaped tokens the
 * writer typed (`«PERSON_1»`) become ‹PERSON_1› so they cannot pose as placeholders — except
 * the placeholders of the mapping being continued (a chat history already pseudonymised).
 */
export function prepareForModel(text: string, mapping?: PlaceholderMapping): string {
  const ours = new Set(mapping?.entries.map((e) => e.placeholder));
  return prepareText(text).text.replace(/«\s?([A-Z_]+_\d+)\s?»/g, (whole, inner: string) => (ours.has(whole) ? whole : `‹${inner}›`));
}

export function pseudonymise(text: string, known: readonly KnownValue[] = [], options: PseudonymiseOptions = {}): PseudonymiseResult {
  return pseudonymiseWith(text, knownMatcher(known), options);
}

/** `pseudonymise` with the known values already compiled (the guard matches them twice). */
export function pseudonymiseWith(text: string, matchKnown: KnownMatcher, options: PseudonymiseOptions = {}): PseudonymiseResult {
  const source = prepareForModel(text, options.mapping);
  const spans = mergeSpans(source, rawSpans(source, options, matchKnown));
  const entries = options.mapping ? options.mapping.entries.map((e) => ({ ...e })) : [];
  const byKey = new Map<string, PlaceholderEntry>();
  const counters = new Map<PiiKind, number>();
  for (const e of entries) {
    byKey.set(keyOf(e.kind, e.value), e);
    const n = Number(/_(\d+)»$/.exec(e.placeholder)?.[1] ?? 0);
    counters.set(e.kind, Math.max(counters.get(e.kind) ?? 0, n));
  }
  let out = '';
  let last = 0;
  for (const s of spans) {
    const key = keyOf(s.kind, s.text);
    let entry = byKey.get(key);
    if (!entry) {
      const n = (counters.get(s.kind) ?? 0) + 1;
      counters.set(s.kind, n);
      entry = { placeholder: `${OPEN}${s.kind}_${n}${CLOSE}`, kind: s.kind, value: s.text };
      entries.push(entry);
      byKey.set(key, entry);
    }
    out += source.slice(last, s.start) + entry.placeholder;
    last = s.end;
  }
  out += source.slice(last);
  return { text: out, mapping: { entries }, spans };
}

/**
 * Placeholders as a model may give them back: «PERSON_1», « PERSON_1 », «Person 1»,
 * <<PERSON_1>>, [PERSON_1], [[PERSON_1]], {{PERSON_1}}, or bare PERSON_1 / person_1. Only
 * the bracketed forms may use a space for the underscore ("Person 1" in running text stays).
 */
const KINDS = PII_KINDS.join('|');
const PLACEHOLDER_RE = new RegExp(
  `(?:«\\s?|<<\\s?|\\[\\[?\\s?|\\{\\{\\s?)(${KINDS})[_ ](\\d{1,4})(?:\\s?»|\\s?>>|\\s?\\]\\]?|\\s?\\}\\})|(?<![\\p{L}\\p{N}_])(${KINDS})_(\\d{1,4})(?![\\p{L}\\p{N}_])`,
  'giu',
);

const canonical = (kind: string, n: string): string => `${OPEN}${kind.toUpperCase().replace(/ /g, '_')}_${Number(n)}${CLOSE}`;

/** The model's answer with every placeholder of the mapping replaced by its value. */
export function restore(text: string, mapping: PlaceholderMapping): string {
  const values = new Map(mapping.entries.map((e) => [e.placeholder, e.value]));
  return text.replace(PLACEHOLDER_RE, (whole, k1?: string, n1?: string, k2?: string, n2?: string) => values.get(canonical((k1 ?? k2)!, (n1 ?? n2)!)) ?? whole);
}

/** Placeholders in a text that the mapping does not know (a model that invented «PERSON_7»). */
export function unresolvedPlaceholders(text: string, mapping: PlaceholderMapping): string[] {
  const known = new Set(mapping.entries.map((e) => e.placeholder));
  const out = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER_RE)) {
    const p = canonical((m[1] ?? m[3])!, (m[2] ?? m[4])!);
    if (!known.has(p)) out.add(p);
  }
  return [...out];
}
