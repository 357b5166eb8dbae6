/** Classification of runtime values into FEEL types, used by operators, built-ins and `instance of`. */
import { isDecimal } from '../decimal.ts';
import {
  DaysTimeDuration,
  FeelDate,
  FeelDateTime,
  FeelRange,
  FeelTime,
  Unknown,
  YearsMonthsDuration,
  type FeelContext,
  type FeelFunction,
  type FeelValue,
} from './values.ts';

export type Kind =
  | 'null'
  | 'number'
  | 'string'
  | 'boolean'
  | 'date'
  | 'time'
  | 'date and time'
  | 'days and time duration'
  | 'years and months duration'
  | 'list'
  | 'context'
  | 'range'
  | 'function'
  | 'unknown';

export function kindOf(v: FeelValue): Kind {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    default:
      break;
  }
  if (isDecimal(v)) return 'number';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Map) return 'context';
  if (v instanceof FeelDate) return 'date';
  if (v instanceof FeelDateTime) return 'date and time';
  if (v instanceof FeelTime) return 'time';
  if (v instanceof DaysTimeDuration) return 'days and time duration';
  if (v instanceof YearsMonthsDuration) return 'years and months duration';
  if (v instanceof FeelRange) return 'range';
  if (v instanceof Unknown) return 'unknown';
  return 'function';
}

export function isContext(v: FeelValue): v is FeelContext {
  return v instanceof Map;
}

export function isFunction(v: FeelValue): v is FeelFunction {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'function' && !(v instanceof Map);
}
