/**
 * Recall and false-positive rate of the scanner, and leaks through the guard, over a corpus.
 * A planted item counts as detected when one span of its kind covers it; as leaked when the
 * guard let the text through and the item was not wholly inside a replaced span, or its
 * characters (letters and digits) still stand in the text that would be sent.
 */
import { guardOutbound } from '../guard.ts';
import { scanPii } from '../scan.ts';
import { foldText } from '../text.ts';
import { PII_KINDS, type PiiKind, type PiiSpan } from '../types.ts';
import { DECOY_KINDS, type CorpusText, type DecoyKind, type PlantedItem } from './generate.ts';

export interface KindMeasure {
  kind: PiiKind;
  valid: number;
  validDetected: number;
  /** Of the valid ones, those given to the guard as known values. */
  validKnown: number;
  invalid: number;
  invalidDetected: number;
  /** Valid items that reached the text the guard would send: must be 0. */
  validLeaked: number;
  /** Spans of this kind over nothing planted as personal data (decoys or plain text). */
  falsePositiveSpans: number;
  spans: number;
  /** Items beyond the recognisers' promise (`PlantedItem.hard`): counted apart, never in `leaks`. */
  hard: number;
  hardDetected: number;
  hardLeaked: number;
}

export interface DecoyMeasure {
  kind: DecoyKind;
  planted: number;
  /** Overlapped by any span. */
  flagged: number;
}

export interface CorpusMeasure {
  texts: number;
  kinds: KindMeasure[];
  decoys: DecoyMeasure[];
  /** Texts the guard blocked (residual findings or errors). */
  blocked: number;
  /** Texts without planted personal data, and how many of them had any span. */
  cleanTexts: number;
  cleanWithFindings: number;
  /** Every valid item that leaked, for diagnosis (synthetic data); `hard` items are not listed. */
  leaks: Array<{ id: string; item: PlantedItem }>;
}

/**
 * The planted personal data of a corpus text that can be found in `received` — for tests that
 * record what reached a model server, a chatbot or a log. Identifiers are compared by their
 * letters and digits (any spacing), names and other words as whole folded words, so
 * "Mueller" in the received text counts for a planted "Müller".
 */
export function findLeaks(received: string, t: CorpusText): PlantedItem[] {
  const compactReceived = foldText(received, true).text;
  const wordsReceived = ` ${foldText(received).text} `;
  return t.planted.filter((p) => {
    if (p.role !== 'valid') return false;
    const c = foldText(p.text, true).text;
    if (/\d/.test(p.text) && c.length >= 6) return compactReceived.includes(c);
    const w = foldText(p.text).text;
    return w.length > 0 && wordsReceived.includes(` ${w} `);
  });
}

const covers = (s: { start: number; end: number }, p: PlantedItem): boolean => s.start <= p.start && s.end >= p.end;
const overlaps = (s: { start: number; end: number }, p: PlantedItem): boolean => s.start < p.end && p.start < s.end;

