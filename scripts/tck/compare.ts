/**
 * DMN TCK comparison: numbers as decimals, temporal values by their components and offsets,
 * durations by value, lists and contexts structurally. Returns null when equal, otherwise a short
 * German reason.
 */
import { Decimal, isDecimal } from '../../src/engine/decimal.ts';
import {
  DaysTimeDuration,
  FeelDateTime,
  FeelTime,
  feelEquals,
  feelLiteral,
  Unknown,
  valueToString,
  YearsMonthsDuration,
  type FeelValue,
} from '../../src/engine/feel/index.ts';
import type { Expected } from './cases.ts';

function sameTime(a: FeelTime, b: FeelTime): boolean {
  const off = (t: FeelTime): string => (t.zone !== null ? `@${t.zone}` : t.offsetSeconds === null ? '' : String(t.offsetSeconds));
  return a.hour === b.hour && a.minute === b.minute && a.second.eq(b.second) && off(a) === off(b);
}

/**
 * Numbers compare as decimals. Two exceptions, both for expectations that are themselves rounded
 * results of non-terminating computations (the TCK writes `exp(4)` as `54.59815003`, and some
 * values were produced with binary doubles, e.g. `562.707359373292` where Decimal128 gives
 * `562.7073593732659…`):
 * - an expected value with at least 8 decimal places matches within one unit of its last place;
 * - an expected value with at least 12 significant digits matches within a relative 1e-12.
 * Short expectations (`25`, `0.04`, `1.2345`) are always compared exactly.
 */
function numberMatches(actual: Decimal, expected: Decimal): boolean {
  if (actual.eq(expected)) return true;
  const diff = actual.minus(expected).abs();
  const places = expected.decimalPlaces();
  const scale = expected.abs().gt(1) ? expected.abs() : new Decimal(1);
  const close = (places >= 8 && diff.lte(new Decimal(10).pow(-places))) || (expected.precision(true) >= 12 && diff.lte(scale.times('1e-12')));
  if (close) approximate.count++;
  return close;
}

/** How many number comparisons passed only within the tolerance above (reported separately). */
export const approximate = { count: 0 };

function scalarMatches(actual: FeelValue, e: Extract<Expected, { kind: 'value' }>): boolean {
  const exp = e.value;
  if (exp === null) return false;
  if (isDecimal(exp)) return isDecimal(actual) && numberMatches(actual, exp);
  if (typeof exp === 'string') return typeof actual === 'string' ? actual === exp : actual !== null && !(actual instanceof Unknown) && valueToString(actual) === exp;
  if (typeof exp === 'boolean') return actual === exp;
  if (exp instanceof FeelDateTime) {
    return actual instanceof FeelDateTime && feelEquals(actual.date, exp.date) === true && sameTime(actual.time, exp.time);
  }
  if (exp instanceof FeelTime) return actual instanceof FeelTime && sameTime(actual, exp);
  if (exp instanceof DaysTimeDuration || exp instanceof YearsMonthsDuration) {
    // `P0D` and `P0M` both stand for a zero duration in the TCK
    const zero = (v: FeelValue): boolean => (v instanceof DaysTimeDuration && v.seconds.isZero()) || (v instanceof YearsMonthsDuration && v.months === 0);
    return feelEquals(actual, exp) === true || (zero(actual) && zero(exp));
  }
  return feelEquals(actual, exp) === true;
}

function show(v: FeelValue): string {
  const s = feelLiteral(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

function showExpected(e: Expected): string {
  switch (e.kind) {
    case 'nil':
      return 'null';
    case 'value':
      return e.xsdType === 'string' ? JSON.stringify(e.text) : e.text.trim();
    case 'list':
      return `[${e.items.map(showExpected).join(', ')}]`;
    default:
      return `{${e.components.map((c) => `${c.name}: ${showExpected(c.value)}`).join(', ')}}`;
  }
}

export function mismatch(actual: FeelValue, e: Expected, path = ''): string | null {
  const at = path ? ` bei ${path}` : '';
  switch (e.kind) {
    case 'nil':
      return actual === null ? null : `erwartet null${at}, erhalten ${show(actual)}`;
    case 'value':
      return scalarMatches(actual, e) ? null : `erwartet ${showExpected(e)}${at}, erhalten ${show(actual)}`;
    case 'list': {
      if (!Array.isArray(actual)) return `erwartet Liste ${showExpected(e).slice(0, 60)}${at}, erhalten ${show(actual)}`;
      const l = actual as readonly FeelValue[];
      if (l.length !== e.items.length) return `erwartet ${e.items.length} Elemente${at}, erhalten ${l.length}: ${show(actual)}`;
      for (let i = 0; i < l.length; i++) {
        const r = mismatch(l[i]!, e.items[i]!, `${path}[${i + 1}]`);
        if (r) return r;
      }
      return null;
    }
    default: {
      if (!(actual instanceof Map)) return `erwartet Kontext${at}, erhalten ${show(actual)}`;
      for (const c of e.components) {
        if (!actual.has(c.name)) return `Eintrag „${c.name}“ fehlt${at}`;
        const r = mismatch(actual.get(c.name)!, c.value, `${path}.${c.name}`);
        if (r) return r;
      }
      const extra = [...actual.keys()].filter((k) => !e.components.some((c) => c.name === k));
      return extra.length ? `unerwartete Einträge${at}: ${extra.join(', ')}` : null;
    }
  }
}
