import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hasSteuerIdDigitPattern,
  ibanLength,
  icaoCheckDigit,
  isValidAusweisWithCheckDigit,
  isValidIban,
  isValidKvnr,
  isValidSteuerId,
  isValidSvnr,
  mod11_10CheckDigit,
} from './checksums.ts';
import { invalidIban, invalidKvnr, invalidSteuerId, invalidSvnr, validIban, validKvnr, validSteuerId, validSvnr } from './corpus/identifiers.ts';
import { seededRng } from './corpus/random.ts';
import { isValidMrz } from './recognisers/identifiers.ts';

/** ISO 7064 MOD 97-10 written out here, independent of ibantools, as a second opinion. */
function ibanMod97(electronic: string): number {
  let rest = 0;
  for (const ch of (electronic.slice(4) + electronic.slice(0, 4)).toUpperCase()) {
    const v = ch >= 'A' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    rest = (v >= 10 ? rest * 100 + v : rest * 10 + v) % 97;
  }
  return rest;
}

const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const RUNS = { numRuns: 300 };
const changeDigit = (s: string, i: number, by: number): string => s.slice(0, i) + String((Number(s[i]) + by) % 10) + s.slice(i + 1);

describe('Steuer-IdNr. (§ 139b AO, ISO 7064 MOD 11,10)', () => {
  it('accepts published samples and rejects them with a changed check digit', () => {
    expect(isValidSteuerId('86095742719')).toBe(true);
    expect(isValidSteuerId('86095742718')).toBe(false);
    expect(isValidSteuerId('12345678995')).toBe(true); // kryptografie.de worked example
    expect(isValidSteuerId('95078563523')).toBe(true); // one digit three times (rule since 2016)
  });

  it('applies the digit-repetition rule of 2008 and its 2016 relaxation', () => {
    expect(hasSteuerIdDigitPattern('1234567890')).toBe(false); // all distinct
    expect(hasSteuerIdDigitPattern('1123456789')).toBe(true); // one digit twice
    expect(hasSteuerIdDigitPattern('1121345678')).toBe(true); // three times, not in a row
    expect(hasSteuerIdDigitPattern('1112345678')).toBe(false); // three in a row
    expect(hasSteuerIdDigitPattern('1121314567')).toBe(false); // four times
    expect(hasSteuerIdDigitPattern('1122345678')).toBe(false); // two digits repeated
    // A number that fails only the repetition rule is invalid even with the right check digit.
    const first10 = '1112345678';
    expect(isValidSteuerId(first10 + String(mod11_10CheckDigit(first10)))).toBe(false);
    expect(isValidSteuerId('06095742719')).toBe(false); // never starts with 0
  });

  it('generated ones are valid; every single-digit substitution is rejected', () => {
    fc.assert(
      fc.property(seeds, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 9 }), (seed, i, by) => {
        const id = validSteuerId(seededRng(seed));
        expect(isValidSteuerId(id)).toBe(true);
        expect(isValidSteuerId(changeDigit(id, i, by))).toBe(false);
        expect(isValidSteuerId(invalidSteuerId(seededRng(seed)))).toBe(false);
      }),
      RUNS,
    );
  });
});

describe('Versicherungsnummer (§ 2 VKVV)', () => {
  it('accepts published samples and rejects a changed check digit', () => {
    expect(isValidSvnr('15070649C103')).toBe(true);
    expect(isValidSvnr('15070649C104')).toBe(false);
    expect(isValidSvnr('10010490A443')).toBe(true);
    expect(isValidSvnr('65170839J000')).toBe(false); // month 17
  });

  it('generated ones are valid and their look-alikes are not', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        expect(isValidSvnr(validSvnr(seededRng(seed)))).toBe(true);
        expect(isValidSvnr(invalidSvnr(seededRng(seed)))).toBe(false);
      }),
      RUNS,
    );
  });
});

describe('Krankenversichertennummer (§ 290 SGB V)', () => {
  it('accepts the published sample and rejects a changed check digit', () => {
    expect(isValidKvnr('A000500015')).toBe(true);
    expect(isValidKvnr('A000500016')).toBe(false);
  });

  it('detects every single-digit substitution (Luhn-like weights 1,2 with cross sums)', () => {
    fc.assert(
      fc.property(seeds, fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), (seed, i, by) => {
        const k = validKvnr(seededRng(seed));
        expect(isValidKvnr(k)).toBe(true);
        expect(isValidKvnr(changeDigit(k, i, by))).toBe(false);
        expect(isValidKvnr(invalidKvnr(seededRng(seed)))).toBe(false);
      }),
      RUNS,
    );
  });
});

describe('ICAO 9303 check digits', () => {
  it('computes the 7-3-1 digit for document numbers and dates', () => {
    expect(icaoCheckDigit('L01X00T47')).toBe(1); // Personalausweis sample serial
    expect(icaoCheckDigit('122000129')).toBe(7); // old German ID card sample
    expect(icaoCheckDigit('640812')).toBe(5);
    expect(icaoCheckDigit('171031')).toBe(9);
    expect(icaoCheckDigit('L898902C3')).toBe(6); // ICAO specimen passport
    expect(icaoCheckDigit('D23145890')).toBe(7); // ICAO specimen TD1
    expect(isValidAusweisWithCheckDigit('L01X00T471')).toBe(true);
    expect(isValidAusweisWithCheckDigit('L01X00T472')).toBe(false);
  });

  it('validates whole TD1 and TD3 zones from ICAO Doc 9303', () => {
    const td3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
    const td1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
    expect(isValidMrz(td3)).toBe(true);
    expect(isValidMrz(td1)).toBe(true);
    expect(isValidMrz([td3[0]!, td3[1]!.replace('C36', 'C37')])).toBe(false);
    expect(isValidMrz([td1[0]!, td1[1]!.slice(0, 29) + '7', td1[2]!])).toBe(false);
  });

  it('detects every single-digit substitution in a numeric field', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }), (field, i, by) => {
        expect(icaoCheckDigit(changeDigit(field, i, by))).not.toBe(icaoCheckDigit(field));
      }),
      RUNS,
    );
  });
});

describe('IBAN (ISO 13616, MOD 97-10)', () => {
  it('accepts registry examples and rejects tampered ones', () => {
    expect(isValidIban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(isValidIban('DE89370400440532013001')).toBe(false);
    expect(isValidIban('GB82WEST12345698765432')).toBe(true);
    expect(isValidIban('NL91ABNA0417164300')).toBe(true);
    expect(isValidIban('NL92ABNA0417164300')).toBe(false);
    expect(isValidIban('DE8937040044053201300')).toBe(false); // 21 characters
    expect(ibanLength('DE')).toBe(22);
    expect(ibanLength('NO')).toBe(15);
    expect(ibanLength('MT')).toBe(31);
    expect(ibanLength('XX')).toBeUndefined();
    expect(ibanMod97('DE89370400440532013000')).toBe(1);
  });

  it('generated ones are valid; every single-digit substitution is rejected', () => {
    fc.assert(
      fc.property(seeds, fc.integer({ min: 1, max: 9 }), (seed, by) => {
        const iban = validIban(seededRng(seed));
        expect(isValidIban(iban)).toBe(true);
        expect(ibanMod97(iban)).toBe(1);
        const i = 2 + (seed % (iban.length - 2));
        if (/\d/.test(iban[i]!)) expect(ibanMod97(changeDigit(iban, i, by))).not.toBe(1);
        expect(isValidIban(invalidIban(seededRng(seed)))).toBe(false);
      }),
      RUNS,
    );
  });
});
