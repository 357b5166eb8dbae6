/**
 * Ranges (intervals) and the Allen-style range functions of DMN 1.5 §10.3.4.11. An open end
 * (`< 5`, `>= 10`) is an endpoint of null, read as −∞ / +∞.
 */
import { feelCompare } from './compare.ts';
import { FeelRange, type FeelValue } from './values.ts';

type Cmp = number | null;

/** Compares endpoint values where null on a start means −∞ and on an end means +∞. */
function cmpEnd(a: FeelValue, aIsStart: boolean, b: FeelValue, bIsStart: boolean): Cmp {
  if (a === null || b === null) {
    const va = a === null ? (aIsStart ? -1 : 1) : 0;
    const vb = b === null ? (bIsStart ? -1 : 1) : 0;
    if (a !== null && b === null) return -vb;
    if (a === null && b !== null) return va;
    return va === vb ? 0 : va < vb ? -1 : 1;
  }
  return feelCompare(a, b);
}

/** `x in range`: true, false, or null when x is not comparable with the endpoints. */
export function rangeIncludes(r: FeelRange, x: FeelValue): boolean | null {
  if (x === null) return null;
  const s = r.start === null ? 1 : feelCompare(x, r.start);
  const e = r.end === null ? -1 : feelCompare(x, r.end);
  if (s === null || e === null) return null;
  return (s > 0 || (s === 0 && r.startIncluded)) && (e < 0 || (e === 0 && r.endIncluded));
}

/** A range from two endpoints: both of one comparable type, start ≤ end; otherwise null. */
export function makeRange(start: FeelValue, startIncluded: boolean, end: FeelValue, endIncluded: boolean): FeelRange | null {
  if (start === null && end === null) return null;
  if (start !== null && end !== null) {
    const c = feelCompare(start, end);
    if (c === null || c > 0) return null;
  } else if (feelCompare(start ?? end, start ?? end) === null) return null;
  return new FeelRange(start, start === null ? false : startIncluded, end, end === null ? false : endIncluded);
}

interface R {
  s: FeelValue;
  si: boolean;
  e: FeelValue;
  ei: boolean;
}

function asRange(v: FeelValue): R | null {
  return v instanceof FeelRange ? { s: v.start, si: v.startIncluded, e: v.end, ei: v.endIncluded } : null;
}

class Incomparable {}
const INCOMPARABLE = new Incomparable();

/** Comparison helpers that abort the whole function with null on incomparable endpoints. */
function c(a: FeelValue, aStart: boolean, b: FeelValue, bStart: boolean): number {
  const r = cmpEnd(a, aStart, b, bStart);
  if (r === null) throw INCOMPARABLE;
  return r;
}

type Impl = (a: FeelValue, b: FeelValue, ra: R | null, rb: R | null) => boolean | null;

function guarded(f: Impl): (args: readonly FeelValue[]) => FeelValue {
  return ([a, b]) => {
    if (a === null || b === null || a === undefined || b === undefined) return null;
    try {
      return f(a, b, asRange(a), asRange(b));
    } catch (e) {
      if (e === INCOMPARABLE) return null;
      throw e;
    }
  };
}

const P = (x: FeelValue): R => ({ s: x, si: true, e: x, ei: true });

