/**
 * German legal citations: `§ 17a WoGG`, `§§ 60, 66 SGB I`, `§ 7 Abs. 1 S. 2 WoGG`,
 * `§ 7 I 2 WoGG`, `§7 Absatz 1 Satz 2 WoGG`, `§ 27 Abs. 3 Satz 1 Nr. 2 und 3 WoGG`,
 * `§ 12 Abs. 6 und 7 WoGG`, `§§ 9 bis 12 WoGG`, `Art. 50 KI-VO`, `§ 3 der Satzung`.
 * Each cited provision becomes one {@link NormRef} with a canonical key, so differently
 * written citations of the same provision compare equal.
 */
export interface NormRef {
  marker: '§' | 'Art.';
  para: string;
  abs?: string;
  satz?: string;
  nr?: string;
  lit?: string;
  /** Canonical law abbreviation (`WoGG`, `SGB I`, `Satzung`); empty when the text names none. */
  law: string;
}

export interface Citation {
  /** The whole citation as written (shared by all provisions it lists). */
  text: string;
  start: number;
  end: number;
  ref: NormRef;
  key: string;
}

type Level = 'para' | 'abs' | 'satz' | 'nr' | 'lit';
const LEVELS: readonly Level[] = ['para', 'abs', 'satz', 'nr', 'lit'];

const LONG_NAMES: Record<string, string> = {
  wohngeldgesetz: 'WoGG',
  wohngeldgesetzes: 'WoGG',
  wohngeldverordnung: 'WoGV',
  verwaltungsgerichtsordnung: 'VwGO',
  verwaltungsverfahrensgesetz: 'VwVfG',
  verwaltungsverfahrensgesetzes: 'VwVfG',
  einkommensteuergesetz: 'EStG',
  einkommensteuergesetzes: 'EStG',
};

const ROMAN: Record<string, number> = { I: 1, II: 2, III: 3, IV: 4, V: 5, VI: 6, VII: 7, VIII: 8, IX: 9, X: 10, XI: 11, XII: 12, XIII: 13, XIV: 14 };

const TOKEN = /\s*(?:(?<num>\d+[a-z]?)(?![\dA-Za-zäöüß])|(?<kw>Abs\.|Absatz\b|Abs(?=\s)|S\.|Satz\b|Nr\.|Nummer\b|Ziff\.|Ziffer\b|Buchst\.|Buchstabe\b|lit\.)|(?<sep>,|und\b|sowie\b|oder\b|bis\b|[-–])|(?<art>der\b|des\b|dem\b)|(?<word>[A-Za-zÄÖÜäöüß][A-Za-zÄÖÜäöüß-]*))/y;

function keywordLevel(kw: string): Level {
  if (kw.startsWith('Abs')) return 'abs';
  if (kw.startsWith('S')) return 'satz';
  if (kw.startsWith('Nr') || kw.startsWith('Num') || kw.startsWith('Ziff')) return 'nr';
  return 'lit';
}

/** A law name: known long form, a word ending in „satzung", or an abbreviation with two capitals (WoGG, SGB, VwGO, KI-VO). */
export function lawName(word: string): string | null {
  const lower = word.toLowerCase();
  if (LONG_NAMES[lower]) return LONG_NAMES[lower]!;
  if (lower.endsWith('satzung')) return 'Satzung';
  if (/^[A-ZÄÖÜ][A-Za-zÄÖÜäöüß-]{1,15}$/.test(word) && (word.match(/[A-ZÄÖÜ]/g) ?? []).length >= 2 && !ROMAN[word]) return word;
  return null;
}

export function normKey(ref: NormRef): string {
  const parts = [`${ref.marker} ${ref.para}`];
  if (ref.abs) parts.push(`Abs. ${ref.abs}`);
  if (ref.satz) parts.push(`S. ${ref.satz}`);
  if (ref.nr) parts.push(`Nr. ${ref.nr}`);
  if (ref.lit) parts.push(`Buchst. ${ref.lit}`);
  if (ref.law) parts.push(ref.law);
  return parts.join(' ');
}

interface Parsed {
  start: number;
  end: number;
  refs: NormRef[];
  law: string;
}

