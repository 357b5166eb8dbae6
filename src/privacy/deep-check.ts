/**
 * The guard's second net, run on the text that is about to leave: identifiers that the
 * recognisers' patterns could not see because they were spread out (`8 6 0 9 5 …`,
 * `DE89.3704.0044…`, one digit per line) and full names written with separators inside.
 * Only checksum-valid identifiers and whole names count, so ordinary numbers do not block.
 */
import { ibanLength, isValidIban, isValidSteuerId, isValidSvnr } from './checksums.ts';
import { foldText } from './text.ts';
import type { KnownValue, PiiKind } from './types.ts';

export interface DeepFinding {
  kind: PiiKind;
  start: number;
  end: number;
  /** The characters found (for the audit hash only). */
  text: string;
}

/** Letters and digits joined across separators: `s[k]` stands at `at[k]` in the text. */
interface Chain {
  s: string;
  at: number[];
  /** Only whitespace (or nothing) between character k and the one before it. */
  afterSpace: boolean[];
  digits: number;
}

/** Digit groups of a chain (digits adjacent in the text): `[start, end)` into the chain. */
function digitGroups(chain: Chain): Array<[number, number]> {
  const groups: Array<[number, number]> = [];
  const isDigit = (k: number) => chain.s.charCodeAt(k) >= 48 && chain.s.charCodeAt(k) <= 57;
  for (let i = 0; i < chain.s.length; i++) {
    if (!isDigit(i)) continue;
    let j = i + 1;
    while (j < chain.s.length && isDigit(j) && chain.at[j] === chain.at[j - 1]! + 1) j++;
    groups.push([i, j]);
    i = j - 1;
  }
  return groups;
}

/** Letters and digits of the text, joined across runs of at most two separator characters. */
function chains(text: string): Chain[] {
  const out: Chain[] = [];
  let chars: string[] = [];
  let at: number[] = [];
  let afterSpace: boolean[] = [];
  let digits = 0;
  let gap = 0;
  let punct = false;
  let broken = false;
  const flush = () => {
    if (chars.length > 0) out.push({ s: chars.join(''), at, afterSpace, digits });
    chars = [];
    at = [];
    afterSpace = [];
    digits = 0;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (digit || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      if (broken || gap > 2) flush();
      chars.push(text[i]!);
      at.push(i);
      afterSpace.push(!punct);
      if (digit) digits++;
      gap = 0;
      punct = false;
      broken = false;
    } else if (c === 32 || c === 10 || c === 13 || c === 9 || c === 160) gap++;
    else if (c === 46 || c === 45 || c === 47 || c === 95 || c === 124) {
      gap++;
      punct = true;
    } else broken = true;
  }
  flush();
  return out;
}

export function deepCheck(text: string, known: readonly KnownValue[] = []): DeepFinding[] {
  const findings: DeepFinding[] = [];
  const add = (kind: PiiKind, chain: Chain, from: number, to: number) => {
    const start = chain.at[from]!;
    const end = chain.at[to - 1]! + 1;
    findings.push({ kind, start, end, text: text.slice(start, end) });
  };
  for (const chain of chains(text)) {
    // Every identifier checked here has at least 8 digits.
    if (chain.digits < 8) continue;
    const s = chain.s;
    // Steuer-ID: 11 digits made of whole digit groups that follow each other in the chain —
    // one group (glued to letters: "ID86095742719"), groups split by whitespace or line breaks,
    // or small groups split by punctuation ("86.095.742.719"); long groups joined by dots are
    // reference numbers (Kassenzeichen).
    const groups = digitGroups(chain);
    for (let i = 0; i < groups.length; i++) {
      let digits = '';
      for (let j = i; j < groups.length; j++) {
        const [a, b] = groups[j]!;
        if (j > i && a !== groups[j - 1]![1]) break;
        const [pa, pb] = groups[j - 1] ?? [0, 0];
        if (j > i && !chain.afterSpace[a] && (b - a > 4 || pb - pa > 4)) break;
        digits += s.slice(a, b);
        if (digits.length >= 11) {
          if (digits.length === 11 && isValidSteuerId(digits)) add('STEUER_ID', chain, groups[i]![0], b);
          break;
        }
      }
    }
    for (const m of s.matchAll(/\d{8}[A-Za-z]\d{3}/g)) {
      if (isValidSvnr(m[0])) add('SVNR', chain, m.index, m.index + 12);
    }
    for (const m of s.matchAll(/(?=([A-Z]{2})\d{2})/g)) {
      const length = ibanLength(m[1]!);
      if (!length || m.index + length > s.length) continue;
      if (isValidIban(s.slice(m.index, m.index + length))) add('IBAN', chain, m.index, m.index + length);
    }
  }
  const names = known
    .filter((k) => k.category === 'name')
    .map((k) => foldText(k.value, true).text)
    .filter((n) => n.length >= 8);
  if (names.length > 0) {
    const compact = foldText(text, true);
    for (const n of names) {
      const at = compact.text.indexOf(n);
      if (at >= 0) {
        const start = compact.from[at]!;
        const end = compact.to[at + n.length - 1]!;
        findings.push({ kind: 'PERSON', start, end, text: text.slice(start, end) });
      }
    }
  }
  return findings;
}
