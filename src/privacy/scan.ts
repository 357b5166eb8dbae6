/**
 * `scanPii`: every recogniser over one text, overlaps merged, offsets mapped back to the input.
 */
import type { KnownValue, PiiSpan } from './types.ts';
import { foldText, prepareText } from './text.ts';
import { findAddresses } from './recognisers/address.ts';
import { findEmails, findPhones } from './recognisers/contact.ts';
import { findBirthDates } from './recognisers/dates.ts';
import {
  findAusweise,
  findIbans,
  findKennungen,
  findKontonummern,
  findKvnrs,
  findMrz,
  findSteuerIds,
  findSvnrs,
} from './recognisers/identifiers.ts';
import { knownMatcher } from './recognisers/known.ts';
import { findPersons } from './recognisers/person.ts';
import type { Recogniser } from './recognisers/span.ts';

export interface ScanOptions {
  /** Values known from the case; each is found however it is written. */
  known?: readonly KnownValue[];
  /**
   * Values that are not personal data in this setting (the municipality's own address,
   * phone and e-mail). A recognised span equal to one of them (ignoring case and spacing)
   * is dropped; a known value is never dropped.
   */
  allow?: readonly string[];
  /** Drop recogniser spans below this confidence (default 0: keep everything). */
  minConfidence?: number;
}

export const RECOGNISERS: Readonly<Record<string, Recogniser>> = {
  mrz: findMrz,
  iban: findIbans,
  steuerId: findSteuerIds,
  svnr: findSvnrs,
  kvnr: findKvnrs,
  ausweis: findAusweise,
  konto: findKontonummern,
  kennung: findKennungen,
  telefon: findPhones,
  email: findEmails,
  geburtsdatum: (t) => findBirthDates(t),
  adresse: findAddresses,
  person: findPersons,
};

const compactKey = (s: string): string => foldText(s, true).text;

/** Candidate spans of all recognisers and known values over an already prepared text. */
export function rawSpans(text: string, options: ScanOptions = {}, matchKnown = options.known ? knownMatcher(options.known) : undefined): PiiSpan[] {
  const min = options.minConfidence ?? 0;
  let spans: PiiSpan[] = [];
  for (const r of Object.values(RECOGNISERS)) for (const s of r(text)) if (s.confidence >= min) spans.push(s);
  if (options.allow && options.allow.length > 0) {
    const allowed = new Set(options.allow.map(compactKey));
    spans = spans.filter((s) => !allowed.has(compactKey(s.text)));
  }
  if (matchKnown) spans.push(...matchKnown(text));
  return spans;
}

/**
 * Overlapping spans become one: the union of their ranges, with the kind of the longest
 * (an IBAN over the phone-like digits inside it, an e-mail over the known name in it);
 * on equal length a known value wins, then a valid check digit, then the higher confidence.
 */
export function mergeSpans(text: string, spans: PiiSpan[]): PiiSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: PiiSpan[] = [];
  let group: PiiSpan[] = [];
  let groupEnd = -1;
  const better = (a: PiiSpan, b: PiiSpan): boolean => {
    const la = a.end - a.start;
    const lb = b.end - b.start;
    if (la !== lb) return la > lb;
    if ((a.source === 'known') !== (b.source === 'known')) return a.source === 'known';
    if (a.valid !== b.valid) return a.valid;
    return a.confidence > b.confidence;
  };
  const flush = () => {
    if (group.length === 0) return;
    let rep = group[0]!;
    for (const s of group) if (better(s, rep)) rep = s;
    const start = group[0]!.start;
    out.push({
      ...rep,
      start,
      end: groupEnd,
      text: text.slice(start, groupEnd),
      confidence: Math.max(...group.map((s) => s.confidence)),
      valid: group.some((s) => s.valid && s.kind === rep.kind) || rep.valid,
    });
    group = [];
  };
  for (const s of sorted) {
    if (s.start >= groupEnd) {
      flush();
      groupEnd = s.end;
    } else groupEnd = Math.max(groupEnd, s.end);
    group.push(s);
  }
  flush();
  return out;
}

/**
 * Every piece of personal data found in `text`, non-overlapping and in order. Offsets refer
 * to `text.normalize('NFC')` (the same string for ordinary input); invisible format
 * characters inside a finding are part of its span.
 */
export function scanPii(text: string, options: ScanOptions = {}): PiiSpan[] {
  const prepared = prepareText(text);
  const merged = mergeSpans(prepared.text, rawSpans(prepared.text, options));
  if (prepared.text === prepared.original) return merged;
  return merged.map((s) => {
    const start = prepared.toOriginal[s.start]!;
    const end = prepared.toOriginal[s.end - 1]! + 1;
    return { ...s, start, end, text: prepared.original.slice(start, end) };
  });
}
