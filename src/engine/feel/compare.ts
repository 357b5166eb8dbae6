/**
 * FEEL equality and ordering (DMN 1.5 §10.3.2.2, Table 54/55): values of different types are
 * neither equal nor unequal (null), numbers compare by value (`1.0 = 1`), lists and contexts
 * structurally, date-times with offsets by instant.
 */
import DecimalJs from 'decimal.js';
import { compareDecimals, type Decimal } from '../decimal.ts';
import { kindOf } from './kinds.ts';
import { UnaryRange } from './unary-range.ts';
import {
  hasZone,
  instantSeconds,
  localSeconds,
  secondsOfDay,
} from './temporal.ts';
import type {
  DaysTimeDuration,
  FeelDate,
  FeelRange,
  FeelTime,
  YearsMonthsDuration} from './values.ts';
import {
  FeelDateTime,
  type FeelContext,
  type FeelValue,
} from './values.ts';

// Hot paths use local aliases: transpiled ESM (tsx, Vitest) reads every imported binding through a getter.
const Dec = DecimalJs;

/** Times and date-times compare to the millisecond (the TCK treats `…00.0001` and `…00.0002` as equal). */
function ms(seconds: Decimal): Decimal {
  return seconds.toDecimalPlaces(3, 1);
}

function timeKey(t: FeelTime): Decimal {
  const s = secondsOfDay(t);
  return ms(t.offsetSeconds ? s.minus(t.offsetSeconds) : s);
}

function dateTimeKey(a: FeelDateTime, b: FeelDateTime): [Decimal, Decimal] {
  // both zoned: compare instants; both local: compare wall clocks; mixed: read local as UTC
  if (!hasZone(a) && !hasZone(b)) return [ms(localSeconds(a)), ms(localSeconds(b))];
  return [ms(instantSeconds(a)), ms(instantSeconds(b))];
}

/** `a = b` in FEEL: true, false, or null when the types cannot be compared. */
export function feelEquals(a: FeelValue, b: FeelValue): boolean | null {
  if (a instanceof Dec && b instanceof Dec) return compareDecimals(a, b) === 0;
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  if (a === null || b === null) return a === b;
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka !== kb) return null;
  switch (ka) {
    case 'number':
      return (a as Decimal).eq(b as Decimal);
    case 'string':
    case 'boolean':
      return a === b;
    case 'date': {
      const x = a as FeelDate, y = b as FeelDate;
      return x.year === y.year && x.month === y.month && x.day === y.day;
    }
    case 'date and time': {
      const [x, y] = dateTimeKey(a as FeelDateTime, b as FeelDateTime);
      return x.eq(y);
    }
    case 'time':
      return timeKey(a as FeelTime).eq(timeKey(b as FeelTime));
    case 'days and time duration':
      return (a as DaysTimeDuration).seconds.eq((b as DaysTimeDuration).seconds);
    case 'years and months duration':
      return (a as YearsMonthsDuration).months === (b as YearsMonthsDuration).months;
    case 'list':
      return listEquals(a as readonly FeelValue[], b as readonly FeelValue[]);
    case 'context':
      return contextEquals(a as FeelContext, b as FeelContext);
    case 'range': {
      const x = a as FeelRange, y = b as FeelRange;
      if (x instanceof UnaryRange || y instanceof UnaryRange) {
        return x instanceof UnaryRange && y instanceof UnaryRange && x.op === y.op && feelEquals(x.value, y.value) === true;
      }
      if (x.startIncluded !== y.startIncluded || x.endIncluded !== y.endIncluded) return false;
      const s = feelEquals(x.start, y.start);
      const e = feelEquals(x.end, y.end);
      if (s === false || e === false) return false;
      return s === null || e === null ? null : true;
    }
    default:
      return a === b;
  }
}

function listEquals(a: readonly FeelValue[], b: readonly FeelValue[]): boolean | null {
  if (a.length !== b.length) return false;
  let undecided = false;
  for (let i = 0; i < a.length; i++) {
    const r = feelEquals(a[i]!, b[i]!);
    if (r === false) return false;
    if (r === null) undecided = true;
  }
  return undecided ? null : true;
}

function contextEquals(a: FeelContext, b: FeelContext): boolean | null {
  if (a.size !== b.size) return false;
  let undecided = false;
  for (const [k, v] of a) {
    if (!b.has(k)) return false;
    const r = feelEquals(v, b.get(k)!);
    if (r === false) return false;
    if (r === null) undecided = true;
  }
  return undecided ? null : true;
}

/** Ordering for `<`, `<=`, `>`, `>=`, ranges and sorting: −1, 0, 1, or null if not comparable. */
export function feelCompare(a: FeelValue, b: FeelValue): number | null {
  if (a instanceof Dec && b instanceof Dec) return compareDecimals(a, b);
  if (a === null || b === null) return null;
  const ka = kindOf(a);
  if (ka !== kindOf(b)) return null;
  switch (ka) {
    case 'number':
      return (a as Decimal).cmp(b as Decimal);
    case 'string':
      return a < b ? -1 : a > b ? 1 : 0;
    case 'date': {
      const x = a as FeelDate, y = b as FeelDate;
      return Math.sign(x.year - y.year || x.month - y.month || x.day - y.day);
    }
    case 'date and time': {
      const [x, y] = dateTimeKey(a as FeelDateTime, b as FeelDateTime);
      return x.cmp(y);
    }
    case 'time':
      return timeKey(a as FeelTime).cmp(timeKey(b as FeelTime));
    case 'days and time duration':
      return (a as DaysTimeDuration).seconds.cmp((b as DaysTimeDuration).seconds);
    case 'years and months duration':
      return Math.sign((a as YearsMonthsDuration).months - (b as YearsMonthsDuration).months);
    default:
      return null;
  }
}

/**
 * `is(a, b)` (DMN 1.5 §10.3.4.4): same type and same value, where date-times and times must also
 * agree in offset/zone (unlike `=`).
 */
export function feelIs(a: FeelValue, b: FeelValue): boolean {
  if (a === null || b === null) return a === b;
  const ka = kindOf(a);
  if (ka !== kindOf(b)) return false;
  if (ka === 'time' || ka === 'date and time') {
    const ta = a instanceof FeelDateTime ? a.time : (a as FeelTime);
    const tb = b instanceof FeelDateTime ? b.time : (b as FeelTime);
    if (ta.offsetSeconds !== tb.offsetSeconds || ta.zone !== tb.zone) return false;
    if (a instanceof FeelDateTime && b instanceof FeelDateTime) {
      const da = a.date, db = b.date;
      if (da.year !== db.year || da.month !== db.month || da.day !== db.day) return false;
    }
    return ta.hour === tb.hour && ta.minute === tb.minute && ta.second.eq(tb.second);
  }
  return feelEquals(a, b) === true;
}
