/**
 * FEEL types for `instance of` (DMN 1.5 §10.3.2.9) and for the type checks of typed function
 * parameters and DMN type references. `null` is an instance of `Null` only; for coercion
 * (`conformsOrNull`) null fits every type.
 */
import type { TypeRef } from './ast.ts';
import { isFunction, kindOf, type Kind } from './kinds.ts';
import { FeelRange, type FeelValue } from './values.ts';

/** Type names as FEEL and the DMN XML `typeRef` write them (DMN 1.1 names included). */
const NAMED: Record<string, Kind> = {
  number: 'number',
  string: 'string',
  boolean: 'boolean',
  date: 'date',
  time: 'time',
  'date and time': 'date and time',
  dateTime: 'date and time',
  'days and time duration': 'days and time duration',
  dayTimeDuration: 'days and time duration',
  'years and months duration': 'years and months duration',
  yearMonthDuration: 'years and months duration',
  list: 'list',
  context: 'context',
  function: 'function',
  range: 'range',
};

export function normalizeTypeName(name: string): string {
  return name.replace(/^feel:/, '').replace(/\s+/g, ' ').trim();
}

/** Whether a name is one of FEEL's built-in types (as opposed to a DMN item definition). */
export function isBuiltinTypeName(name: string): boolean {
  const n = normalizeTypeName(name);
  return n in NAMED || n === 'Any' || n === 'Null' || n === 'duration';
}

/** Resolves a type name that is not one of FEEL's (e.g. a DMN item definition) to a check. */
export type TypeResolver = (name: string) => ((v: FeelValue) => boolean) | null;

export function instanceOf(v: FeelValue, t: TypeRef, resolve?: TypeResolver): boolean {
  if (v === null) return t.t === 'named' && normalizeTypeName(t.name) === 'Null';
  return conformsOrNull(v, t, resolve);
}

export function conformsOrNull(v: FeelValue, t: TypeRef, resolve?: TypeResolver): boolean {
  if (v === null) return true;
  switch (t.t) {
    case 'named': {
      const n = normalizeTypeName(t.name);
      if (n === 'Any') return true;
      if (n === 'Null') return false;
      if (n === 'duration') {
        const k = kindOf(v);
        return k === 'days and time duration' || k === 'years and months duration';
      }
      const kind = NAMED[n];
      if (kind === undefined) {
        const check = resolve?.(n);
        return check ? check(v) : false;
      }
      return kindOf(v) === kind;
    }
    case 'list':
      return Array.isArray(v) && (v as readonly FeelValue[]).every((e) => conformsOrNull(e, t.of, resolve));
    case 'context':
      return v instanceof Map && t.entries.every((e) => v.has(e.name) && conformsOrNull(v.get(e.name)!, e.type, resolve));
    case 'range':
      return v instanceof FeelRange && [v.start, v.end].every((e) => e === null || conformsOrNull(e, t.of, resolve));
    case 'function':
      return isFunction(v);
    default:
      return false;
  }
}
