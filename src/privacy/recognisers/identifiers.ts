/**
 * Recognisers for identifiers with check digits. Policy (docs/privacy.md): an identifier with
 * a right check digit is personal data wherever it stands; a look-alike with a wrong check
 * digit is reported with `valid: false` when its shape alone is specific (IBAN, SVNR, MRZ,
 * Ausweis serial with letters) or when a context word names it (Steuer-ID, KVNR), because
 * it may be a typo of a real number. Plain numbers without shape or context are left alone.
 */
import { electronicFormatIBAN } from 'ibantools';
import {
  icaoCheckDigit,
  ibanLength,
  isKnownBereichsnummer,
  isValidAusweisWithCheckDigit,
  isValidIban,
  isValidKvnr,
  isValidSteuerId,
  isValidSvnr,
} from '../checksums.ts';
import type { PiiSpan } from '../types.ts';
import { alnumAt, digitRuns, groupWindows, hasContextBefore, labelledAsOther, span } from './span.ts';

export function findIbans(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  const re = /(?<![\p{L}\p{N}])([A-Za-z]{2})[ .-]?(\d{2})(?=[ .\-/\u00a0]?[A-Za-z0-9])/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const country = m[1]!.toUpperCase();
    const length = ibanLength(country);
    if (!length) continue;
    const upper = m[1] === country;
    // Collect the BBAN, allowing one space or hyphen between characters (groups of four).
    let i = m.index + m[0].length;
    let bban = '';
    let end = i;
    while (i < text.length && bban.length < length - 4) {
      const ch = text[i]!;
      if (/[A-Za-z0-9]/.test(ch)) {
        bban += ch;
        i++;
        end = i;
      } else if ((ch === ' ' || ch === '-' || ch === '.' || ch === '/' || ch === '\u00a0') && /[A-Za-z0-9]/.test(text[i + 1] ?? '')) {
        i++;
      } else break;
    }
    const complete = bban.length === length - 4 && !alnumAt(text, end);
    const electronic = electronicFormatIBAN(country + m[2]! + bban) ?? '';
    if (complete) {
      const valid = isValidIban(electronic);
      if (valid || upper) out.push(span(text, 'IBAN', m.index, end, valid, valid ? 0.99 : 0.8, 'iban'));
    } else if (upper && bban.length >= 10 && /^\d+$/.test(bban.slice(0, 8))) {
      // Too short or glued to more characters: a mistyped IBAN is still an account.
      out.push(span(text, 'IBAN', m.index, end, false, 0.6, 'iban'));
    }
    re.lastIndex = end;
  }
  return out;
}

const STEUER_ID_CONTEXT = /steuer-?\s?id|steuer-?idnr|identifikationsnummer|\bid-?nr|\bidnr|\btin\b|tax\s?id|steuernummer|steuerliche\s+id/i;

export function findSteuerIds(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const run of digitRuns(text, /[ \u00a0\u202f./-]/)) {
    for (const [start, end, digits] of groupWindows(run, 11)) {
      if (alnumAt(text, start - 1) || alnumAt(text, end)) continue;
      // Part of a longer dotted or slashed number ("2.4390.788688.3"): not an identifier of its own.
      if (/\d[./-]$/.test(text.slice(Math.max(0, start - 2), start)) || /^[./-]\d/.test(text.slice(end, end + 2))) continue;
      const valid = isValidSteuerId(digits);
      const context = hasContextBefore(text, start, STEUER_ID_CONTEXT);
      // Long groups joined by dots or slashes are usually reference numbers (Kassenzeichen):
      // replaced only when the check digit holds, and then with less confidence.
      const written = text.slice(start, end);
      const reference = /[./-]/.test(written) && written.split(/[^\d]+/).some((g) => g.length > 4);
      if (valid) out.push(span(text, 'STEUER_ID', start, end, true, context ? 0.95 : reference ? 0.5 : 0.75, 'steuer-id'));
      else if (context && !reference && digits[0] !== '0') out.push(span(text, 'STEUER_ID', start, end, false, 0.6, 'steuer-id'));
    }
  }
  return out;
}