const impls: Record<string, Impl> = {
  before: (a, b, A, B) => {
    const x = A ?? P(a), y = B ?? P(b);
    const k = c(x.e, false, y.s, true);
    return k < 0 || (k === 0 && !(x.ei && y.si));
  },
  after: (a, b, A, B) => {
    const x = A ?? P(a), y = B ?? P(b);
    const k = c(x.s, true, y.e, false);
    return k > 0 || (k === 0 && !(x.si && y.ei));
  },
  meets: (_a, _b, A, B) => (A && B ? A.ei && B.si && c(A.e, false, B.s, true) === 0 : null),
  'met by': (_a, _b, A, B) => (A && B ? A.si && B.ei && c(A.s, true, B.e, false) === 0 : null),
  overlaps: (_a, _b, A, B) => {
    if (!A || !B) return null;
    const k1 = c(A.e, false, B.s, true);
    const k2 = c(A.s, true, B.e, false);
    return (k1 > 0 || (k1 === 0 && A.ei && B.si)) && (k2 < 0 || (k2 === 0 && A.si && B.ei));
  },
  'overlaps before': (_a, _b, A, B) => {
    if (!A || !B) return null;
    const ss = c(A.s, true, B.s, true);
    const es = c(A.e, false, B.s, true);
    const ee = c(A.e, false, B.e, false);
    return (ss < 0 || (ss === 0 && A.si && !B.si)) && (es > 0 || (es === 0 && A.ei && B.si)) && (ee < 0 || (ee === 0 && (!A.ei || B.ei)));
  },
  'overlaps after': (_a, _b, A, B) => {
    if (!A || !B) return null;
    const ss = c(B.s, true, A.s, true);
    const es = c(B.e, false, A.s, true);
    const ee = c(B.e, false, A.e, false);
    return (ss < 0 || (ss === 0 && B.si && !A.si)) && (es > 0 || (es === 0 && B.ei && A.si)) && (ee < 0 || (ee === 0 && (!B.ei || A.ei)));
  },
  finishes: (a, _b, A, B) => {
    if (!B) return null;
    if (!A) return B.ei && c(a, true, B.e, false) === 0;
    const ss = c(A.s, true, B.s, true);
    return A.ei === B.ei && c(A.e, false, B.e, false) === 0 && (ss > 0 || (ss === 0 && (!A.si || B.si)));
  },
  'finished by': (_a, b, A, B) => {
    if (!A) return null;
    if (!B) return A.ei && c(A.e, false, b, true) === 0;
    const ss = c(A.s, true, B.s, true);
    return A.ei === B.ei && c(A.e, false, B.e, false) === 0 && (ss < 0 || (ss === 0 && (A.si || !B.si)));
  },
  includes: (_a, b, A, B) => {
    if (!A) return null;
    if (!B) return includesPoint(A, b);
    return includesRange(A, B);
  },
  during: (a, _b, A, B) => {
    if (!B) return null;
    if (!A) return includesPoint(B, a);
    return includesRange(B, A);
  },
  starts: (a, _b, A, B) => {
    if (!B) return null;
    if (!A) return B.si && c(B.s, true, a, true) === 0;
    const ee = c(A.e, false, B.e, false);
    return A.si === B.si && c(A.s, true, B.s, true) === 0 && (ee < 0 || (ee === 0 && (!A.ei || B.ei)));
  },
  'started by': (_a, b, A, B) => {
    if (!A) return null;
    if (!B) return A.si && c(A.s, true, b, true) === 0;
    const ee = c(B.e, false, A.e, false);
    return A.si === B.si && c(A.s, true, B.s, true) === 0 && (ee < 0 || (ee === 0 && (!B.ei || A.ei)));
  },
  coincides: (a, b, A, B) => {
    if (!A && !B) return c(a, true, b, true) === 0;
    if (!A || !B) return null;
    return c(A.s, true, B.s, true) === 0 && A.si === B.si && c(A.e, false, B.e, false) === 0 && A.ei === B.ei;
  },
};

function includesPoint(A: R, b: FeelValue): boolean {
  const s = c(A.s, true, b, true);
  const e = c(A.e, false, b, true);
  return (s < 0 && e > 0) || (s === 0 && A.si) || (e === 0 && A.ei);
}

function includesRange(A: R, B: R): boolean {
  const ss = c(A.s, true, B.s, true);
  const ee = c(A.e, false, B.e, false);
  return (ss < 0 || (ss === 0 && (A.si || !B.si))) && (ee > 0 || (ee === 0 && (A.ei || !B.ei)));
}

/** DMN parameter names of each range function, one list per accepted combination. */
const SIGNATURES: Record<string, string[][]> = {
  before: [['point1', 'point2'], ['point', 'range'], ['range', 'point'], ['range1', 'range2']],
  after: [['point1', 'point2'], ['point', 'range'], ['range', 'point'], ['range1', 'range2']],
  meets: [['range1', 'range2']],
  'met by': [['range1', 'range2']],
  overlaps: [['range1', 'range2']],
  'overlaps before': [['range1', 'range2']],
  'overlaps after': [['range1', 'range2']],
  finishes: [['point', 'range'], ['range1', 'range2']],
  'finished by': [['range', 'point'], ['range1', 'range2']],
  includes: [['range', 'point'], ['range1', 'range2']],
  during: [['point', 'range'], ['range1', 'range2']],
  starts: [['point', 'range'], ['range1', 'range2']],
  'started by': [['range', 'point'], ['range1', 'range2']],
  coincides: [['point1', 'point2'], ['range1', 'range2']],
};

export const rangeFunctions = Object.entries(impls).map(([name, impl]) => ({
  name,
  signatures: SIGNATURES[name]!,
  fn: guarded(impl),
}));
