/**
 * Ranges (intervals) and the Allen-style range functions of DMN 1.5 §10.3.4.11. An open end
 * (`< 5`, `>= 10`) is an endpoint of null, read as −∞ / +∞.
 */
import type { CompareOp } from './ast.ts';
import { feelCompare, feelEquals } from './compare.ts';
import { UnaryRange } from './unary-range.ts';
import { FeelRange, type FeelValue } from './values.ts';

/** `x in range`: true, false, or null when x is not comparable with the endpoints. */
export function rangeIncludes(r: FeelRange, x: FeelValue): boolean | null {
  if (x === null) return null;
  if (r instanceof UnaryRange) {
    if (r.op === '=' || r.op === '!=') {
      const eq = feelEquals(x, r.value);
      return eq === null ? null : r.op === '=' ? eq : !eq;
    }
  } else if (r.start === null || r.end === null) return null;
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
  return new FeelRange(start, startIncluded, end, endIncluded);
}

/** The range `op value` of a unary comparison used as a value. */
export function unaryRange(op: CompareOp, value: FeelValue): FeelRange | null {
  if (value === null || (op !== '=' && op !== '!=' && feelCompare(value, value) === null)) return null;
  return new UnaryRange(op, value);
}

const NEG_INF = Symbol('−∞');
const POS_INF = Symbol('+∞');
type End = FeelValue | typeof NEG_INF | typeof POS_INF;

interface R {
  s: End;
  si: boolean;
  e: End;
  ei: boolean;
}

function asRange(v: FeelValue): R | null {
  if (!(v instanceof FeelRange)) return null;
  const open = v instanceof UnaryRange && v.op !== '=' && v.op !== '!=';
  return {
    s: open && v.start === null ? NEG_INF : v.start,
    si: v.startIncluded,
    e: open && v.end === null ? POS_INF : v.end,
    ei: v.endIncluded,
  };
}

class Incomparable {}
const INCOMPARABLE = new Incomparable();

/** Compares endpoints (±∞ for open sides); aborts the range function with null when incomparable. */
function c(a: End, b: End): number {
  if (a === NEG_INF || a === POS_INF || b === NEG_INF || b === POS_INF) {
    const rank = (x: End): number => (x === NEG_INF ? -1 : x === POS_INF ? 1 : 0);
    const ra = rank(a), rb = rank(b);
    if (ra === rb) return 0;
    return ra < rb ? -1 : 1;
  }
  const r = feelCompare(a, b);
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
    const k = c(x.e, y.s);
    return k < 0 || (k === 0 && !(x.ei && y.si));
  },
  after: (a, b, A, B) => {
    const x = A ?? P(a), y = B ?? P(b);
    const k = c(x.s, y.e);
    return k > 0 || (k === 0 && !(x.si && y.ei));
  },
  meets: (_a, _b, A, B) => (A && B ? A.ei && B.si && c(A.e, B.s) === 0 : null),
  'met by': (_a, _b, A, B) => (A && B ? A.si && B.ei && c(A.s, B.e) === 0 : null),
  overlaps: (_a, _b, A, B) => {
    if (!A || !B) return null;
    const k1 = c(A.e, B.s);
    const k2 = c(A.s, B.e);
    return (k1 > 0 || (k1 === 0 && A.ei && B.si)) && (k2 < 0 || (k2 === 0 && A.si && B.ei));
  },
  'overlaps before': (_a, _b, A, B) => {
    if (!A || !B) return null;
    const ss = c(A.s, B.s);
    const es = c(A.e, B.s);
    const ee = c(A.e, B.e);
    return (ss < 0 || (ss === 0 && A.si && !B.si)) && (es > 0 || (es === 0 && A.ei && B.si)) && (ee < 0 || (ee === 0 && (!A.ei || B.ei)));
  },
  'overlaps after': (_a, _b, A, B) => {
    if (!A || !B) return null;
    const ss = c(B.s, A.s);
    const es = c(B.e, A.s);
    const ee = c(B.e, A.e);
    return (ss < 0 || (ss === 0 && B.si && !A.si)) && (es > 0 || (es === 0 && B.ei && A.si)) && (ee < 0 || (ee === 0 && (!B.ei || A.ei)));
  },
  finishes: (a, _b, A, B) => {
    if (!B) return null;
    if (!A) return B.ei && c(a, B.e) === 0;
    const ss = c(A.s, B.s);
    return A.ei === B.ei && c(A.e, B.e) === 0 && (ss > 0 || (ss === 0 && (!A.si || B.si)));
  },
  'finished by': (_a, b, A, B) => {
    if (!A) return null;
    if (!B) return A.ei && c(A.e, b) === 0;
    const ss = c(A.s, B.s);
    return A.ei === B.ei && c(A.e, B.e) === 0 && (ss < 0 || (ss === 0 && (A.si || !B.si)));
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
    if (!A) return B.si && c(B.s, a) === 0;
    const ee = c(A.e, B.e);
    return A.si === B.si && c(A.s, B.s) === 0 && (ee < 0 || (ee === 0 && (!A.ei || B.ei)));
  },
  'started by': (_a, b, A, B) => {
    if (!A) return null;
    if (!B) return A.si && c(A.s, b) === 0;
    const ee = c(B.e, A.e);
    return A.si === B.si && c(A.s, B.s) === 0 && (ee < 0 || (ee === 0 && (!B.ei || A.ei)));
  },
  coincides: (a, b, A, B) => {
    if (!A && !B) return c(a, b) === 0;
    if (!A || !B) return null;
    return c(A.s, B.s) === 0 && A.si === B.si && c(A.e, B.e) === 0 && A.ei === B.ei;
  },
};

function includesPoint(A: R, b: FeelValue): boolean {
  const s = c(A.s, b);
  const e = c(A.e, b);
  return (s < 0 && e > 0) || (s === 0 && A.si) || (e === 0 && A.ei);
}

function includesRange(A: R, B: R): boolean {
  const ss = c(A.s, B.s);
  const ee = c(A.e, B.e);
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
