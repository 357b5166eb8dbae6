/**
 * Names of people from cues in the text itself (there is no NER model): a form of address
 * (Herr, Frau, Familie, Dr.), a greeting, a signature after a closing formula, a
 * self-introduction ("mein Name ist") or a form label ("Antragstellerin:"). Names known from the
 * case are matched separately and regardless of cues (known.ts).
 */
import type { PiiSpan } from '../types.ts';
import { span } from './span.ts';

const NAME = "[A-ZÄÖÜ][\\p{L}'’]+(?:-[A-ZÄÖÜ][\\p{L}'’]+)*";
const PARTICLE = '(?:von der|von dem|van der|van den|von|van|vom|de la|de|del|da|zu|zur|ten|ter|el|al|bin)';
const FULL = `(?:(?:${PARTICLE}\\s)?${NAME}(?:(?:\\s${PARTICLE})?\\s${NAME}){0,2})`;

/** Capitalised words after a cue that are roles or nouns, not names. */
const NOT_NAME = new Set(
  (
    'Bürgermeister Bürgermeisterin Sachbearbeiter Sachbearbeiterin Kollege Kollegin Kollegen Doktor Professor ' +
    'Professorin Ministerin Minister Damen Herren Team Zusammen Allerseits Leute Nachbarn Wohngeldstelle Stadt ' +
    'Stadtverwaltung Verwaltung Bürgerbüro Amt Gemeinde Landkreis Kita Schule Antrag Bescheid Wohngeld Kindergeld ' +
    'Unterlagen Nachweise Miete Einkommen Rente Im Auftrag Ihr Ihre Die Der Das Mit Und Vielen Dank Bitte Frau Herr ' +
    'Herrn Familie Eheleute Dr Prof Anlage Anlagen Grüße Gruß Hallo Liebe Lieber Guten Tag Morgen Abend Sehr Geehrte'
  ).split(' '),
);

const CUES: Array<{ re: RegExp; confidence: number; minWords?: number }> = [
  { re: new RegExp(`(?<![\\p{L}])(?:Herrn?|Frau|Familie|Eheleute|Dr\\.|Prof\\.)\\s+(?:(?:Dr|Prof)\\.\\s+)*(?<name>${FULL})`, 'gu'), confidence: 0.85 },
  { re: new RegExp(`(?<![\\p{L}])(?:Hallo|Liebe|Lieber|Hi|Moin|Servus),?\\s+(?<name>${FULL})`, 'gu'), confidence: 0.7 },
  {
    re: new RegExp(
      `(?:[Mm]ein Name ist|[Ii]ch hei(?:ß|ss)e|[Nn]ame:|Vor- und Nachname:|Antragsteller(?:in)?:|Ansprechpartner(?:in)?:|Kontoinhaber(?:in)?:|Mieter(?:in)?:|Vermieter(?:in)?:|gez\\.|i\\.\\s?A\\.|[Ii]m Auftrag)\\s*(?<name>${FULL})`,
      'gu',
    ),
    confidence: 0.85,
  },
  { re: new RegExp(`(?:[Ii]ch bin|[Hh]ier ist|[Hh]ier spricht)\\s+(?<name>${NAME}\\s${NAME})`, 'gu'), confidence: 0.7, minWords: 2 },
  {
    re: new RegExp(
      `(?<![\\p{L}])(?:[Mm]ein|[Mm]eine|[Mm]einem|[Mm]einer|[Mm]eines|[Uu]nser|[Uu]nsere|[Uu]nserem|[Uu]nserer|[Uu]nseres)\\s+(?:Tochter|Sohn|Kind|Ehemann|Ehefrau|Mann|Frau|Partner|Partnerin|Lebensgefährte|Lebensgefährtin|Mutter|Vater|Enkel|Enkelin|Bruder|Schwester|Vermieter|Vermieterin)\\s+(?<name>${NAME}(?:\\s${NAME})?)`,
      'gu',
    ),
    confidence: 0.6,
  },
];

const CLOSING =
  /(?:Mit freundlichen Grüßen|Mit freundlichem Gruß|Freundliche Grüße|Viele Grüße|Beste Grüße|Liebe Grüße|Herzliche Grüße|Schöne Grüße|Gruß|Grüße|MfG|VG|LG|Best regards|Kind regards)[,.!]?[ \t]*\r?\n(?:[ \t]*\r?\n)?[ \t]*/giu;
/** "Viele Grüße, Jan" — a closing and a name on one line. */
const CLOSING_INLINE = new RegExp(
  `(?:(?:Viele|Liebe|Beste|Herzliche|Freundliche|Schöne|Sonnige) Grüße|Gruß|LG|VG|MfG),?[ \\t]+(?<name>${NAME}(?:\\s${NAME}){0,2})[ \\t.!]*(?=\\r?\\n|$)`,
  'gu',
);
const SIGNATURE = new RegExp(`^(?:(?:Dr|Prof)\\.\\s)?${NAME}(?:(?:\\s${PARTICLE})?\\s${NAME}){0,3}[ \\t]*(?=\\r?\\n|$)`, 'u');

function trimNotNames(text: string, start: number, name: string): [number, number] | undefined {
  const words = name.split(/\s+/);
  let s = start;
  while (words.length > 0 && NOT_NAME.has(words[0]!.replace(/\.$/, ''))) {
    s += words[0]!.length + 1;
    words.shift();
  }
  // Trailing role words go, and then particles left without a name after them ("vom").
  while (words.length > 0 && (NOT_NAME.has(words[words.length - 1]!) || /^\p{Ll}/u.test(words[words.length - 1]!))) words.pop();
  if (words.length === 0) return undefined;
  const joined = words.join(' ');
  const at = text.indexOf(joined, s);
  return at >= 0 ? [at, at + joined.length] : undefined;
}

export function findPersons(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const { re, confidence, minWords } of CUES) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const name = m.groups!.name!;
      const start = m.index + m[0].length - name.length;
      const range = trimNotNames(text, start, name);
      if (!range) continue;
      if (minWords && text.slice(range[0], range[1]).split(/\s+/).length < minWords) continue;
      out.push(span(text, 'PERSON', range[0], range[1], true, confidence, 'person'));
    }
  }
  CLOSING_INLINE.lastIndex = 0;
  for (let m = CLOSING_INLINE.exec(text); m; m = CLOSING_INLINE.exec(text)) {
    const name = m.groups!.name!;
    const range = trimNotNames(text, m.index + m[0].indexOf(name, m[0].search(/[,\s]/)), name);
    if (range) out.push(span(text, 'PERSON', range[0], range[1], true, 0.75, 'person'));
  }
  CLOSING.lastIndex = 0;
  for (let m = CLOSING.exec(text); m; m = CLOSING.exec(text)) {
    const at = m.index + m[0].length;
    const sig = SIGNATURE.exec(text.slice(at));
    if (!sig) continue;
    const range = trimNotNames(text, at, sig[0].trim());
    if (range) out.push(span(text, 'PERSON', range[0], range[1], true, 0.8, 'person'));
  }
  return out;
}
