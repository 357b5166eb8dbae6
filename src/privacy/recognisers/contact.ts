/** Telephone numbers and e-mail addresses. */
import type { PiiSpan } from '../types.ts';
import { hasContextBefore, labelledAsOther, span } from './span.ts';

const PHONE_CONTEXT = /tel\b|tel\.|telefon|\bfon\b|handy|mobil|rufnummer|\bfax\b|erreichbar|erreichen|anrufen|\bruf|rückruf|whatsapp|festnetz|phone|durchwahl/i;
/**
 * National significant number lengths (without the trunk 0): mobile 015x/016x/017x 10–11,
 * fixed lines 6–12 (area code 2–5 digits; generous at the top, since a longer number that is
 * still a number is better replaced than sent).
 */
function plausibleGerman(nsn: string): boolean {
  if (/^1[5-7]/.test(nsn)) return nsn.length >= 10 && nsn.length <= 11;
  return nsn.length >= 6 && nsn.length <= 12 && /^[2-9]/.test(nsn);
}

export function findPhones(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  const patterns: Array<{ re: RegExp; form: 'intl-de' | 'intl' | 'national' }> = [
    { re: /(?<![\p{L}\p{N}+])(?:\+|00) ?49[ \-/]?(?:\(0\)[ \-/]?)?\(?\d+\)?(?:[ \-/]?\d+)*/gu, form: 'intl-de' },
    { re: /(?<![\p{L}\p{N}+])(?:\+|00)(?!49)[1-9]\d{0,2}[ \-/]?\(?\d+\)?(?:[ \-/]?\d+)*/gu, form: 'intl' },
    { re: /(?<![\p{L}\p{N}+.,/-])\(?0[1-9]\d{1,4}\)?(?:[ \-/]{1,3}|(?=\d))\d+(?:[ -]\d+)*/gu, form: 'national' },
  ];
  for (const { re, form } of patterns) {
    for (let m = re.exec(text); m; m = re.exec(text)) {
      let raw = m[0];
      // A trailing group of one digit after a space is usually the next word's number.
      raw = raw.replace(/[ \-/]+$/, '');
      const start = m.index;
      const end = start + raw.length;
      if (/^[\p{L}\p{N}]/u.test(text[end] ?? '') || /^[.,]\d/.test(text.slice(end, end + 2))) continue;
      const digits = raw.replace(/\D/g, '');
      const context = hasContextBefore(text, start, PHONE_CONTEXT, 40);
      if (!context && (labelledAsOther(text, start) || /(?:konto|kto|steuer|versicherungs|iban|bic)[\p{L}.\- ]{0,16}[:#]?\s*$/iu.test(text.slice(Math.max(0, start - 30), start)))) continue;
      let nsn: string;
      let confidence: number;
      if (form === 'intl-de') {
        nsn = digits.replace(/^(00)?49/, '').replace(/^0/, '');
        confidence = 0.9;
      } else if (form === 'intl') {
        nsn = digits.replace(/^00/, '');
        if (nsn.length < 8 || nsn.length > 15) continue;
        out.push(span(text, 'TELEFON', start, end, true, context ? 0.9 : 0.75, 'telefon'));
        continue;
      } else {
        nsn = digits.slice(1);
        const separated = /^\(?0\d+\)?[ \-/]/.test(raw);
        const mobile = /^1[5-7]/.test(nsn);
        confidence = context ? 0.95 : mobile ? 0.9 : separated ? 0.75 : 0.6;
        if (nsn.length < 6) continue;
      }
      if (nsn.length < 5 || nsn.length > 13) continue;
      const plausible = plausibleGerman(nsn);
      // An implausible number is a phone number only when the text says so.
      if (!plausible && !context) continue;
      out.push(span(text, 'TELEFON', start, end, plausible, context ? 0.95 : confidence, 'telefon'));
    }
  }
  out.push(...phonesAfterContext(text));
  return out;
}

/**
 * After a phone context word, any spacing people use ("(0 30) 12 34 56", "089 / 2 33 - 4 56 78"):
 * digits with spaces, brackets, slashes and hyphens, 6 to 15 digits, starting with 0 or +.
 */
const PHONE_AFTER_CONTEXT =
  /(?:\btel\b|\btel\.|telefon|\bfon\b|handy|mobil|rufnummer|\bfax\b|durchwahl)[\p{L}.\- ]{0,24}?[:.]?\s*(?<nr>(?:\+|\(\s?0|0)[\d ()/-]{5,30}\d)/giu;

function phonesAfterContext(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  PHONE_AFTER_CONTEXT.lastIndex = 0;
  for (let m = PHONE_AFTER_CONTEXT.exec(text); m; m = PHONE_AFTER_CONTEXT.exec(text)) {
    const nr = m.groups!.nr!;
    // Stop before a following date or number that is not part of it: at a double space or ", ".
    const digits = nr.replace(/\D/g, '');
    if (digits.length < 6 || digits.length > 15) continue;
    const start = m.index + m[0].length - nr.length;
    out.push(span(text, 'TELEFON', start, start + nr.length, true, 0.9, 'telefon'));
  }
  return out;
}

const ROLE_MAILBOX = /^(info|kontakt|poststelle|post|service|buergerbuero|bürgerbüro|buergeramt|wohngeld|kita|noreply|no-reply|datenschutz|presse|rathaus|verwaltung|office|mail)$/i;

export function findEmails(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  const re = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,24}(?![\p{L}\p{N}])/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const [local] = m[0].split('@') as [string];
    const valid = !/^\.|\.\.|\.@/.test(m[0]);
    out.push(span(text, 'EMAIL', m.index, m.index + m[0].length, valid, ROLE_MAILBOX.test(local) ? 0.5 : 0.95, 'email'));
  }
  // Obfuscated forms: `anna.m [at] web [dot] de`, `anna.m(at)web.de`.
  const obf = /(?<![\p{L}\p{N}._-])[\p{L}\p{N}._-]+ ?(?:\[at\]|\(at\)|\{at\}| at ) ?[\p{L}\p{N}-]+(?: ?(?:\[dot\]|\(dot\)|\.| dot ) ?[\p{L}\p{N}-]+)*(?: ?(?:\[dot\]|\(dot\)|\.| dot ) ?)(?:de|com|org|net|eu|info|at|ch)(?![\p{L}\p{N}])/giu;
  for (let m = obf.exec(text); m; m = obf.exec(text)) {
    out.push(span(text, 'EMAIL', m.index, m.index + m[0].length, true, 0.8, 'email'));
  }
  return out;
}
