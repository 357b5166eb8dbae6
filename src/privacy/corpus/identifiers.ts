/**
 * Generators of synthetic identifiers: valid ones with correct check digits and look-alikes
 * with a wrong one. Used by the corpus and by property tests; none of them belongs to anyone.
 */
import { composeIBAN, friendlyFormatIBAN, isValidIBAN } from 'ibantools';
import {
  AUSWEIS_ALPHABET,
  hasSteuerIdDigitPattern,
  icaoCheckDigit,
  kvnrCheckDigit,
  mod11_10CheckDigit,
  svnrCheckDigit,
} from '../checksums.ts';
import type { Rng } from './random.ts';

const otherDigit = (rng: Rng, d: string): string => String((Number(d) + rng.int(1, 9)) % 10);
const withWrongLast = (rng: Rng, s: string): string => s.slice(0, -1) + otherDigit(rng, s.slice(-1));

/** A valid IBAN in electronic form; mostly German, some from neighbouring countries. */
export function validIban(rng: Rng, country = rng.chance(0.75) ? 'DE' : rng.pick(['AT', 'NL', 'CH', 'LU', 'BE', 'FR', 'PL'])): string {
  for (let attempt = 0; ; attempt++) {
    // A country whose national check this generator got wrong must not loop forever.
    if (attempt > 20) country = 'DE';
    let bban: string;
    switch (country) {
      case 'DE': bban = rng.digits(18); break;
      case 'AT': bban = rng.digits(16); break;
      case 'NL': bban = rng.pick(['ABNA', 'INGB', 'RABO', 'TRIO']) + rng.digits(10); break;
      case 'CH': bban = rng.digits(17); break;
      case 'LU': bban = rng.digits(16); break;
      case 'PL': bban = rng.digits(24); break;
      case 'BE': {
        const base = rng.digits(10);
        const check = Number(BigInt(base) % 97n) || 97;
        bban = base + String(check).padStart(2, '0');
        break;
      }
      case 'FR': {
        // RIB key: 97 − ((89·bank + 15·branch + 3·account) mod 97), account digits only here.
        const bank = rng.digits(5);
        const branch = rng.digits(5);
        const account = rng.digits(11);
        const key = 97 - Number((89n * BigInt(bank) + 15n * BigInt(branch) + 3n * BigInt(account)) % 97n);
        bban = bank + branch + account + String(key).padStart(2, '0');
        break;
      }
      default: throw new RangeError(country);
    }
    const iban = composeIBAN({ countryCode: country, bban });
    if (iban && isValidIBAN(iban)) return iban;
  }
}

/** One BBAN digit changed: MOD 97-10 detects every single substitution. */
export function invalidIban(rng: Rng): string {
  const valid = validIban(rng);
  const positions = [...valid].map((c, i) => (i >= 4 && /\d/.test(c) ? i : -1)).filter((i) => i >= 0);
  const i = rng.pick(positions);
  return valid.slice(0, i) + otherDigit(rng, valid[i]!) + valid.slice(i + 1);
}

export function formatIban(rng: Rng, electronic: string): string {
  return rng.chance(0.6) ? friendlyFormatIBAN(electronic) ?? electronic : electronic;
}

export function validSteuerId(rng: Rng): string {
  for (;;) {
    const repeated = rng.int(0, 9);
    const count = rng.chance(0.5) ? 2 : 3;
    const others = rng.shuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((d) => d !== repeated)).slice(0, 10 - count);
    const digits = rng.shuffle([...others, ...Array<number>(count).fill(repeated)]).join('');
    if (digits[0] === '0' || !hasSteuerIdDigitPattern(digits)) continue;
    return digits + String(mod11_10CheckDigit(digits));
  }
}

export const invalidSteuerId = (rng: Rng): string => withWrongLast(rng, validSteuerId(rng));

const BEREICHE = ['02', '03', '04', '08', '10', '12', '13', '15', '16', '17', '18', '19', '20', '21', '23', '24', '25', '26', '28', '29', '38', '39', '42', '43', '44', '48', '49', '50', '51', '52', '53', '54', '55', '56', '57', '58', '59', '60', '61', '63', '64', '65', '66', '68', '69', '78', '79', '80', '81', '82', '89'];
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function validSvnr(rng: Rng): string {
  const day = String(rng.int(1, 28)).padStart(2, '0');
  const month = String(rng.int(1, 12)).padStart(2, '0');
  const year = String(rng.int(40, 99)).padStart(2, '0');
  const first11 = rng.pick(BEREICHE) + day + month + year + rng.pick([...LETTERS]) + rng.digits(2);
  return first11 + String(svnrCheckDigit(first11));
}

export const invalidSvnr = (rng: Rng): string => withWrongLast(rng, validSvnr(rng));

export function validKvnr(rng: Rng): string {
  const first9 = rng.pick([...LETTERS]) + rng.digits(8);
  return first9 + String(kvnrCheckDigit(first9));
}

export const invalidKvnr = (rng: Rng): string => withWrongLast(rng, validKvnr(rng));

/** A 9-character serial as printed (Behördenkennzahl of four, five random characters). */
export function ausweisSerial(rng: Rng): string {
  const letters = 'CFGHJKLMNPRTVWXYZ';
  for (;;) {
    let s = rng.pick([...letters]);
    for (let i = 1; i < 9; i++) s += rng.pick([...AUSWEIS_ALPHABET]);
    const digits = s.replace(/\D/g, '').length;
    if (digits >= 2 && digits < 9) return s;
  }
}

export const ausweisWithCheckDigit = (serial: string): string => serial + String(icaoCheckDigit(serial));
export const invalidAusweis = (rng: Rng): string => withWrongLast(rng, ausweisWithCheckDigit(ausweisSerial(rng)));

function mrzName(s: string): string {
  return s
    .toUpperCase()
    .replace(/Ä/g, 'AE').replace(/Ö/g, 'OE').replace(/Ü/g, 'UE').replace(/ß/g, 'SS')
    .normalize('NFD').replace(/\p{M}/gu, '')
    .replace(/[^A-Z]+/g, '<');
}

const pad = (s: string, n: number): string => (s + '<'.repeat(n)).slice(0, n);

/** A German ID card machine-readable zone (TD1, 3 × 30) with all check digits right. */
export function validMrzTd1(rng: Rng, surname: string, given: string, birth: { day: number; month: number; year: number }): string[] {
  const serial = ausweisSerial(rng);
  const dob = String(birth.year % 100).padStart(2, '0') + String(birth.month).padStart(2, '0') + String(birth.day).padStart(2, '0');
  const expiry = String(rng.int(27, 35)) + String(rng.int(1, 12)).padStart(2, '0') + String(rng.int(1, 28)).padStart(2, '0');
  const l1 = pad(`IDD<<${serial}${icaoCheckDigit(serial)}`, 30);
  const l2a = `${dob}${icaoCheckDigit(dob)}<${expiry}${icaoCheckDigit(expiry)}D<<`;
  const l2b = pad(l2a, 29);
  const composite = icaoCheckDigit(l1.slice(5, 30) + l2b.slice(0, 7) + l2b.slice(8, 15) + l2b.slice(18, 29));
  const l3 = pad(`${mrzName(surname)}<<${mrzName(given)}`, 30);
  return [l1, l2b + String(composite), l3];
}

/** The same zone with a wrong composite check digit. */
export function invalidMrzTd1(rng: Rng, surname: string, given: string, birth: { day: number; month: number; year: number }): string[] {
  const [l1, l2, l3] = validMrzTd1(rng, surname, given, birth);
  return [l1!, withWrongLast(rng, l2!), l3!];
}
