import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ausweisSerial, ausweisWithCheckDigit, validIban, validKvnr, validSteuerId, validSvnr } from './corpus/identifiers.ts';
import { seededRng, type Rng } from './corpus/random.ts';
import { guardOutbound } from './guard.ts';

/**
 * Valid identifiers written every which way — cut into chunks of any size, joined by any
 * separator people (or copy and paste) produce, in any case, glued to any surrounding text —
 * never reach the model: the guard either replaces them or blocks the request.
 */
const SEPARATORS = ['', ' ', ' ', '-', '.', '/', '  ', '\n', '\u00a0', '\u200b', ' - '];
const BEFORE = ['', 'Meine Nummer: ', 'Steuer-ID ', 'siehe ', '(', 'IBAN: ', 'Nr.', 'Bitte an ', 'Es sind 12 Zahlen: ', 'Versichertennummer ', 'Zeile\n', 'Rechnungsnummer '];
const AFTER = ['', '.', ')', ' danke', ', Betrag 12,50 €', ' 2024', '\nMfG', ' und 3 Kinder', '!'];

const GENERATORS: Record<string, (rng: Rng) => string> = {
  STEUER_ID: validSteuerId,
  IBAN: (rng) => validIban(rng),
  SVNR: validSvnr,
  KVNR: validKvnr,
};

function chunked(rng: Rng, id: string): string {
  if (rng.chance(0.3)) return id;
  const sep = rng.pick(SEPARATORS);
  let out = '';
  let i = 0;
  while (i < id.length) {
    const n = rng.int(1, 6);
    out += (i > 0 ? sep : '') + id.slice(i, i + n);
    i += n;
  }
  return out;
}

const compact = (s: string): string => s.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();

function leaks(text: string, id: string): boolean {
  const g = guardOutbound(text);
  return g.allowed && compact(g.text).includes(compact(id));
}

describe('no valid identifier passes the guard, however it is written', () => {
  for (const [kind, generate] of Object.entries(GENERATORS)) {
    it(kind, () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
          const rng = seededRng(seed);
          const id = generate(rng);
          const written = rng.chance(0.2) ? chunked(rng, id).toLowerCase() : chunked(rng, id);
          const text = rng.pick(BEFORE) + written + rng.pick(AFTER);
          expect(leaks(text, id), JSON.stringify(text)).toBe(false);
        }),
        { numRuns: 400 },
      );
    });
  }

  it('AUSWEIS with its check digit, and the printed serial after a context word', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const rng = seededRng(seed);
        const serial = ausweisSerial(rng);
        const withCheck = ausweisWithCheckDigit(serial);
        expect(leaks(`${rng.pick(BEFORE)}${withCheck}${rng.pick(AFTER)}`, withCheck)).toBe(false);
        expect(leaks(`${rng.pick(BEFORE)}${withCheck.toLowerCase()}${rng.pick(AFTER)}`, withCheck)).toBe(false);
        expect(leaks(`Personalausweis ${serial.toLowerCase()}${rng.pick(AFTER)}`, serial)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
