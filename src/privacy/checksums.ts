/**
 * Check-digit algorithms of German (and international) identifiers. Each function
 * takes the identifier in electronic form (no spaces) and never throws.
 *
 * Sources: § 139b AO and the BZSt rules for the Steuer-IdNr. (ISO 7064 MOD 11,10 plus the
 * digit-repetition rule, relaxed in 2016 to allow one digit three times, never three in a row);
 * § 2 VKVV (Versicherungsnummer: Bereichsnummer, birth date, initial, serial, check digit with
 * weights 2,1,2,5,7,1,2,1,2,1,2,1 over the digits with the letter as its two-digit alphabet
 * position); § 290 SGB V (Krankenversichertennummer: letter as 01–26, weights 1,2,1,2,…, cross
 * sums, mod 10); ICAO Doc 9303 part 3 (weights 7,3,1, A=10…Z=35, `<`=0); ISO 13616 / ISO 7064
 * MOD 97-10 for the IBAN (country lengths and BBAN formats from ibantools).
 */
import { electronicFormatIBAN, getCountrySpecifications, isValidIBAN } from 'ibantools';

const digitSum = (n: number): number => (n >= 10 ? Math.floor(n / 10) + (n % 10) : n);

/** ISO 7064 MOD 11,10 check digit over a string of decimal digits. */
export function mod11_10CheckDigit(digits: string): number {
  let product = 10;
  for (const ch of digits) {
    let sum = (ch.charCodeAt(0) - 48 + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = 11 - product;
  return check === 10 ? 0 : check;
}

/**
 * The BZSt structure rule over the first ten digits: exactly one digit occurs more than once,
 * twice (rule since 2008) or three times (since 2016, then never in three consecutive places).
 */
export function hasSteuerIdDigitPattern(first10: string): boolean {
  const counts = new Array<number>(10).fill(0);
  for (const ch of first10) counts[ch.charCodeAt(0) - 48]!++;
  const repeated = counts.map((c, d) => ({ c, d })).filter((x) => x.c > 1);
  if (repeated.length !== 1) return false;
  const { c, d } = repeated[0]!;
  if (c === 2) return true;
  if (c === 3) return !first10.includes(String(d).repeat(3));
  return false;
}

export function isValidSteuerId(value: string): boolean {
  if (!/^[1-9]\d{10}$/.test(value)) return false;
  const first10 = value.slice(0, 10);
  return hasSteuerIdDigitPattern(first10) && mod11_10CheckDigit(first10) === value.charCodeAt(10) - 48;
}

/** Position of a letter in the German alphabet as two digits: A → "01", Z → "26". */
function letterAsTwoDigits(letter: string): string {
  return String(letter.toUpperCase().charCodeAt(0) - 64).padStart(2, '0');
}

const RVNR_WEIGHTS = [2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1];

/** Check digit of a Versicherungsnummer from its first eleven characters (`15070649C10`). */
export function svnrCheckDigit(first11: string): number {
  const digits = first11.slice(0, 8) + letterAsTwoDigits(first11.charAt(8)) + first11.slice(9, 11);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += digitSum((digits.charCodeAt(i) - 48) * RVNR_WEIGHTS[i]!);
  return sum % 10;
}

/**
 * Rentenversicherungs-/Sozialversicherungsnummer: 12 characters, check digit right and the
 * birth date part plausible (month 00–12; day 00–31, or 50–81 for the serial-overflow
 * convention — deliberately tolerant: a wrong guess here only lowers `valid`, never hides data).
 */
export function isValidSvnr(value: string): boolean {
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})([A-Za-z])(\d{2})(\d)$/.exec(value);
  if (!m) return false;
  const day = Number(m[2]);
  const month = Number(m[3]);
  if (month > 12) return false;
  if (!(day <= 31 || (day >= 50 && day <= 81))) return false;
  return svnrCheckDigit(value.slice(0, 11)) === Number(m[7]);
}

/**
 * The Bereichsnummern the DEÜV data description allows as the first two digits of a
 * Versicherungsnummer (02–04, 08–21, 23–26, 28, 29, 38, 39, 42–44, 48–61, 63–66, 68, 69, 78–82, 89).
 */
export function isKnownBereichsnummer(two: string): boolean {
  const n = Number(two);
  const ranges: Array<[number, number]> = [
    [2, 4], [8, 21], [23, 26], [28, 29], [38, 39], [42, 44], [48, 61], [63, 66], [68, 69], [78, 82], [89, 89],
  ];
  return ranges.some(([a, b]) => n >= a && n <= b);
}

/** Check digit of a Krankenversichertennummer from letter + 8 digits (`A00050001`). */
export function kvnrCheckDigit(first9: string): number {
  const digits = letterAsTwoDigits(first9.charAt(0)) + first9.slice(1, 9);
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += digitSum((digits.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 2));
  return sum % 10;
}

export function isValidKvnr(value: string): boolean {
  if (!/^[A-Za-z]\d{9}$/.test(value)) return false;
  return kvnrCheckDigit(value.slice(0, 9)) === value.charCodeAt(9) - 48;
}

/** ICAO 9303 check digit: weights 7,3,1; 0–9 as themselves, A–Z as 10–35, `<` as 0. */
export function icaoCheckDigit(field: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const c = field.charCodeAt(i);
    let v: number;
    if (c >= 48 && c <= 57) v = c - 48;
    else if (c >= 65 && c <= 90) v = c - 55;
    else if (c >= 97 && c <= 122) v = c - 87;
    else v = 0;
    sum += v * weights[i % 3]!;
  }
  return sum % 10;
}

/** Characters of German Personalausweis and Reisepass serial numbers (no vowels, no B, D, Q, S). */
export const AUSWEIS_ALPHABET = 'CFGHJKLMNPRTVWXYZ0123456789';

/** A serial followed by its ICAO check digit (`L01X00T471`). */
export function isValidAusweisWithCheckDigit(value: string): boolean {
  if (!/^[CFGHJKLMNPRTVWXYZ0-9]{9}\d$/.test(value)) return false;
  return icaoCheckDigit(value.slice(0, 9)) === value.charCodeAt(9) - 48;
}

/** IBAN in any spacing: country length, BBAN format and ISO 7064 MOD 97-10. */
export function isValidIban(value: string): boolean {
  const e = electronicFormatIBAN(value);
  return e != null && isValidIBAN(e);
}

let ibanLengths: Map<string, number> | undefined;
/** The registered length of IBANs of a country (`DE` → 22), or undefined. */
export function ibanLength(country: string): number | undefined {
  if (!ibanLengths) {
    ibanLengths = new Map();
    for (const [cc, spec] of Object.entries(getCountrySpecifications())) {
      if (spec.chars) ibanLengths.set(cc, spec.chars);
    }
  }
  return ibanLengths.get(country.toUpperCase());
}
