/**
 * FEEL arithmetic (DMN 1.5 Tables 57–60) on known values: numbers with Decimal128 semantics,
 * string concatenation, and the calendar arithmetic of dates, times and durations. Every
 * combination the standard does not define gives null. Unknown is handled by the caller.
 */
import DecimalJs from 'decimal.js';
import { Decimal } from '../decimal.ts';
import { finite } from './numbers.ts';
import {
  addMonths,
  dateFromEpochDays,
  dateTimeFromLocalSeconds,
  epochDays,
  hasZone,
  instantSeconds,
  localSeconds,
  secondsOfDay,
  timeFromSeconds,
} from './temporal.ts';
import {
  DaysTimeDuration,
  FeelDate,
  FeelDateTime,
  FeelTime,
  YearsMonthsDuration,
  type FeelValue,
} from './values.ts';

// Hot paths use local aliases: transpiled ESM (tsx, Vitest) reads every imported binding through a getter.
const Dec = DecimalJs;

const SECONDS_PER_DAY = new Decimal(86400);

function dateMidnight(d: FeelDate): Decimal {
  return new Decimal(epochDays(d)).times(SECONDS_PER_DAY);
}

function dateFromSeconds(s: Decimal): FeelDate | null {
  return dateFromEpochDays(s.div(SECONDS_PER_DAY).floor().toNumber());
}

function shiftDateTime(dt: FeelDateTime, seconds: Decimal): FeelDateTime | null {
  return dateTimeFromLocalSeconds(localSeconds(dt).plus(seconds), dt.time);
}

function shiftMonths(v: FeelDate | FeelDateTime, months: number): FeelValue {
  if (v instanceof FeelDate) return addMonths(v, months);
  const d = addMonths(v.date, months);
  return d ? new FeelDateTime(d, v.time) : null;
}

function ymFromMonths(months: Decimal): YearsMonthsDuration | null {
  const m = months.trunc().toNumber();
  return Number.isSafeInteger(m) ? new YearsMonthsDuration(m || 0) : null;
}

/** Difference of two points in time; both or neither must carry zone information (a date counts as UTC). */
function temporalDifference(a: FeelDate | FeelDateTime, b: FeelDate | FeelDateTime): FeelValue {
  if (a instanceof FeelDate && b instanceof FeelDate) {
    return new DaysTimeDuration(new Decimal(epochDays(a) - epochDays(b)).times(SECONDS_PER_DAY));
  }
  const za = a instanceof FeelDate ? true : hasZone(a);
  const zb = b instanceof FeelDate ? true : hasZone(b);
  if (za !== zb) return null;
  const sa = a instanceof FeelDate ? dateMidnight(a) : za ? instantSeconds(a) : localSeconds(a);
  const sb = b instanceof FeelDate ? dateMidnight(b) : zb ? instantSeconds(b) : localSeconds(b);
  return new DaysTimeDuration(sa.minus(sb));
}

function timeDifference(a: FeelTime, b: FeelTime): FeelValue {
  let sa = secondsOfDay(a);
  let sb = secondsOfDay(b);
  if (a.offsetSeconds !== null && b.offsetSeconds !== null) {
    sa = sa.minus(a.offsetSeconds);
    sb = sb.minus(b.offsetSeconds);
  }
  return new DaysTimeDuration(sa.minus(sb));
}

export function add(a: FeelValue, b: FeelValue): FeelValue {
  if (a instanceof Dec && b instanceof Dec) return finite(a.plus(b));
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (a === null || b === null) return null;
  return addTemporal(a, b, 1);
}

