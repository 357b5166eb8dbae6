import { Decimal } from './decimal.ts';
import { amountKey, formatEuro, formatNumber } from './german/format.ts';
import type { DecisionRecord } from './model.ts';

/**
 * One calculation step as a letter shows it. The contract fixes what a step says (the rule,
 * its legal reference, its inputs and its value), not the field names, so the reader
 * accepts the usual spellings and nested steps.
 */
export interface TraceRow {
  label: string;
  value: string;
  /** Canonical amount key when the value is money, for the gate. */
  amount: string | null;
  norm: string | null;
  depth: number;
}

const LABEL_FIELDS = ['label', 'title', 'description', 'name', 'rule', 'id', 'step'] as const;
const NORM_FIELDS = ['norm', 'ref', 'legalRef', 'reference', 'legal'] as const;
const VALUE_FIELDS = ['value', 'result', 'output'] as const;
const CHILD_FIELDS = ['steps', 'children', 'trace'] as const;
const MONEY_UNITS = new Set(['EUR', '€', 'euro', 'Euro']);

function firstString(o: Record<string, unknown>, fields: readonly string[]): string | null {
  for (const f of fields) {
    const v = o[f];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return null;
}

/** A value with exactly two decimals, or one whose step says its unit is euro, is money. */
export function isMoneyLike(value: unknown, unit?: unknown): boolean {
  if (typeof unit === 'string') return MONEY_UNITS.has(unit);
  return typeof value === 'string' && /^-?\d+\.\d{2}$/.test(value);
}

export function displayValue(value: unknown, money: boolean): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'boolean') return value ? 'ja' : 'nein';
  if (typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))) {
    return money ? formatEuro(value) : formatNumber(value);
  }
  if (typeof value === 'string') return value;
  if (value instanceof Decimal) return money ? formatEuro(value) : formatNumber(value);
  return JSON.stringify(value);
}

export function traceRows(decision: DecisionRecord): TraceRow[] {
  const rows: TraceRow[] = [];
  const walk = (steps: unknown[], depth: number): void => {
    for (const s of steps) {
      if (!s || typeof s !== 'object') continue;
      const o = s as Record<string, unknown>;
      const label = firstString(o, LABEL_FIELDS);
      const valueField = VALUE_FIELDS.find((f) => f in o);
      if (label && valueField) {
        const value = o[valueField];
        const money = isMoneyLike(value, o.unit);
        rows.push({
          label,
          value: displayValue(value, money),
          amount: money && value !== null && value !== undefined ? amountKey(String(value)) : null,
          norm: firstString(o, NORM_FIELDS),
          depth,
        });
      }
      for (const f of CHILD_FIELDS) {
        const c = o[f];
        if (Array.isArray(c)) walk(c, depth + 1);
      }
    }
  };
  walk(decision.trace, 0);
  return rows;
}

/** Every norm the decision cites: trace, reasons, missing inputs, discretion points. */
export function decisionNorms(decision: DecisionRecord): string[] {
  const norms = new Set<string>();
  for (const r of traceRows(decision)) if (r.norm) norms.add(r.norm);
  for (const r of decision.reasons) norms.add(r.norm);
  for (const m of decision.missing) if (m.norm) norms.add(m.norm);
  for (const d of decision.discretion) norms.add(d.norm);
  return [...norms];
}

/** Reads a money value by the first of `names` the decision has. */
export function moneyValue(decision: DecisionRecord, names: readonly string[]): string | null {
  for (const n of names) {
    const v = decision.values[n];
    if (typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v))) return amountKey(String(v));
  }
  return null;
}