export function measureCorpus(corpus: readonly CorpusText[]): CorpusMeasure {
  const kinds = new Map<PiiKind, KindMeasure>(
    PII_KINDS.map((kind) => [kind, { kind, valid: 0, validDetected: 0, validKnown: 0, invalid: 0, invalidDetected: 0, validLeaked: 0, falsePositiveSpans: 0, spans: 0, hard: 0, hardDetected: 0, hardLeaked: 0 }]),
  );
  const decoys = new Map<DecoyKind, DecoyMeasure>(DECOY_KINDS.map((kind) => [kind, { kind, planted: 0, flagged: 0 }]));
  const result: CorpusMeasure = { texts: corpus.length, kinds: [], decoys: [], blocked: 0, cleanTexts: 0, cleanWithFindings: 0, leaks: [] };
  for (const t of corpus) {
    const spans: PiiSpan[] = scanPii(t.text, { known: t.known });
    const pii = t.planted.filter((p) => p.role !== 'decoy');
    for (const s of spans) {
      const m = kinds.get(s.kind)!;
      m.spans++;
      if (!pii.some((p) => overlaps(s, p))) m.falsePositiveSpans++;
    }
    for (const p of t.planted) {
      if (p.role === 'decoy') {
        const d = decoys.get(p.kind as DecoyKind)!;
        d.planted++;
        if (spans.some((s) => overlaps(s, p))) d.flagged++;
        continue;
      }
      const m = kinds.get(p.kind as PiiKind)!;
      const detected = spans.some((s) => s.kind === p.kind && covers(s, p));
      if (p.hard) {
        m.hard++;
        if (detected) m.hardDetected++;
      } else if (p.role === 'valid') {
        m.valid++;
        if (p.known) m.validKnown++;
        if (detected) m.validDetected++;
      } else {
        m.invalid++;
        if (detected) m.invalidDetected++;
      }
    }
    if (pii.length === 0) {
      result.cleanTexts++;
      if (spans.length > 0) result.cleanWithFindings++;
    }
    const g = guardOutbound(t.text, t.known);
    if (!g.allowed) {
      result.blocked++;
      continue;
    }
    const replaced = g.audit.findings;
    // Two independent checks: every item inside a replaced span, and none to be found in the
    // text that would be sent.
    const found = new Set(findLeaks(g.text, t));
    // The same words may stand unreplaced in a hard item ("Gestern rief Jan Brandt an" and
    // "Frau Brandt"): then finding them in the outgoing text says nothing about this item.
    const hardWords = t.planted.filter((p) => p.hard).map((p) => ` ${foldText(p.text).text} `);
    for (const p of pii) {
      if (p.role !== 'valid') continue;
      const sharedWithHard = hardWords.some((w) => w.includes(` ${foldText(p.text).text} `));
      if (!replaced.some((f) => covers(f, p)) || (found.has(p) && !sharedWithHard)) {
        if (p.hard) {
          kinds.get(p.kind as PiiKind)!.hardLeaked++;
          continue;
        }
        kinds.get(p.kind as PiiKind)!.validLeaked++;
        result.leaks.push({ id: t.id, item: p });
      }
    }
  }
  result.kinds = [...kinds.values()].filter((k) => k.valid + k.invalid + k.spans > 0);
  result.decoys = [...decoys.values()].filter((d) => d.planted > 0);
  return result;
}

const pct = (a: number, b: number): string => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)} %`);

/** The measure as Markdown tables (for the bench report and docs/privacy.md). */
export function formatMeasure(m: CorpusMeasure): string[] {
  const lines = [
    `Corpus: ${m.texts} texts; guard blocked ${m.blocked}; texts without personal data: ${m.cleanTexts}, of them with any finding: ${m.cleanWithFindings}.`,
    '',
    '| kind | valid planted | of them known | recall (valid) | look-alikes planted | look-alikes flagged | valid leaked through guard | spans | spans over no planted PII |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const k of m.kinds) {
    lines.push(
      `| ${k.kind} | ${k.valid} | ${k.validKnown} | ${pct(k.validDetected, k.valid)} | ${k.invalid} | ${k.invalid ? pct(k.invalidDetected, k.invalid) : '–'} | ${k.validLeaked} | ${k.spans} | ${k.falsePositiveSpans} (${pct(k.falsePositiveSpans, k.spans)}) |`,
    );
  }
  const hard = m.kinds.filter((k) => k.hard > 0);
  if (hard.length > 0) {
    lines.push('', '| beyond the promise (hard items) | planted | detected | passed the guard |', '|---|---:|---:|---:|');
    for (const k of hard) lines.push(`| ${k.kind} | ${k.hard} | ${pct(k.hardDetected, k.hard)} | ${k.hardLeaked} |`);
  }
  const totalDecoys = m.decoys.reduce((a, d) => a + d.planted, 0);
  const totalFlagged = m.decoys.reduce((a, d) => a + d.flagged, 0);
  lines.push('', '| decoy (not personal data) | planted | flagged | false-positive rate |', '|---|---:|---:|---:|');
  for (const d of m.decoys) lines.push(`| ${d.kind} | ${d.planted} | ${d.flagged} | ${pct(d.flagged, d.planted)} |`);
  lines.push(`| **all decoys** | ${totalDecoys} | ${totalFlagged} | ${pct(totalFlagged, totalDecoys)} |`);
  return lines;
}