export function subtract(a: FeelValue, b: FeelValue): FeelValue {
  if (a instanceof Dec && b instanceof Dec) return finite(a.minus(b));
  if (a === null || b === null) return null;
  if ((a instanceof FeelDate || a instanceof FeelDateTime) && (b instanceof FeelDate || b instanceof FeelDateTime)) {
    return temporalDifference(a, b);
  }
  if (a instanceof FeelTime && b instanceof FeelTime && !(a instanceof FeelDateTime)) return timeDifference(a, b);
  // only "point − duration" and "duration − duration"; "duration − point" is undefined
  if (a instanceof DaysTimeDuration || a instanceof YearsMonthsDuration) {
    if (!(b instanceof DaysTimeDuration || b instanceof YearsMonthsDuration)) return null;
  }
  return addTemporal(a, b, -1);
}

function addTemporal(a: FeelValue, b: FeelValue, sign: 1 | -1): FeelValue {
  // durations on either side of `+`; on the right only for `-`
  if (sign === 1 && (a instanceof DaysTimeDuration || a instanceof YearsMonthsDuration) && !(b instanceof DaysTimeDuration || b instanceof YearsMonthsDuration)) {
    return addTemporal(b, a, 1);
  }
  if (b instanceof DaysTimeDuration) {
    const s = sign === 1 ? b.seconds : b.seconds.neg();
    if (a instanceof DaysTimeDuration) return new DaysTimeDuration(a.seconds.plus(s));
    if (a instanceof FeelDateTime) return shiftDateTime(a, s);
    if (a instanceof FeelDate) return dateFromSeconds(dateMidnight(a).plus(s));
    if (a instanceof FeelTime) return timeFromSeconds(secondsOfDay(a).plus(s), a);
    return null;
  }
  if (b instanceof YearsMonthsDuration) {
    const m = sign * b.months;
    if (a instanceof YearsMonthsDuration) return new YearsMonthsDuration(a.months + m || 0);
    if (a instanceof FeelDate || a instanceof FeelDateTime) return shiftMonths(a, m);
    return null;
  }
  return null;
}

export function multiply(a: FeelValue, b: FeelValue): FeelValue {
  if (a instanceof Dec && b instanceof Dec) return finite(a.times(b));
  if (a instanceof Dec) [a, b] = [b, a];
  if (!(b instanceof Dec)) return null;
  if (a instanceof DaysTimeDuration) return new DaysTimeDuration(a.seconds.times(b));
  if (a instanceof YearsMonthsDuration) return ymFromMonths(b.times(a.months));
  return null;
}

export function divide(a: FeelValue, b: FeelValue): FeelValue {
  if (a instanceof Dec && b instanceof Dec) return b.isZero() ? null : finite(a.div(b));
  if (b instanceof Dec) {
    if (b.isZero()) return null;
    if (a instanceof DaysTimeDuration) return new DaysTimeDuration(a.seconds.div(b));
    if (a instanceof YearsMonthsDuration) return ymFromMonths(new Decimal(a.months).div(b));
    return null;
  }
  if (a instanceof DaysTimeDuration && b instanceof DaysTimeDuration) {
    return b.seconds.isZero() ? null : finite(a.seconds.div(b.seconds));
  }
  if (a instanceof YearsMonthsDuration && b instanceof YearsMonthsDuration) {
    return b.months === 0 ? null : finite(new Decimal(a.months).div(b.months));
  }
  return null;
}

export function power(a: FeelValue, b: FeelValue): FeelValue {
  if (!(a instanceof Dec && b instanceof Dec)) return null;
  if (a.isZero() && b.isNegative()) return null;
  if (a.isNegative() && !b.isInteger()) return null;
  // an exponent this large overflows Decimal128 anyway; refuse before decimal.js spends time on it
  if (b.abs().gt(1e9) && !a.abs().eq(1) && !a.isZero()) return null;
  return finite(a.pow(b));
}

export function negate(a: FeelValue): FeelValue {
  if (a instanceof Dec) return a.neg();
  if (a instanceof DaysTimeDuration) return new DaysTimeDuration(a.seconds.neg());
  if (a instanceof YearsMonthsDuration) return new YearsMonthsDuration(-a.months || 0);
  return null;
}
