/**
 * What-if: for a numeric input, the value at which the outcome changes — "Bis zu einem
 * Einkommen von X € bestünde ein Anspruch". Found by search over the compiled pack
 * (exponential bracketing, then bisection to the cent), not by algebra, so it works for
 * any rule pack, including decision tables and exceptions.
 */
import { AmtsklarError } from '../../common/index.ts';
import { Decimal } from '../decimal.ts';
import type { CompiledPack } from '../evaluate/compile.ts';
import { decide, type Decision } from '../evaluate/decide.ts';
import { formatGerman } from '../evaluate/template.ts';
import type { InputDef } from '../pack/model.ts';

export interface WhatIfQuery {
  /** JSON path of a numeric input, e.g. `$.haushaltsmitglieder[0].einkuenfte[0].brutto_monat`. */
  path: string;
  /** Output to watch (default: the pack's main output). */
  output?: string;
  /** `claim`: the output turns from > 0 to 0 or back (default); `value`: the output changes at all. */
  change?: 'claim' | 'value';
  /** Search no further than this value (default 1,000,000). */
  limit?: string;
}

export interface WhatIfBoundary {
  direction: 'up' | 'down';
  /** First value (in cents) at which the watched result differs from now. */
  at: string;
  /** The output there. */
  outputThere: unknown;
}

export interface WhatIfResult {
  path: string;
  output: string;
  current: string;
  outputNow: unknown;
  boundaries: WhatIfBoundary[];
  sentences: string[];
}

const CENT = new Decimal('0.01');

export function whatIf(cp: CompiledPack, input: unknown, query: WhatIfQuery): WhatIfResult {
  const output = query.output ?? cp.def.mainOutput;
  const change = query.change ?? 'claim';
  const limit = new Decimal(query.limit ?? '1000000');
  const def = inputAt(cp.def.inputs, query.path);
  if (!def || (def.type !== 'money' && def.type !== 'number' && def.type !== 'integer')) {
    throw new AmtsklarError('invalid_input', `Was-wäre-wenn: ${query.path} ist keine Zahl-Eingabe dieses Regelwerks`, [{ path: query.path, message: 'keine Zahl-Eingabe' }]);
  }
  // The application as given is decided first: its errors name the field („abc" as a rent), and
  // its result is the starting point of the search.
  const given = decide(cp, input, { trace: false, embedRequest: false });
  const currentRaw = getAt(input, query.path);
  if (currentRaw === undefined || currentRaw === null) {
    throw new AmtsklarError('invalid_input', `Was-wäre-wenn: ${query.path} ist im Antrag nicht angegeben`, [{ path: query.path, message: 'fehlt' }]);
  }
  const current = new Decimal(String(currentRaw));
  const step = def.type === 'integer' ? new Decimal(1) : CENT;
  const resultOf = (d: Decision): unknown => {
    if (d.outcome === 'missing_inputs') {
      throw new AmtsklarError('invalid_input', 'Was-wäre-wenn braucht einen vollständigen Antrag: es fehlen noch Angaben', d.missing.map((m) => ({ path: m.input, message: m.question })));
    }
    return d.values[output];
  };
  // integers as JSON numbers (the schema refuses "3"), other numbers as exact decimal text
  const asInput = (x: Decimal): unknown => (def.type === 'money' ? x.toFixed(2) : def.type === 'integer' ? x.toNumber() : x.toFixed());
  const resultAt = (x: Decimal): unknown => resultOf(decide(cp, setAt(input, query.path, asInput(x)), { trace: false, embedRequest: false }));
  const key = (v: unknown) => (change === 'claim' ? isPositive(v) : JSON.stringify(v));
  const now = resultOf(given);
  const nowKey = key(now);
  const boundaries: WhatIfBoundary[] = [];

  // The search stays inside what the input allows (Mietenstufe 1–7), else a probe is invalid input.
  const upper = def.maximum ? Decimal.min(limit, def.maximum) : limit;
  const lower = def.minimum && def.minimum.gt(0) ? def.minimum : new Decimal(0);

  // Upwards: double the distance until the result differs, then bisect.
  let lo = current;
  let dist = Decimal.max(step, current.abs().div(8).toDecimalPlaces(2));
  let hi: Decimal | null = null;
  while (lo.lt(upper)) {
    const probe = Decimal.min(upper, lo.plus(dist));
    if (key(resultAt(probe)) !== nowKey) {
      hi = probe;
      break;
    }
    lo = probe;
    dist = dist.times(2);
  }
  if (hi) boundaries.push(bisect(lo, hi, step, resultAt, key, nowKey, 'up'));

  // Downwards, to zero.
  let high = current;
  dist = Decimal.max(step, current.abs().div(8).toDecimalPlaces(2));
  let low: Decimal | null = null;
  while (high.gt(lower)) {
    const probe = Decimal.max(lower, high.minus(dist));
    if (key(resultAt(probe)) !== nowKey) {
      low = probe;
      break;
    }
    high = probe;
    dist = dist.times(2);
  }
  if (low) boundaries.push(bisect(low, high, step, resultAt, key, nowKey, 'down'));

  return { path: query.path, output, current: current.toFixed(), outputNow: now, boundaries, sentences: sentences(def, now, boundaries, change) };
}

