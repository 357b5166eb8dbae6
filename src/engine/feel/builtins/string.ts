/**
 * String built-ins (DMN 1.5 §10.3.4.3). Positions and lengths count Unicode code points;
 * patterns are XML Schema / XPath regular expressions, translated to JavaScript's `u` mode.
 */
import { Decimal } from '../../decimal.ts';
import { valueToString } from '../format.ts';
import { argInt, argList, argString, type BuiltinSpec } from './registry.ts';

const str = argString;

const regexCache = new Map<string, RegExp | null>();

/** Unicode blocks that XML Schema names as `\p{IsBlock}` (JavaScript knows only scripts). */
const BLOCKS: Record<string, string> = {
  BasicLatin: '\\u0000-\\u007F',
  'Latin-1Supplement': '\\u0080-\\u00FF',
  'LatinExtended-A': '\\u0100-\\u017F',
  'LatinExtended-B': '\\u0180-\\u024F',
  Greek: '\\u0370-\\u03FF',
  Cyrillic: '\\u0400-\\u04FF',
  GeneralPunctuation: '\\u2000-\\u206F',
  CurrencySymbols: '\\u20A0-\\u20CF',
};

/** Rewrites the XML Schema regex dialect into JavaScript `u`/`v` syntax; null if it cannot be expressed. */
function translate(pattern: string): { src: string; setOps: boolean } | null {
  if (/\\0/.test(pattern.replace(/\\\\/g, ''))) return null; // `\0` is no escape in XML Schema
  let src = pattern.replace(/\\([pP])\{Is([A-Za-z0-9-]+)\}/g, (m, p: string, block: string) => {
    const range = BLOCKS[block];
    if (!range) return m;
    return p === 'p' ? `[${range}]` : `[^${range}]`;
  });
  // character class subtraction `[A-Z-[OI]]` is `[[A-Z]--[OI]]` in JavaScript's v mode
  const subtraction = /\[([^[\]]+)-\[([^[\]]+)\]\]/g;
  const setOps = subtraction.test(src);
  if (setOps) src = src.replace(subtraction, '[[$1]--[$2]]');
  return { src, setOps };
}

/** XPath flags s, m, i, x, q onto a JS RegExp; null when the pattern or flags are invalid. */
export function xpathRegex(pattern: string, flags: string, global: boolean): RegExp | null {
  const key = `${pattern}\u0000${flags}\u0000${global}`;
  const hit = regexCache.get(key);
  if (hit !== undefined) return hit;
  let re: RegExp | null = null;
  if (/^[smixq]*$/.test(flags)) {
    let pat = pattern;
    if (flags.includes('q')) pat = pat.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (flags.includes('x')) pat = pat.replace(/\[[^\]]*\]|\s+/g, (m) => (m.startsWith('[') ? m : ''));
    const t = flags.includes('q') ? { src: pat, setOps: false } : translate(pat);
    if (t) {
      let jsFlags = t.setOps ? 'v' : 'u';
      if (flags.includes('s')) jsFlags += 's';
      if (flags.includes('m')) jsFlags += 'm';
      if (flags.includes('i')) jsFlags += 'i';
      if (global) jsFlags += 'g';
      try {
        re = new RegExp(t.src, jsFlags);
      } catch {
        re = null;
      }
    }
  }
  if (regexCache.size > 500) regexCache.clear();
  regexCache.set(key, re);
  return re;
}

/** XPath replacement: `$n` group references, `\$` and `\\` escapes. */
function jsReplacement(r: string): string | null {
  let out = '';
  for (let i = 0; i < r.length; i++) {
    const c = r[i]!;
    if (c === '\\') {
      const n = r[++i];
      if (n === '$') out += '$$';
      else if (n === '\\') out += '\\';
      else return null;
    } else if (c === '$') {
      if (!/\d/.test(r[i + 1] ?? '')) return null;
      // `$0` is the whole match in XPath, `$&` in JavaScript
      if (r[i + 1] === '0' && !/\d/.test(r[i + 2] ?? '')) {
        out += '$&';
        i++;
      } else out += '$';
    } else out += c;
  }
  return out;
}