export function findSvnrs(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  const re = /(?<![\p{L}\p{N}])(\d{2}) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-Za-z]) ?(\d{2}) ?(\d)(?![\p{L}\p{N}])/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const compact = m.slice(1, 8).join('');
    const valid = isValidSvnr(compact);
    const confidence = valid ? (isKnownBereichsnummer(m[1]!) ? 0.97 : 0.85) : 0.7;
    out.push(span(text, 'SVNR', m.index, m.index + m[0].length, valid, confidence, 'svnr'));
  }
  return out;
}

const KVNR_CONTEXT = /versichertennummer|versicherten-?nr|kvnr|krankenkasse|krankenversicherung|gesundheitskarte|\begk\b|\bkv-?nummer|\bkv-?nr/i;

export function findKvnrs(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  const re = /(?<![\p{L}\p{N}])([A-Za-z]) ?(\d{4}) ?(\d{4}) ?(\d)(?![\p{L}\p{N}])/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const compact = m.slice(1, 5).join('');
    const valid = isValidKvnr(compact);
    const context = hasContextBefore(text, m.index, KVNR_CONTEXT);
    // A valid one in any case (chat users type "a000500015"); a look-alike only with context.
    if (valid || context) {
      out.push(span(text, 'KVNR', m.index, m.index + m[0].length, valid, valid ? (context ? 0.95 : 0.75) : 0.7, 'kvnr'));
    }
  }
  return out;
}

const AUSWEIS_CONTEXT = /ausweis|reisepass|\bpass(?:nummer|-?nr|es)?\b|dokumentennummer|seriennummer|\bperso\b|passport|id card/i;

export function findAusweise(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  const re = /(?<![\p{L}\p{N}])([A-Za-z0-9]{9})(\d)?(?![\p{L}\p{N}])/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const serial = m[1]!;
    const context = hasContextBefore(text, m.index, AUSWEIS_CONTEXT);
    const upperSerial = serial.toUpperCase();
    if (!/^[CFGHJKLMNPRTVWXYZ0-9]{9}$/.test(upperSerial)) continue;
    // Lower case: only with a context word or a check digit that holds.
    if (serial !== upperSerial && !context && !(m[2] !== undefined && isValidAusweisWithCheckDigit(upperSerial + m[2]))) continue;
    const digitCount = upperSerial.replace(/\D/g, '').length;
    const shaped = /^[A-Z]/.test(upperSerial) && digitCount >= 2 && digitCount < 9;
    if (!shaped && !context) continue;
    // Digits only: an old serial only right after its own label, not after another number's.
    if (!shaped && (labelledAsOther(text, m.index) || !hasContextBefore(text, m.index, AUSWEIS_CONTEXT, 24))) continue;
    // Letter + 9 digits after a KVNR word is the KVNR recogniser's.
    if (/^[A-Z]\d{8}$/.test(upperSerial) && m[2] !== undefined && hasContextBefore(text, m.index, KVNR_CONTEXT)) continue;
    const end = m.index + m[0].length;
    if (m[2] !== undefined) {
      const valid = isValidAusweisWithCheckDigit(upperSerial + m[2]);
      out.push(span(text, 'AUSWEIS', m.index, end, valid, valid ? (context ? 0.95 : 0.85) : context ? 0.7 : 0.5, 'ausweis'));
    } else {
      // The printed serial carries no check digit: its format is all there is to check.
      out.push(span(text, 'AUSWEIS', m.index, end, true, context ? 0.9 : 0.6, 'ausweis'));
    }
  }
  return out;
}

const KONTO_CONTEXT = /konto(?:nummer|-?nr\.?)?|\bkto\.?(?:-?nr\.?)?/i;

/** Old-style account numbers are personal data too; only with a context word, never a BLZ. */
export function findKontonummern(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  const re = /(?<![\p{L}\p{N}])\d{5,10}(?![\p{L}\p{N}])/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    if (!KONTO_CONTEXT.test(before) || /\bblz\b|bankleitzahl/i.test(before.slice(-12))) continue;
    out.push(span(text, 'KONTO', m.index, m.index + m[0].length, true, 0.85, 'konto'));
  }
  return out;
}