function parseOne(text: string, start: number, marker: '§' | 'Art.', bodyStart: number): Parsed | null {
  const refs: NormRef[] = [];
  let cur: NormRef | null = null;
  let expect: Level | null = 'para';
  let last: Level = 'para';
  let listMode = false;
  let romanAbs = false;
  let end = bodyStart;
  let law = '';
  let pos = bodyStart;

  const next = (at: number): RegExpExecArray | null => {
    TOKEN.lastIndex = at;
    return TOKEN.exec(text);
  };

  for (;;) {
    const m = next(pos);
    if (!m || !m.groups) break;
    const g = m.groups;
    if (g.num !== undefined) {
      if (expect) {
        if (expect === 'para' && (listMode || !cur)) {
          cur = { marker, para: g.num, law: '' };
          refs.push(cur);
        } else if (cur) {
          if (listMode) {
            const copy: NormRef = { marker, para: cur.para, law: '' };
            for (const l of LEVELS.slice(1)) {
              if (LEVELS.indexOf(l) < LEVELS.indexOf(expect) && cur[l]) copy[l] = cur[l];
            }
            cur = copy;
            refs.push(cur);
          }
          cur[expect] = g.num;
        }
        last = expect;
        expect = null;
        listMode = false;
      } else if (cur && romanAbs && last === 'abs' && !cur.satz) {
        cur.satz = g.num;
        last = 'satz';
      } else {
        break;
      }
      pos = end = m.index + m[0].length;
      continue;
    }
    if (g.kw !== undefined) {
      if (!cur) break;
      expect = keywordLevel(g.kw);
      romanAbs = false;
      pos = m.index + m[0].length;
      continue;
    }
    if (g.sep !== undefined) {
      const after = next(m.index + m[0].length);
      if (!cur || !after?.groups?.num) break;
      expect = last;
      listMode = true;
      pos = m.index + m[0].length;
      continue;
    }
    if (g.art !== undefined) {
      const after = next(m.index + m[0].length);
      const name = after?.groups?.word ? lawName(after.groups.word) : null;
      if (!cur || !name) break;
      pos = m.index + m[0].length;
      continue;
    }
    if (g.word !== undefined) {
      if (cur && !expect && last === 'para' && ROMAN[g.word] && !cur.abs) {
        cur.abs = String(ROMAN[g.word]);
        last = 'abs';
        romanAbs = true;
        pos = end = m.index + m[0].length;
        continue;
      }
      const name = cur ? lawName(g.word) : null;
      if (!name) break;
      law = name;
      end = m.index + m[0].length;
      if (name === 'SGB') {
        const book = /^\s+([IVX]+|\d{1,2})(?![A-Za-z\d])/.exec(text.slice(end));
        if (book) {
          const n = book[1]!;
          law = `SGB ${ROMAN[n] ? n : toRoman(Number(n))}`;
          end += book[0].length;
        }
      }
      break;
    }
    break;
  }
  if (refs.length === 0) return null;
  for (const r of refs) r.law = law;
  return { start, end, refs, law };
}

function toRoman(n: number): string {
  return Object.entries(ROMAN).find(([, v]) => v === n)?.[0] ?? String(n);
}

const MARKER = /(§§?|Art\.|Artikel)\s*/g;
const CHAIN = /^\s*(?:,|und|sowie|oder|i\.\s?V\.\s?m\.|in Verbindung mit)\s*$/;

export function parseCitations(text: string): Citation[] {
  const parsed: Parsed[] = [];
  for (const m of text.matchAll(MARKER)) {
    if (parsed.length > 0 && m.index < parsed[parsed.length - 1]!.end) continue;
    const marker = m[1]!.startsWith('§') ? '§' : 'Art.';
    const p = parseOne(text, m.index, marker, m.index + m[0].length);
    if (p) parsed.push(p);
  }
  // „§ 60 Abs. 1 und § 66 SGB I": a citation without a law takes the law of the next one it is chained to.
  for (let i = parsed.length - 2; i >= 0; i--) {
    const a = parsed[i]!;
    const b = parsed[i + 1]!;
    if (!a.law && b.law && CHAIN.test(text.slice(a.end, b.start))) {
      a.law = b.law;
      for (const r of a.refs) r.law = b.law;
    }
  }
  return parsed.flatMap((p) =>
    p.refs.map((ref) => ({ text: text.slice(p.start, p.end), start: p.start, end: p.end, ref, key: normKey(ref) })),
  );
}

/** Parses one norm string as packs write them (`§ 21 Nr. 1 WoGG`); every provision it names. */
export function normRefs(norm: string): NormRef[] {
  return parseCitations(norm).map((c) => c.ref);
}

/**
 * Whether `cited` is covered by `known`: same provision, or a less specific citation of it
 * (`§ 19 WoGG` is covered by a record that cites `§ 19 Abs. 1 WoGG`). A citation more
 * specific than anything in the record cannot be verified and is not covered. A citation
 * that names no law matches a known provision of any law.
 */
export function covers(known: NormRef, cited: NormRef): boolean {
  if (known.marker !== cited.marker || known.para !== cited.para) return false;
  if (cited.law && known.law && cited.law.toLowerCase() !== known.law.toLowerCase()) return false;
  if (cited.law && !known.law) return false;
  for (const l of ['abs', 'satz', 'nr', 'lit'] as const) {
    if (cited[l] !== undefined && cited[l] !== known[l]) return false;
  }
  return true;
}
