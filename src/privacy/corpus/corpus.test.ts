import { describe, expect, it } from 'vitest';
import { isValidAusweisWithCheckDigit, isValidIban, isValidKvnr, isValidSteuerId, isValidSvnr } from '../checksums.ts';
import { guardOutbound } from '../guard.ts';
import { knownMatcher } from '../recognisers/known.ts';
import { scanPii } from '../scan.ts';
import { isValidMrz } from '../recognisers/identifiers.ts';
import { DECOY_KINDS, generateCorpus } from './generate.ts';
import { findLeaks, formatMeasure, measureCorpus } from './measure.ts';

const corpus = generateCorpus();
const compactOf = (s: string) => s.replace(/[\s]/g, '');

describe('the synthetic corpus', () => {
  it('has at least 200 texts of five genres, the same for the same seed', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    expect(new Set(corpus.map((t) => t.genre))).toEqual(new Set(['email', 'vermerk', 'chat', 'feedback', 'brief']));
    expect(generateCorpus()).toEqual(corpus);
    expect(generateCorpus({ seed: 'other' })).not.toEqual(corpus);
  });

  it('records exact offsets and plants every kind, valid identifiers valid and look-alikes invalid', () => {
    const planted = corpus.flatMap((t) => t.planted.map((p) => ({ t, p })));
    for (const { t, p } of planted) expect(t.text.slice(p.start, p.end)).toBe(p.text);
    const check: Record<string, (s: string) => boolean> = {
      IBAN: isValidIban,
      STEUER_ID: (s) => isValidSteuerId(compactOf(s)),
      SVNR: (s) => isValidSvnr(compactOf(s)),
      KVNR: isValidKvnr,
      MRZ: (s) => isValidMrz(s.split('\n')),
    };
    for (const { p } of planted) {
      const valid = check[p.kind];
      if (valid) expect(valid(p.text), `${p.kind} ${p.text}`).toBe(p.role === 'valid');
      if (p.kind === 'AUSWEIS' && p.role === 'invalid') expect(isValidAusweisWithCheckDigit(p.text)).toBe(false);
    }
    for (const kind of ['IBAN', 'STEUER_ID', 'SVNR', 'KVNR', 'AUSWEIS', 'MRZ']) {
      expect(planted.some(({ p }) => p.kind === kind && p.role === 'valid'), kind).toBe(true);
      expect(planted.some(({ p }) => p.kind === kind && p.role === 'invalid'), kind).toBe(true);
    }
    for (const kind of ['PERSON', 'GEBURTSDATUM', 'ADRESSE', 'TELEFON', 'EMAIL']) {
      expect(planted.some(({ p }) => p.kind === kind), kind).toBe(true);
    }
    for (const kind of DECOY_KINDS) expect(planted.some(({ p }) => p.kind === kind), kind).toBe(true);
  });
});

describe('guard and scanner over the corpus', () => {
  const measure = measureCorpus(corpus);
  console.log(formatMeasure(measure).join('\n'));

  it('finds every planted known value through the known values alone, without the recognisers', () => {
    let items = 0;
    for (const t of corpus) {
      const spans = knownMatcher(t.known)(t.text);
      for (const p of t.planted.filter((x) => x.known)) {
        items++;
        // Every letter and digit of the item lies in some known span (an address may be two).
        const uncovered = [...p.text].filter((ch, i) => /[\p{L}\p{N}]/u.test(ch) && !spans.some((s) => s.start <= p.start + i && s.end > p.start + i));
        expect(uncovered, `${t.id} ${p.kind} ${p.text}`).toEqual([]);
      }
    }
    expect(items).toBeGreaterThan(250);
  });

  it('lets no planted valid identifier, known value or other personal data through the guard', () => {
    expect(measure.leaks).toEqual([]);
    expect(measure.kinds.every((k) => k.validLeaked === 0)).toBe(true);
  });

  it('finds nearly everything, flags the look-alikes and few decoys, blocks no clean text', () => {
    for (const k of measure.kinds) {
      if (k.valid > 0) expect(k.validDetected / k.valid, k.kind).toBeGreaterThanOrEqual(0.9);
      if (k.invalid > 0) expect(k.invalidDetected / k.invalid, k.kind).toBeGreaterThanOrEqual(0.9);
    }
    const decoys = measure.decoys.reduce((a, d) => a + d.planted, 0);
    const flagged = measure.decoys.reduce((a, d) => a + d.flagged, 0);
    expect(flagged / decoys).toBeLessThanOrEqual(0.02);
    expect(measure.cleanWithFindings).toBe(0);
    expect(measure.blocked).toBeLessThanOrEqual(Math.ceil(corpus.length * 0.02));
  });

  it('holds on a second, unseen seed: no planted identifier reaches the model', () => {
    const other = generateCorpus({ seed: 20260101, size: 200 });
    const m = measureCorpus(other);
    expect(m.leaks).toEqual([]);
    // The same check, stated directly: the text a model would receive has none of the identifiers.
    for (const t of other.slice(0, 60)) {
      const g = guardOutbound(t.text, t.known);
      if (!g.allowed) continue;
      for (const p of t.planted) {
        if (p.role === 'valid' && /\d{4}/.test(p.text)) expect(compactOf(g.text)).not.toContain(compactOf(p.text));
      }
    }
  });

  it('blocks no text without personal data and flags (almost) none of its decoys', () => {
    const clean = generateCorpus({ seed: 'clean-texts', size: 600, cleanShare: 1 });
    let decoys = 0;
    let flagged = 0;
    for (const t of clean) {
      expect(guardOutbound(t.text, t.known).allowed, t.text).toBe(true);
      const spans = scanPii(t.text);
      decoys += t.planted.length;
      flagged += t.planted.filter((p) => spans.some((s) => s.start < p.end && p.start < s.end)).length;
    }
    expect(decoys).toBeGreaterThan(1500);
    expect(flagged / decoys).toBeLessThanOrEqual(0.005);
  });

  it('measures items beyond the promise apart and never counts them as leaks of the promise', () => {
    const hard = generateCorpus({ seed: 'hard', size: 40, hard: true });
    expect(generateCorpus({ size: 40 }).some((t) => t.planted.some((p) => p.hard))).toBe(false);
    const items = hard.flatMap((t) => t.planted.filter((p) => p.hard));
    expect(items.length).toBeGreaterThan(20);
    const m = measureCorpus(hard);
    expect(m.kinds.reduce((a, k) => a + k.hard, 0)).toBe(items.length);
    expect(m.leaks.filter((l) => l.item.hard)).toEqual([]);
    expect(m.leaks).toEqual([]); // the promised items of these texts still do not leak
  });

  it('findLeaks sees planted items in a received text, in other spellings too', () => {
    const t = corpus.find((c) => c.planted.some((p) => p.kind === 'IBAN' && p.role === 'valid') && c.planted.some((p) => p.kind === 'PERSON' && p.role === 'valid'))!;
    const iban = t.planted.find((p) => p.kind === 'IBAN' && p.role === 'valid')!;
    const person = t.planted.find((p) => p.kind === 'PERSON' && p.role === 'valid')!;
    expect(findLeaks('nichts Persönliches', t)).toEqual([]);
    expect(findLeaks(`Konto ${iban.text.replace(/\s/g, '')}`, t)).toEqual([iban]);
    expect(findLeaks(`Gruß an ${person.text.toUpperCase().replace(/Ü/g, 'UE')}!`, t)).toContain(person);
  });
});
