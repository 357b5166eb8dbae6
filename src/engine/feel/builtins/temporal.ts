/**
 * Conversion and temporal built-ins (DMN 1.5 §10.3.4.1, §10.3.4.7). `now()` and `today()` read
 * the clock the host passes in `ctx.clock`; without one they give null, so that a decision
 * never silently depends on the wall clock (replays must reproduce receipts bit for bit).
 */
import DecimalJs from 'decimal.js';
import { Decimal } from '../../decimal.ts';
import { finite, toInt } from '../numbers.ts';
import {
  dayOfYear,
  isoWeekday,
  isoWeekOfYear,
  makeDate,
  parseDate,
  parseDateTime,
  parseDuration,
  parseTime,
} from '../temporal.ts';
import {
  DaysTimeDuration,
  FeelDate,
  FeelDateTime,
  FeelTime,
  YearsMonthsDuration,
  type FeelValue,
} from '../values.ts';
import { single, type BuiltinSpec } from './registry.ts';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function int(v: FeelValue | undefined): number | null {
  return v instanceof DecimalJs ? toInt(v) : null;
}

function dateOf(arg: FeelValue | undefined): FeelDate | null {
  const v = single(arg);
  if (v instanceof FeelDate) return v;
  if (v instanceof FeelDateTime) return v.date;
  return null;
}

/** Whole months from one date to another; the time of day of date-times does not count (TCK 1121). */
function monthsBetween(a: FeelDate, b: FeelDate): number {
  let months = (b.year - a.year) * 12 + (b.month - a.month);
  if (months > 0 && a.day > b.day) months--;
  else if (months < 0 && a.day < b.day) months++;
  return months;
}

export const temporalBuiltins: BuiltinSpec[] = [
  {
    name: 'date',
    signatures: [['from'], ['year', 'month', 'day']],
    fn(args) {
      if (args.length === 1) {
        const [v] = args;
        if (typeof v === 'string') return parseDate(v);
        return dateOf(v);
      }
      const [y, m, d] = args.map(int);
      return y === null || m === null || d === null ? null : makeDate(y!, m!, d!);
    },
  },
  {
    name: 'time',
    signatures: [['from'], ['hour', 'minute', 'second', 'offset?']],
    fn(args) {
      if (args.length === 1) {
        const [v] = args;
        if (typeof v === 'string') return parseTime(v);
        if (v instanceof FeelTime) return v;
        if (v instanceof FeelDateTime) return v.time;
        if (v instanceof FeelDate) return new FeelTime(0, 0, new Decimal(0), 0, null);
        return null;
      }
      if (args.length === 2) return null;
      const h = int(args[0]), m = int(args[1]);
      const s = args[2];
      if (h === null || m === null || !(s instanceof DecimalJs)) return null;
      if (h < 0 || h > 23 || m < 0 || m > 59 || s.isNegative() || s.gte(60)) return null;
      const off = args[3];
      if (off === undefined || off === null) return new FeelTime(h, m, s, null, null);
      if (!(off instanceof DaysTimeDuration)) return null;
      const secs = off.seconds;
      if (!secs.isInteger() || secs.abs().gt(14 * 3600)) return null;
      return new FeelTime(h, m, s, secs.toNumber(), null);
    },
  },
  {
    name: 'date and time',
    signatures: [['from'], ['date', 'time']],
    fn(args) {
      if (args.length === 1) {
        const [v] = args;
        if (typeof v === 'string') return parseDateTime(v);
        if (v instanceof FeelDateTime) return v;
        if (v instanceof FeelDate) return new FeelDateTime(v, new FeelTime(0, 0, new Decimal(0), null, null));
        return null;
      }
      const d = dateOf(args[0]);
      const t = args[1];
      return d && t instanceof FeelTime ? new FeelDateTime(d, t) : null;
    },
  },
  {
    name: 'duration',
    signatures: [['from']],
    fn: ([v]) => (typeof v === 'string' ? parseDuration(v) : null),
  },
  {
    name: 'years and months duration',
    signatures: [['from', 'to']],
    fn([a, b]) {
      const from = dateOf(a);
      const to = dateOf(b);
      return from && to ? new YearsMonthsDuration(monthsBetween(from, to) || 0) : null;
    },
  },
  {
    name: 'day of year',
    signatures: [['date']],
    fn([v]) {
      const d = dateOf(v);
      return d ? new Decimal(dayOfYear(d)) : null;
    },
  },
  {
    name: 'day of week',
    signatures: [['date']],
    fn([v]) {
      const d = dateOf(v);
      return d ? WEEKDAYS[isoWeekday(d) - 1]! : null;
    },
  },
  {
    name: 'month of year',
    signatures: [['date']],
    fn([v]) {
      const d = dateOf(v);
      return d ? MONTHS[d.month - 1]! : null;
    },
  },
  {
    name: 'week of year',
    signatures: [['date']],
    fn([v]) {
      const d = dateOf(v);
      return d ? new Decimal(isoWeekOfYear(d)) : null;
    },
  },
  {
    name: 'now',
    signatures: [[]],
    fn: (_args, ctx) => ctx.clock?.() ?? null,
  },
  {
    name: 'today',
    signatures: [[]],
    fn: (_args, ctx) => ctx.clock?.().date ?? null,
  },
  {
    name: 'number',
    signatures: [['from', 'grouping separator?', 'decimal separator?']],
    fn([f, g, d]) {
      if (typeof f !== 'string') return null;
      const grouping = g === undefined ? null : g;
      const decimal = d === undefined ? null : d;
      if (grouping !== null && (typeof grouping !== 'string' || ![' ', ',', '.'].includes(grouping))) return null;
      if (decimal !== null && (typeof decimal !== 'string' || !['.', ','].includes(decimal))) return null;
      if (grouping !== null && grouping === decimal) return null;
      let t = f;
      if (grouping !== null) t = t.split(grouping).join('');
      if (decimal !== null && decimal !== '.') {
        if (t.includes('.')) return null;
        t = t.replace(decimal, '.');
      }
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
      const n = new Decimal(t);
      return finite(n.precision() > 34 ? n.toSignificantDigits(34) : n);
    },
  },
];
