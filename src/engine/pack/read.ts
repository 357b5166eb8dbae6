/**
 * Typed access to located YAML nodes. Each getter names what it expected and where,
 * in German, so that a pack author finds the mistake without reading engine code.
 */
import { Decimal } from '../decimal.ts';
import type { FeelValue } from '../feel/values.ts';
import type { SourceRef } from './model.ts';
import { packError, type YMap, type YNode, type YScalar, type YSeq } from './yaml.ts';

export function asMap(node: YNode, what: string): YMap {
  if (node.kind !== 'map') throw packError(node.loc, `${what} muss eine Zuordnung (Schlüssel: Wert) sein`);
  return node;
}

export function asSeq(node: YNode, what: string): YSeq {
  if (node.kind !== 'seq') throw packError(node.loc, `${what} muss eine Liste sein`);
  return node;
}

export function keyLoc(map: YMap, key: string): SourceRef {
  return map.keyLocs.get(key) ?? map.loc;
}

export function optNode(map: YMap, key: string): YNode | undefined {
  const n = map.entries.get(key);
  if (n === undefined) return undefined;
  if (n.kind === 'scalar' && n.value === null) return undefined;
  return n;
}

export function reqNode(map: YMap, key: string, what: string): YNode {
  const n = optNode(map, key);
  if (n === undefined) throw packError(map.loc, `${what}: Pflichtfeld „${key}“ fehlt`);
  return n;
}

function scalar(node: YNode, what: string): YScalar {
  if (node.kind !== 'scalar') throw packError(node.loc, `${what} muss ein einzelner Wert sein`);
  return node;
}

export function str(map: YMap, key: string, what: string): string {
  const n = scalar(reqNode(map, key, what), `${what}.${key}`);
  if (typeof n.value === 'boolean') throw packError(n.loc, `${what}.${key} muss Text sein`);
  const s = typeof n.value === 'number' ? n.raw : String(n.value);
  if (s.trim() === '') throw packError(n.loc, `${what}.${key} darf nicht leer sein`);
  return s;
}

export function optStr(map: YMap, key: string, what: string): string | undefined {
  return optNode(map, key) === undefined ? undefined : str(map, key, what);
}

export function optBool(map: YMap, key: string, what: string): boolean | undefined {
  const n = optNode(map, key);
  if (n === undefined) return undefined;
  const s = scalar(n, `${what}.${key}`);
  if (typeof s.value !== 'boolean') throw packError(s.loc, `${what}.${key} muss true oder false sein`);
  return s.value;
}

export function optInt(map: YMap, key: string, what: string): number | undefined {
  const n = optNode(map, key);
  if (n === undefined) return undefined;
  const s = scalar(n, `${what}.${key}`);
  if (typeof s.value !== 'number' || !Number.isInteger(s.value)) throw packError(s.loc, `${what}.${key} muss eine ganze Zahl sein`);
  return s.value;
}

export function optDecimal(map: YMap, key: string, what: string): Decimal | undefined {
  const n = optNode(map, key);
  if (n === undefined) return undefined;
  const s = scalar(n, `${what}.${key}`);
  if (typeof s.value !== 'number' && typeof s.value !== 'string') throw packError(s.loc, `${what}.${key} muss eine Zahl sein`);
  try {
    return new Decimal(typeof s.value === 'number' ? s.raw : s.value);
  } catch {
    throw packError(s.loc, `${what}.${key} ist keine gültige Zahl: „${s.raw}“`);
  }
}

/** `YYYY-MM-DD` naming a day that exists. Hot path of input conversion: no regex, no Date. */
export function isIsoDate(s: string): boolean {
  return isoDateParts(s) !== null;
}

/** [year, month, day] of a valid ISO date, or null. */
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

export function isoDateParts(s: string): [number, number, number] | null {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = digitAt(s, i);
    if (c < 0) return null;
    y = y * 10 + c;
  }
  const m1 = digitAt(s, 5), m2 = digitAt(s, 6), d1 = digitAt(s, 8), d2 = digitAt(s, 9);
  if (m1 < 0 || m2 < 0 || d1 < 0 || d2 < 0) return null;
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  if (m < 1 || m > 12 || d < 1) return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return d <= days ? [y, m, d] : null;
}

export function date(map: YMap, key: string, what: string): string {
  const s = str(map, key, what);
  if (!isIsoDate(s)) throw packError(reqNode(map, key, what).loc, `${what}.${key} muss ein Datum JJJJ-MM-TT sein, nicht „${s}“`);
  return s;
}

export function optDate(map: YMap, key: string, what: string): string | null {
  return optNode(map, key) === undefined ? null : date(map, key, what);
}

export function strList(node: YNode | undefined, what: string): string[] {
  if (node === undefined) return [];
  if (node.kind === 'scalar') return [scalarText(node, what)];
  return asSeq(node, what).items.map((n) => scalarText(scalar(n, what), what));
}

export function scalarText(n: YScalar, what: string): string {
  if (n.value === null) throw packError(n.loc, `${what}: leerer Wert`);
  return typeof n.value === 'number' ? n.raw : String(n.value);
}

/** Only these keys may appear; a typo (`vaild_from`) is an error, not silently ignored. */
export function allowKeys(map: YMap, allowed: readonly string[], what: string): void {
  for (const key of map.entries.keys()) {
    if (!allowed.includes(key)) {
      const hint = closest(key, allowed);
      throw packError(keyLoc(map, key), `${what}: unbekanntes Feld „${key}“${hint ? ` – gemeint ist vielleicht „${hint}“?` : ''}`);
    }
  }
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDist = 3;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** A YAML value as a FEEL value: numbers exactly as written, maps as contexts. */
export function toFeel(node: YNode): FeelValue {
  if (node.kind === 'scalar') {
    if (typeof node.value === 'number') return new Decimal(node.raw);
    return node.value;
  }
  if (node.kind === 'seq') return node.items.map(toFeel);
  const ctx = new Map<string, FeelValue>();
  for (const [k, v] of node.entries) ctx.set(k, toFeel(v));
  return ctx;
}

/** A YAML value as plain JSON (numbers as JS numbers), e.g. for test inputs. */
export function toJson(node: YNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toJson);
  const obj: Record<string, unknown> = {};
  for (const [k, v] of node.entries) obj[k] = toJson(v);
  return obj;
}