export const stringBuiltins: BuiltinSpec[] = [
  {
    name: 'substring',
    signatures: [['string', 'start position', 'length?']],
    fn([s, start, len]) {
      const t = str(s);
      const st = argInt(start);
      if (t === null || st === null) return null;
      const cps = Array.from(t);
      const from = st > 0 ? st - 1 : st < 0 ? Math.max(cps.length + st, 0) : 0;
      if (len === undefined) return cps.slice(from).join('');
      const n = argInt(len);
      if (n === null || n < 0) return null;
      return cps.slice(from, from + n).join('');
    },
  },
  {
    name: 'string length',
    signatures: [['string']],
    fn([s]) {
      const t = str(s);
      if (t === null) return null;
      let n = 0;
      for (const _ of t) n++;
      return new Decimal(n);
    },
  },
  { name: 'upper case', signatures: [['string']], fn: ([s]) => str(s)?.toUpperCase() ?? null },
  { name: 'lower case', signatures: [['string']], fn: ([s]) => str(s)?.toLowerCase() ?? null },
  {
    name: 'substring before',
    signatures: [['string', 'match']],
    fn([s, m]) {
      const t = str(s), x = str(m);
      if (t === null || x === null) return null;
      const i = t.indexOf(x);
      return i < 0 ? '' : t.slice(0, i);
    },
  },
  {
    name: 'substring after',
    signatures: [['string', 'match']],
    fn([s, m]) {
      const t = str(s), x = str(m);
      if (t === null || x === null) return null;
      if (x === '') return t;
      const i = t.indexOf(x);
      return i < 0 ? '' : t.slice(i + x.length);
    },
  },
  {
    name: 'contains',
    signatures: [['string', 'match']],
    fn([s, m]) {
      const t = str(s), x = str(m);
      return t === null || x === null ? null : t.includes(x);
    },
  },
  {
    name: 'starts with',
    signatures: [['string', 'match']],
    fn([s, m]) {
      const t = str(s), x = str(m);
      return t === null || x === null ? null : t.startsWith(x);
    },
  },
  {
    name: 'ends with',
    signatures: [['string', 'match']],
    fn([s, m]) {
      const t = str(s), x = str(m);
      return t === null || x === null ? null : t.endsWith(x);
    },
  },
  {
    name: 'matches',
    signatures: [['input', 'pattern', 'flags?']],
    fn([s, p, f]) {
      const t = str(s), pat = str(p);
      const flags = f === undefined || f === null ? '' : str(f);
      if (t === null || pat === null || flags === null) return null;
      const re = xpathRegex(pat, flags, false);
      return re ? re.test(t) : null;
    },
  },
  {
    name: 'replace',
    signatures: [['input', 'pattern', 'replacement', 'flags?']],
    fn([s, p, r, f]) {
      const t = str(s), pat = str(p), rep = str(r);
      const flags = f === undefined || f === null ? '' : str(f);
      if (t === null || pat === null || rep === null || flags === null) return null;
      const re = xpathRegex(pat, flags, true);
      if (!re || re.test('')) return null;
      re.lastIndex = 0;
      const js = flags.includes('q') ? rep.replace(/\$/g, '$$$$') : jsReplacement(rep);
      return js === null ? null : t.replace(re, js);
    },
  },
  {
    name: 'split',
    signatures: [['string', 'delimiter']],
    fn([s, d]) {
      const t = str(s), del = str(d);
      if (t === null || del === null) return null;
      const re = xpathRegex(del, '', true);
      if (!re || re.test('')) return null;
      re.lastIndex = 0;
      return t.split(re);
    },
  },
  {
    name: 'string join',
    signatures: [['list', 'delimiter?']],
    fn([l, d]) {
      const items = argList(l);
      const del = d === undefined || d === null ? '' : str(d);
      if (items === null || del === null) return null;
      const parts: string[] = [];
      for (const e of items) {
        if (e === null) continue;
        if (typeof e !== 'string') return null;
        parts.push(e);
      }
      return parts.join(del);
    },
  },
  {
    name: 'string',
    signatures: [['from']],
    fn: ([v]) => (v === null ? null : valueToString(v!)),
  },
];
