/**
 * The guard's second net, run on the text that is about to leave: identifiers that the
 * recognisers' patterns could not see because they were spread out (`8 6 0 9 5 …`, `169297 - 43800`,
 * `DE89.3704.0044…`, one digit per line) and full names written with separators inside.
 * Only checksum-valid identifiers (Steuer-ID, Versicherungsnummer, KVNR, IBAN) and whole names
 * count, so ordinary numbers do not block.
 */
import { ibanLength, isValidIban, isValidKvnr, isValidSteuerId, isValidSvnr } from './checksums.ts';
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

/** Letters and digits of the text, joined across runs of at most three separator characters. */
function chains(text: string): Chain[] {
  const out: Chain[] = [];
  let chars: string[] = [];
  let at: number[] = [];
  let digits = 0;
  let gap = 0;
  let broken = false;
  const flush = () => {
    if (chars.length > 0) out.push({ s: chars.join(''), at, digits });
    chars = [];
    at = [];
    digits = 0;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (digit || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      if (broken || gap > 3) flush();
      chars.push(text[i]!);
      at.push(i);
      if (digit) digits++;
      gap = 0;
      broken = false;
    } else if (c === 32 || c === 10 || c === 13 || c === 9 || c === 160 || c === 46 || c === 45 || c === 47 || c === 95 || c === 124) gap++;
    else broken = true;
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
    // one group (glued to letters: "ID86095742719") or groups split by separators.
    const groups = digitGroups(chain);
    for (let i = 0; i < groups.length; i++) {
      let digits = '';
      for (let j = i; j < groups.length; j++) {
        const [a, b] = groups[j]!;
        if (j > i && a !== groups[j - 1]![1]) break;
        digits += s.slice(a, b);
        if (digits.length >= 11) {
          const from = chain.at[groups[i]![0]]!;
          const to = chain.at[b - 1]! + 1;
          // Part of a longer dotted number ("2.4390.788688.3", a Kassenzeichen) is not one.
          const inside = /\d[./_|-]$/.test(text.slice(Math.max(0, from - 2), from)) || /^[./_|-]\d/.test(text.slice(to, to + 2));
          if (digits.length === 11 && !inside && isValidSteuerId(digits)) add('STEUER_ID', chain, groups[i]![0], b);
          break;
        }
      }
    }
    for (const m of s.matchAll(/\d{8}[A-Za-z]\d{3}/g)) {
      if (isValidSvnr(m[0])) add('SVNR', chain, m.index, m.index + 12);
    }
    // KVNR: a letter that starts a word in the text, then 9 digits not followed by a digit
    // that stands right next to the ninth in the text.
    for (const m of s.matchAll(/[A-Za-z](?=\d{9})/g)) {
      const k = m.index;
      if (/[\p{L}\p{N}]/u.test(text[chain.at[k]! - 1] ?? '')) continue;
      const next = s.charCodeAt(k + 10);
      if (next >= 48 && next <= 57 && chain.at[k + 10] === chain.at[k + 9]! + 1) continue;
      if (isValidKvnr(s.slice(k, k + 10))) add('KVNR', chain, k, k + 10);
    }
    // IBAN: a two-letter country code in one case that starts a word in the text ("vom 2025…"
    // must not become Oman), then the country's length of characters.
    for (const m of s.matchAll(/(?=([A-Z]{2}|[a-z]{2})\d{2})/g)) {
      if (/[\p{L}\p{N}]/u.test(text[chain.at[m.index]! - 1] ?? '')) continue;
      const length = ibanLength(m[1]!.toUpperCase());
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
