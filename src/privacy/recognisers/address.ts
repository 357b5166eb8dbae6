/**
 * Postal addresses: street + house number, optionally followed by PLZ + Ort. A PLZ with a
 * place name alone ("10115 Berlin") names a town, not a person, and is reported only with
 * an address context word; a postcode alone is never reported.
 */
import type { PiiSpan } from '../types.ts';
import { hasContextBefore, span } from './span.ts';

const SUFFIX =
  'straße|strasse|str\\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad|markt|graben|kamp|stieg|wall|zeile|promenade|twiete|anger|siedlung';
const WORD = "[A-ZÄÖÜ][\\p{L}'’]*";
const NUMBER = '\\d{1,3}(?:\\s?[a-zA-Z](?![\\p{L}]))?(?:\\s?[-/]\\s?\\d{1,3}(?:\\s?[a-zA-Z](?![\\p{L}]))?)?';
const NOT_UNIT =
  '(?![\\p{N}]|[.,]\\d|\\s?(?:€|[Ee]uro\\b|EUR\\b|%|m²|m2\\b|qm\\b|[Kk]inder|[Pp]ersonen|[Mm]onate?|[Jj]ahren?\\b|[Tt]agen?\\b|[Ww]ochen|[Ss]tunden|[Uu]hr\\b|[Pp]rozent|[Zz]immer|[Mm]al\\b))';

const STREET = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${WORD}[-\\s]){0,3}?(?:${WORD}(?:${SUFFIX})|(?<=${WORD}-)(?:${SUFFIX})|Straße|Strasse|Str\\.|Weg|Allee|Platz|Gasse|Ring|Damm|Ufer|Chaussee)(?:\\s(?:des|der|am|an\\sder)\\s[\\p{L}\\d.\\s]{1,20}?\\s|\\s?)(?<nr>${NUMBER})${NOT_UNIT}`,
  'gu',
);
const PREPOSITION_STREET = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:Am|Im|An der|An den|Auf der|Auf dem|In der|In den|Zum|Zur|Hinter der|Unter den|Vor dem)\\s${WORD}(?:[-\\s]${WORD})?\\s(?<nr>${NUMBER})${NOT_UNIT}`,
  'gu',
);
const PLZ_ORT = /(?<![\p{L}\p{N}])(\d{5})\s+([A-ZÄÖÜ][\p{L}]+(?:[\s-](?:an der|am|im|in der|bei|ob der|vor der)\s[A-ZÄÖÜ][\p{L}]+|[\s-][A-ZÄÖÜ][\p{L}]+(?=[\s,.;)]|$))?)/gu;
const ADDRESS_CONTEXT = /wohn|anschrift|adresse|umgezogen|zugezogen|ziehe|lebe\b|leben\b|melde|postanschrift|wohnung|wohnhaft|address/i;

const plzPlausible = (plz: string): boolean => plz >= '01001' && plz <= '99998';

export function findAddresses(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  const plzSpans: Array<{ start: number; end: number; plz: string }> = [];
  PLZ_ORT.lastIndex = 0;
  for (let m = PLZ_ORT.exec(text); m; m = PLZ_ORT.exec(text)) {
    plzSpans.push({ start: m.index, end: m.index + m[0].length, plz: m[1]! });
  }
  const usedPlz = new Set<number>();
  const extend = (start: number, end: number, confidence: number) => {
    // "Hauptstraße 5, 12345 Musterstadt" and "Hauptstraße 5\n12345 Musterstadt" are one address.
    const gap = /^[,;]?\s{0,3}$/;
    const i = plzSpans.findIndex((p) => p.start >= end && gap.test(text.slice(end, p.start)));
    if (i >= 0) {
      usedPlz.add(i);
      const p = plzSpans[i]!;
      out.push(span(text, 'ADRESSE', start, p.end, plzPlausible(p.plz), 0.95, 'adresse'));
    } else out.push(span(text, 'ADRESSE', start, end, true, confidence, 'adresse'));
  };
  STREET.lastIndex = 0;
  for (let m = STREET.exec(text); m; m = STREET.exec(text)) {
    extend(m.index, m.index + m[0].length, 0.8);
  }
  PREPOSITION_STREET.lastIndex = 0;
  for (let m = PREPOSITION_STREET.exec(text); m; m = PREPOSITION_STREET.exec(text)) {
    const end = m.index + m[0].length;
    const followedByPlz = /^[,;]?\s{0,3}\d{5}\s/.test(text.slice(end, end + 10));
    if (followedByPlz || hasContextBefore(text, m.index, ADDRESS_CONTEXT)) extend(m.index, end, 0.7);
  }
  plzSpans.forEach((p, i) => {
    if (usedPlz.has(i)) return;
    if (hasContextBefore(text, p.start, ADDRESS_CONTEXT, 32)) {
      out.push(span(text, 'ADRESSE', p.start, p.end, plzPlausible(p.plz), 0.6, 'adresse'));
    }
  });
  return out;
}
