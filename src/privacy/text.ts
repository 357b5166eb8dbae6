/**
 * Views of a text that make look-alikes comparable while every finding can still be
 * mapped back to the exact characters of the original.
 */

/** Invisible format characters (zero-width space/joiners, soft hyphen, BOM, bidi marks…). */
const FORMAT_CHAR = /\p{Cf}/u;

/**
 * A text as the recognisers see it: Unicode NFC, invisible format characters removed and
 * full-width digits and Latin letters turned into ASCII, so `8\u200B6095…` or `８６０…`
 * cannot slip past a pattern. `toOriginal[i]` is the index in the NFC input of prepared
 * character i; `toOriginal[length]` is the input length.
 */
export interface PreparedText {
  text: string;
  toOriginal: Int32Array;
  /** The input after NFC; offsets mapped through `toOriginal` refer to it. */
  original: string;
}

const NEEDS_PREPARING = /[\p{Cf}\uff01-\uff5e]/u;

export function prepareText(input: string): PreparedText {
  const original = input.normalize('NFC');
  if (!NEEDS_PREPARING.test(original)) {
    const identity = new Int32Array(original.length + 1);
    for (let i = 0; i <= original.length; i++) identity[i] = i;
    return { text: original, toOriginal: identity, original };
  }
  let out = '';
  const map: number[] = [];
  for (let i = 0; i < original.length; i++) {
    const ch = original[i]!;
    const code = ch.charCodeAt(0);
    if (FORMAT_CHAR.test(ch)) continue;
    if (code >= 0xff01 && code <= 0xff5e) {
      out += String.fromCharCode(code - 0xfee0);
    } else {
      out += ch;
    }
    map.push(i);
  }
  map.push(original.length);
  return { text: out, toOriginal: Int32Array.from(map), original };
}

/**
 * A folded view for matching names and values known from the case: lower case, umlauts and
 * their transliterations made equal (ä = ae = a, ö = oe = o, ü = ue = u, ß = ss = s), other
 * diacritics dropped, every run of non-alphanumerics one space (or nothing, for the compact
 * view used for identifiers). Folded character i came from source `[from[i], to[i])`.
 */
export interface FoldedText {
  text: string;
  from: Int32Array;
  to: Int32Array;
}

const SINGLE: Record<string, string> = { ä: 'a', ö: 'o', ü: 'u', ß: 's', ı: 'i', ł: 'l', ø: 'o', æ: 'a', đ: 'd' };
const ALNUM = /[\p{L}\p{N}]/u;

/** Lower-case ASCII letter or digit (the fast path: most characters are). */
const isAsciiAlnum = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

/** e + {a,o,u} after a vowel pair start, s after s: the transliteration pairs ae, oe, ue, ss. */
function pairAt(text: string, i: number): string | undefined {
  const a = text.charCodeAt(i);
  const b = text.charCodeAt(i + 1);
  if (b === 101 && (a === 97 || a === 111 || a === 117)) return text[i];
  if (a === 115 && b === 115) return 's';
  return undefined;
}

export function foldText(source: string, compact = false): FoldedText {
  const lower = source.toLowerCase();
  // toLowerCase keeps the length for everything but a few characters (İ); fall back to the source.
  const base = lower.length === source.length ? lower : source;
  const parts: string[] = [];
  // At most one folded character per source character, plus nothing: size once.
  const from = new Int32Array(base.length);
  const to = new Int32Array(base.length);
  let n = 0;
  let i = 0;
  let gap = -1;
  while (i < base.length) {
    const code = base.charCodeAt(i);
    const ascii = isAsciiAlnum(code);
    if (!ascii && (code < 128 || !ALNUM.test(base[i]!))) {
      if (gap < 0) gap = i;
      i++;
      continue;
    }
    if (gap >= 0) {
      if (!compact && n > 0) {
        parts.push(' ');
        from[n] = gap;
        to[n++] = i;
      }
      gap = -1;
    }
    const pair = ascii ? pairAt(base, i) : undefined;
    if (pair) {
      parts.push(pair);
      from[n] = i;
      to[n++] = i + 2;
      i += 2;
      continue;
    }
    let folded = base[i]!;
    if (!ascii) {
      folded = SINGLE[folded] ?? folded;
      if (folded.length === 1 && folded.charCodeAt(0) >= 128) {
        const stripped = folded.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
        if (stripped.length === 1) folded = stripped;
      }
    }
    parts.push(folded);
    from[n] = i;
    to[n++] = i + 1;
    i++;
  }
  return { text: parts.join(''), from: from.subarray(0, n), to: to.subarray(0, n) };
}

/** The source range of the folded range `[fStart, fEnd)`. */
export function unfoldRange(f: FoldedText, fStart: number, fEnd: number): [number, number] {
  return [f.from[fStart]!, f.to[fEnd - 1]!];
}
