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

interface Piece {
  ch: string;
  at: number;
  /** Only whitespace (or nothing) between this character and the one before it in the chain. */
  afterSpace: boolean;
}

/** Digit groups of a chain: `[start, end)` indexes into the chain's pieces. */
function digitGroups(chain: Piece[]): Array<[number, number]> {
  const groups: Array<[number, number]> = [];
  for (let i = 0; i < chain.length; i++) {
    if (!/\d/.test(chain[i]!.ch)) continue;
    let j = i + 1;
    while (j < chain.length && /\d/.test(chain[j]!.ch) && chain[j]!.at === chain[j - 1]!.at + 1) j++;
    groups.push([i, j]);
    i = j - 1;
  }
  return groups;
}

/** Letters and digits of the text, joined across runs of at most two separator characters. */
function chains(text: string): Piece[][] {
  const out: Piece[][] = [];
  let chain: Piece[] = [];
  let gap = 0;
  let punct = false;
  let broken = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      const ch = text[i]!;
      if ((broken || gap > 2) && chain.length > 0) {
        out.push(chain);
        chain = [];
      }
      chain.push({ ch, at: i, afterSpace: !punct });
      gap = 0;
      punct = false;
      broken = false;
    } else if (c === 32 || c === 10 || c === 13 || c === 9 || c === 160) gap++;
    else if (c === 46 || c === 45 || c === 47 || c === 95 || c === 124) {
      gap++;
      punct = true;
    }
    else broken = true;
  }
  if (chain.length > 0) out.push(chain);
  return out;
}

export function deepCheck(text: string, known: readonly KnownValue[] = []): DeepFinding[] {
  const findings: DeepFinding[] = [];
  const add = (kind: PiiKind, chain: Piece[], from: number, to: number) => {
    const start = chain[from]!.at;
    const end = chain[to - 1]!.at + 1;
    findings.push({ kind, start, end, text: text.slice(start, end) });
  };
  for (const chain of chains(text)) {
    const s = chain.map((p) => p.ch).join('');
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
        if (j > i && !chain[a]!.afterSpace && (b - a > 4 || pb - pa > 4)) break;
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