const STEUERNUMMER_CONTEXT = /steuer-?nr\.?|steuernummer|st\.-?nr\./i;
const KENNZEICHEN_CONTEXT = /kennzeichen|kfz|fahrzeug|auto\b|pkw/i;
const FUEHRERSCHEIN_CONTEXT = /führerschein|fuehrerschein/i;

/**
 * Identifiers without a published check digit, only after a word that names them: the
 * Steuernummer (Länder formats "123/456/78901", "12/345/67890" and the 13-digit ELSTER form),
 * the Kfz-Kennzeichen ("M-AB 1234", "B XY 123E") and the Führerscheinnummer (11 characters).
 */
export function findKennungen(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  const patterns: Array<[RegExp, RegExp, string]> = [
    [/(?<![\p{L}\p{N}])(?:\d{2,3}\/\d{3,4}\/\d{4,5}|\d{13})(?![\p{L}\p{N}])/gu, STEUERNUMMER_CONTEXT, 'steuernummer'],
    [/(?<![\p{L}\p{N}])[A-ZÄÖÜ]{1,3}[- ][A-Z]{1,2} ?\d{1,4}[EH]?(?![\p{L}\p{N}])/gu, KENNZEICHEN_CONTEXT, 'kennzeichen'],
    [/(?<![\p{L}\p{N}])[A-Z0-9]\d{2}[A-Z0-9]{6}\d[A-Z0-9](?![\p{L}\p{N}])/gu, FUEHRERSCHEIN_CONTEXT, 'fuehrerschein'],
  ];
  for (const [re, context, source] of patterns) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (hasContextBefore(text, m.index, context, 32)) out.push(span(text, 'KENNUNG', m.index, m.index + m[0].length, true, 0.8, source));
    }
  }
  return out;
}

function checkField(field: string, check: string): boolean {
  if (check === '<') return /^<*$/.test(field);
  return icaoCheckDigit(field) === Number(check);
}

/** Check digits of a complete TD1 (3×30), TD2 (2×36) or TD3 (2×44) zone. */
export function isValidMrz(lines: string[]): boolean {
  const [l1, l2, l3] = lines;
  if (lines.length === 3 && lines.every((l) => l.length === 30)) {
    const a = l1!;
    const b = l2!;
    void l3;
    return (
      checkField(a.slice(5, 14), a[14]!) &&
      checkField(b.slice(0, 6), b[6]!) &&
      checkField(b.slice(8, 14), b[14]!) &&
      checkField(a.slice(5, 30) + b.slice(0, 7) + b.slice(8, 15) + b.slice(18, 29), b[29]!)
    );
  }
  if (lines.length === 2 && (l1!.length === 44 || l1!.length === 36) && l2!.length === l1!.length) {
    const b = l2!;
    const td3 = b.length === 44;
    const ok =
      checkField(b.slice(0, 9), b[9]!) && checkField(b.slice(13, 19), b[19]!) && checkField(b.slice(21, 27), b[27]!);
    if (!ok) return false;
    if (td3) {
      return checkField(b.slice(28, 42), b[42]!) && checkField(b.slice(0, 10) + b.slice(13, 20) + b.slice(21, 43), b[43]!);
    }
    return checkField(b.slice(0, 10) + b.slice(13, 20) + b.slice(21, 35), b[35]!);
  }
  return false;
}

/** Machine-readable zones: consecutive lines of `A–Z 0–9 <` with filler runs. */
export function findMrz(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  const re = /^[ \t]*([A-Z0-9<]{20,44})[ \t]*$/gm;
  let block: Array<{ start: number; end: number; line: string }> = [];
  const flush = () => {
    if (block.length === 0) return;
    const lines = block.map((b) => b.line);
    if (lines.some((l) => l.includes('<<'))) {
      out.push(span(text, 'MRZ', block[0]!.start, block[block.length - 1]!.end, isValidMrz(lines), 0.99, 'mrz'));
    }
    block = [];
  };
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].indexOf(m[1]!);
    const entry = { start, end: start + m[1]!.length, line: m[1]! };
    const prev = block[block.length - 1];
    if (prev && !/^\r?\n$/.test(text.slice(prev.end, m.index).replace(/[ \t]/g, ''))) flush();
    block.push(entry);
  }
  flush();
  return out;
}
