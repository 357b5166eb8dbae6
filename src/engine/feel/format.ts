/** FEEL `string()` (DMN 1.5 §10.3.4.1) and the text form of values in messages and traces. */
import { isDecimal } from '../decimal.ts';
import { decimalToString } from './numbers.ts';
import { UnaryRange } from './unary-range.ts';
import {
  formatDate,
  formatDateTime,
  formatDaysTime,
  formatTime,
  formatYearsMonths,
} from './temporal.ts';
import {
  DaysTimeDuration,
  FeelDate,
  FeelDateTime,
  FeelRange,
  FeelTime,
  Unknown,
  YearsMonthsDuration,
  type FeelValue,
} from './values.ts';

/** The FEEL `string(from)` conversion: strings stay as they are, other values get their literal form. */
export function valueToString(v: FeelValue): string {
  return typeof v === 'string' ? v : literal(v);
}

function key(k: string): string {
  return /^[\p{L}_?][\p{L}\p{N}_?]*( [\p{L}\p{N}_?]+)*$/u.test(k) ? k : JSON.stringify(k);
}

/** The value as FEEL would write it: strings quoted, lists and contexts recursively. */
export function literal(v: FeelValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (isDecimal(v)) return decimalToString(v);
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${key(k)}: ${literal(x)}`).join(', ')}}`;
  if (v instanceof FeelDate) return formatDate(v);
  if (v instanceof FeelDateTime) return formatDateTime(v);
  if (v instanceof FeelTime) return formatTime(v);
  if (v instanceof DaysTimeDuration) return formatDaysTime(v);
  if (v instanceof YearsMonthsDuration) return formatYearsMonths(v);
  if (v instanceof UnaryRange) return `${v.op} ${literal(v.value)}`;
  if (v instanceof FeelRange) {
    return `${v.startIncluded ? '[' : '('}${literal(v.start)}..${literal(v.end)}${v.endIncluded ? ']' : ')'}`;
  }
  if (v instanceof Unknown) return `?(${v.missing.map((m) => m.input).join(', ')})`;
  return `function(${(v as { params: readonly string[] }).params.join(', ')})`;
}