/** Invariant: `inside` has the current result, `outside` a different one; narrows to one step. */
function bisect(a: Decimal, b: Decimal, step: Decimal, resultAt: (x: Decimal) => unknown, key: (v: unknown) => unknown, nowKey: unknown, direction: 'up' | 'down'): WhatIfBoundary {
  let inside = direction === 'up' ? a : b;
  let outside = direction === 'up' ? b : a;
  while (outside.minus(inside).abs().gt(step)) {
    const mid = inside.plus(outside).div(2).toDecimalPlaces(step.decimalPlaces(), Decimal.ROUND_FLOOR);
    if (mid.eq(inside) || mid.eq(outside)) break;
    if (key(resultAt(mid)) === nowKey) inside = mid;
    else outside = mid;
  }
  return { direction, at: outside.toFixed(step.decimalPlaces()), outputThere: resultAt(outside) };
}

function isPositive(v: unknown): boolean {
  if (typeof v === 'number') return v > 0;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return new Decimal(v).gt(0);
  return v === true;
}

function sentences(def: InputDef, now: unknown, boundaries: WhatIfBoundary[], change: 'claim' | 'value'): string[] {
  const what = def.short ?? 'einem Wert';
  const eur = (s: string) => `${formatGerman(new Decimal(s))} €`;
  const claimNow = isPositive(now);
  return boundaries.map((b) => {
    const at = new Decimal(b.at);
    const before = b.direction === 'up' ? at.minus(CENT) : at.plus(CENT);
    if (change === 'value') return `${b.direction === 'up' ? 'Ab' : 'Bis'} ${what} von ${eur(b.at)} ändert sich das Ergebnis (dann: ${String(b.outputThere)}).`;
    if (b.direction === 'up') {
      return claimNow ? `Bis zu ${what} von ${eur(before.toFixed(2))} bestünde ein Anspruch.` : `Ab ${what} von ${eur(b.at)} bestünde ein Anspruch.`;
    }
    return claimNow ? `Unter ${what} von ${eur(before.toFixed(2))} bestünde kein Anspruch mehr.` : `Bis zu ${what} von ${eur(b.at)} bestünde ein Anspruch.`;
  });
}

type PathPart = string | number;

export function parsePath(path: string): PathPart[] {
  if (!path.startsWith('$')) throw new AmtsklarError('invalid_input', `JSON-Pfad muss mit $ beginnen: ${path}`, [{ path, message: 'ungültiger Pfad' }]);
  const parts: PathPart[] = [];
  const re = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g;
  let consumed = 1;
  for (const m of path.matchAll(re)) {
    if (m.index !== consumed) break;
    parts.push(m[1] !== undefined ? m[1] : Number(m[2]));
    consumed += m[0].length;
  }
  if (consumed !== path.length) throw new AmtsklarError('invalid_input', `JSON-Pfad nicht lesbar: ${path}`, [{ path, message: 'ungültiger Pfad' }]);
  return parts;
}

function inputAt(defs: readonly InputDef[], path: string): InputDef | undefined {
  let current: InputDef | undefined;
  let scope: readonly InputDef[] | undefined = defs;
  for (const part of parsePath(path)) {
    if (typeof part === 'number') {
      if (current?.type !== 'list') return undefined;
      current = current.items;
      scope = current?.fields;
    } else {
      current = scope?.find((d) => d.name === part);
      scope = current?.fields;
    }
    if (!current) return undefined;
  }
  return current;
}

export function getAt(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of parsePath(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[part];
  }
  return cur;
}

export function setAt(obj: unknown, path: string, value: unknown): unknown {
  const parts = parsePath(path);
  const copy = structuredClone(obj) as Record<string | number, unknown>;
  let cur: Record<string | number, unknown> = copy;
  parts.forEach((part, i) => {
    if (i === parts.length - 1) cur[part] = value;
    else cur = cur[part] as Record<string | number, unknown>;
  });
  return copy;
}
