/**
 * FEEL values ↔ JSON. Numbers travel as strings in normal notation (`"445.4"`) so no binary
 * float ever touches them; dates, times and durations as ISO 8601 strings.
 */
import { AmtsklarError } from '../../common/index.ts';
import { Decimal, isDecimal } from '../decimal.ts';
import { literal } from './format.ts';
import { decimalToString } from './numbers.ts';
import { formatDate, formatDateTime, formatDaysTime, formatTime, formatYearsMonths } from './temporal.ts';
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

/**
 * A FEEL value as JSON: number → normalized decimal string, date/time/duration → ISO 8601 string,
 * list → array, context → object, range → `{start, startIncluded, end, endIncluded}`. Functions
 * become null. An Unknown cannot be serialized: the caller must report the missing inputs instead.
 */
export function feelToJson(v: FeelValue): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (isDecimal(v)) return decimalToString(v);
  if (Array.isArray(v)) return (v as readonly FeelValue[]).map(feelToJson);
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v) o[k] = feelToJson(x);
    return o;
  }
  if (v instanceof FeelDate) return formatDate(v);
  if (v instanceof FeelDateTime) return formatDateTime(v);
  if (v instanceof FeelTime) return formatTime(v);
  if (v instanceof DaysTimeDuration) return formatDaysTime(v);
  if (v instanceof YearsMonthsDuration) return formatYearsMonths(v);
  if (v instanceof FeelRange) {
    return { start: feelToJson(v.start), startIncluded: v.startIncluded, end: feelToJson(v.end), endIncluded: v.endIncluded };
  }
  if (v instanceof Unknown) {
    throw new AmtsklarError('invalid_input', `Wert unbekannt, es fehlen Angaben: ${literal(v)}`, v.missing.map((m) => ({ path: m.input, message: m.question })));
  }
  return null;
}

/**
 * JSON → FEEL: numbers become Decimal from their decimal text (JSON.parse has already made them
 * JS numbers; their shortest round-trip text is exactly what the JSON said for all numbers up to
 * 17 significant digits). Strings stay strings — dates in JSON are converted by the caller who
 * knows the field's type. Objects become contexts, arrays lists.
 */
export function jsonToFeel(v: unknown): FeelValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? new Decimal(String(v)) : null;
  if (typeof v === 'bigint') return new Decimal(v.toString());
  if (isDecimal(v)) return v;
  if (Array.isArray(v)) return v.map(jsonToFeel);
  if (typeof v === 'object') {
    if (v instanceof FeelDate || v instanceof FeelDateTime || v instanceof FeelTime || v instanceof DaysTimeDuration || v instanceof YearsMonthsDuration || v instanceof FeelRange || v instanceof Map) {
      return v as FeelValue;
    }
    const m = new Map<string, FeelValue>();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) m.set(k, jsonToFeel(x));
    return m;
  }
  return null;
}
