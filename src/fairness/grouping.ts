import { FULL_CELLS, FULL_RADICES, FULL_STRIDES, stridesOf } from './cells.ts';
import type { DecisionColumns } from './columns.ts';
import { SENSITIVE_ATTRIBUTES, type SensitiveAttribute } from './model.ts';

/**
 * Sums per cell of a grouping (a set of attributes). Computed once over the finest
 * cross-classification of all attributes (at most a few hundred cells) in one pass over
 * the decisions; every coarser grouping is then a sum over those cells, not another
 * pass over a million records.
 */
export interface CellSums {
  attributes: SensitiveAttribute[];
  radices: number[];
  strides: number[];
  /** Cell of this grouping for every cell of the finest cross-classification. */
  fromFull: Uint16Array;
  n: Float64Array;
  claim: Float64Array;
  routed: Float64Array;
  nachforderung: Float64Array;
  objection: Float64Array;
  changed: Float64Array;
  /** Decisions with a claim as finally settled ("actually entitled"). */
  entitled: Float64Array;
  /** Entitled decisions that already had the claim at first decision. */
  entitledGranted: Float64Array;
  amount: MomentSums;
  days: MomentSums;
}

export interface MomentSums {
  n: Float64Array;
  sum: Float64Array;
  sumSquares: Float64Array;
}

const SUM_FIELDS = ['n', 'claim', 'routed', 'nachforderung', 'objection', 'changed', 'entitled', 'entitledGranted'] as const;

/** Canonical order of attributes in a grouping, so `ageGroup×gender` and `gender×ageGroup` are one table. */
export function normaliseGrouping(attributes: readonly SensitiveAttribute[]): SensitiveAttribute[] {
  const unique = [...new Set(attributes)];
  return SENSITIVE_ATTRIBUTES.filter((a) => unique.includes(a));
}

export function groupingKey(attributes: readonly SensitiveAttribute[]): string {
  return attributes.join('×');
}

/** Adds every non-empty subset of the requested groupings, so suppression sees all margins. */
export function closeUnderSubsets(groupings: readonly (readonly SensitiveAttribute[])[]): SensitiveAttribute[][] {
  const out = new Map<string, SensitiveAttribute[]>();
  for (const g of groupings) {
    const attrs = normaliseGrouping(g);
    const total = 1 << attrs.length;
    for (let mask = 1; mask < total; mask++) {
      const subset = attrs.filter((_, i) => mask & (1 << i));
      out.set(groupingKey(subset), subset);
    }
  }
  return [...out.values()].sort((a, b) => a.length - b.length || groupingKey(a).localeCompare(groupingKey(b)));
}

/** One pass over the decisions: sums per cell of the finest cross-classification. */
export function sumFull(columns: DecisionColumns): CellSums {
  const codes = columns.cells;
  const s = emptySums([...SENSITIVE_ATTRIBUTES], FULL_RADICES, identity(FULL_CELLS));
  const { n, claim, routed, nachforderung, objection, changed, entitled, entitledGranted } = s;
  const [an, asum, asq] = [s.amount.n, s.amount.sum, s.amount.sumSquares];
  const [dn, dsum, dsq] = [s.days.n, s.days.sum, s.days.sumSquares];
  const cClaim = columns.claim;
  const cRouted = columns.routed;
  const cNach = columns.nachforderung;
  const cObj = columns.objection;
  const cChanged = columns.changed;
  const cFinal = columns.finalClaim;
  const cAmount = columns.amountCents;
  const cDays = columns.processingDays;
  for (let i = 0; i < columns.n; i++) {
    const c = codes[i]!;
    n[c]!++;
    claim[c]! += cClaim[i]!;
    routed[c]! += cRouted[i]!;
    nachforderung[c]! += cNach[i]!;
    objection[c]! += cObj[i]!;
    changed[c]! += cChanged[i]!;
    const fin = cFinal[i]!;
    entitled[c]! += fin;
    entitledGranted[c]! += fin & cClaim[i]!;
    const cents = cAmount[i]!;
    if (cents === cents) {
      an[c]!++;
      asum[c]! += cents;
      asq[c]! += cents * cents;
    }
    const days = cDays[i]!;
    dn[c]!++;
    dsum[c]! += days;
    dsq[c]! += days * days;
  }
  return s;
}

/** Sums of a coarser grouping, added up from the finest cells. */
export function aggregate(full: CellSums, attributes: SensitiveAttribute[]): CellSums {
  const positions = attributes.map((a) => SENSITIVE_ATTRIBUTES.indexOf(a));
  const radices = positions.map((p) => FULL_RADICES[p]!);
  const strides = stridesOf(radices);
  const fromFull = new Uint16Array(FULL_CELLS);
  for (let c = 0; c < FULL_CELLS; c++) {
    let code = 0;
    positions.forEach((p, j) => {
      code += (Math.floor(c / FULL_STRIDES[p]!) % FULL_RADICES[p]!) * strides[j]!;
    });
    fromFull[c] = code;
  }
  const s = emptySums(attributes, radices, fromFull);
  for (let c = 0; c < FULL_CELLS; c++) {
    const g = fromFull[c]!;
    for (const f of SUM_FIELDS) s[f][g]! += full[f][c]!;
    for (const m of ['amount', 'days'] as const) {
      s[m].n[g]! += full[m].n[c]!;
      s[m].sum[g]! += full[m].sum[c]!;
      s[m].sumSquares[g]! += full[m].sumSquares[c]!;
    }
  }
  return s;
}

function emptySums(attributes: SensitiveAttribute[], radices: number[], fromFull: Uint16Array): CellSums {
  const cells = radices.reduce((p, r) => p * r, 1);
  const make = (): Float64Array => new Float64Array(cells);
  return {
    attributes,
    radices,
    strides: stridesOf(radices),
    fromFull,
    n: make(),
    claim: make(),
    routed: make(),
    nachforderung: make(),
    objection: make(),
    changed: make(),
    entitled: make(),
    entitledGranted: make(),
    amount: { n: make(), sum: make(), sumSquares: make() },
    days: { n: make(), sum: make(), sumSquares: make() },
  };
}

function identity(n: number): Uint16Array {
  const out = new Uint16Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Digits (attribute codes) of a cell. */
export function cellDigits(sums: Pick<CellSums, 'radices' | 'strides'>, code: number): number[] {
  return sums.radices.map((r, j) => Math.floor(code / sums.strides[j]!) % r);
}

/** The decisions that have a value, in value order: their values and their finest cells. */
export interface Ordered {
  values: Float64Array;
  codes: Uint16Array;
}

/**
 * Orders the decisions that have a value (not NaN) by that value, carrying their cell
 * codes along so the ordered pass reads two arrays front to back instead of jumping
 * through an index. Integer values over a modest range (cents, days) are placed by
 * counting sort in O(N + range); anything else is sorted with a comparator.
 */
export function orderByValue(values: Float64Array, codes: Uint16Array): Ordered {
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    count++;
    if (v < min) min = v;
    if (v > max) max = v;
    if (integral && !Number.isInteger(v)) integral = false;
  }
  const outValues = new Float64Array(count);
  const outCodes = new Uint16Array(count);
  if (count === 0) return { values: outValues, codes: outCodes };
  const range = max - min + 1;
  if (integral && range <= Math.max(1 << 20, 4 * count)) {
    const starts = new Uint32Array(range + 1);
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v === v) starts[v - min + 1]!++;
    }
    for (let r = 1; r <= range; r++) starts[r]! += starts[r - 1]!;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v !== v) continue;
      const at = starts[v - min]!++;
      outValues[at] = v;
      outCodes[at] = codes[i]!;
    }
    return { values: outValues, codes: outCodes };
  }
  const index = new Uint32Array(count);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) index[k++] = i;
  index.sort((a, b) => values[a]! - values[b]!);
  for (let j = 0; j < count; j++) {
    outValues[j] = values[index[j]!]!;
    outCodes[j] = codes[index[j]!]!;
  }
  return { values: outValues, codes: outCodes };
}

/** What one grouping needs from the ordered pass. */
export interface OrderRequest {
  sums: CellSums;
  /** 0-based ranks to read per cell, ascending (e.g. median and its bounds); cells not listed get none. */
  ranks: Map<number, number[]>;
  reference: number | null;
}

export interface OrderResult {
  /** Per cell, the value at each requested rank. */
  atRank: Map<number, Map<number, number>>;
  /** Per cell: Mann–Whitney U against the reference cell (pairs greater plus half the ties). */
  u: Float64Array;
  /** Per cell: Σ(t³ − t) over the tie blocks of the pooled sample of cell and reference. */
  tieSum: Float64Array;
}

/**
 * One pass over the decisions in value order for all groupings at once. Within a block
 * of equal values the decisions are first counted per finest cell; each grouping then
 * adds those few counts up into its own cells, picks the order statistics whose ranks
 * fall into the block and accumulates the Mann–Whitney statistic against its reference
 * cell. O(N) plus O(blocks × groupings × cells touched).
 */
export function orderPass(ordered: Ordered, requests: readonly OrderRequest[]): OrderResult[] {
  const { values, codes } = ordered;
  const blockFull = new Float64Array(FULL_CELLS);
  const touchedFull: number[] = [];
  const states = requests.map((r) => {
    const cells = r.sums.n.length;
    const ranks: (number[] | undefined)[] = new Array(cells);
    const found: (Map<number, number> | undefined)[] = new Array(cells);
    for (const [cell, wanted] of r.ranks) {
      ranks[cell] = wanted;
      found[cell] = new Map();
    }
    return {
      fromFull: r.sums.fromFull,
      reference: r.reference,
      cells,
      seen: new Float64Array(cells),
      block: new Float64Array(cells),
      touched: [] as number[],
      ranks,
      next: new Int32Array(cells),
      found,
      u: new Float64Array(cells),
      tieCorrection: new Float64Array(cells),
      referenceBelow: 0,
      referenceTies: 0,
    };
  });
  for (let i = 0; i < values.length; ) {
    const v = values[i]!;
    let j = i;
    while (j < values.length && values[j] === v) {
      const c = codes[j]!;
      if (blockFull[c] === 0) touchedFull.push(c);
      blockFull[c]!++;
      j++;
    }
    for (const st of states) {
      const map = st.fromFull;
      const block = st.block;
      const touched = st.touched;
      for (let t = 0; t < touchedFull.length; t++) {
        const c = touchedFull[t]!;
        const g = map[c]!;
        if (block[g] === 0) touched.push(g);
        block[g]! += blockFull[c]!;
      }
      const ref = st.reference;
      const refInBlock = ref === null ? 0 : block[ref]!;
      const refTie = refInBlock * refInBlock * refInBlock - refInBlock;
      for (let t = 0; t < touched.length; t++) {
        const g = touched[t]!;
        const inBlock = block[g]!;
        const wanted = st.ranks[g];
        if (wanted) {
          const end = st.seen[g]! + inBlock;
          let next = st.next[g]!;
          while (next < wanted.length && wanted[next]! < end) st.found[g]!.set(wanted[next++]!, v);
          st.next[g] = next;
        }
        st.seen[g]! += inBlock;
        if (g !== ref) {
          st.u[g]! += inBlock * (st.referenceBelow + refInBlock / 2);
          const pooled = inBlock + refInBlock;
          st.tieCorrection[g]! += pooled * pooled * pooled - pooled - refTie;
        }
        block[g] = 0;
      }
      touched.length = 0;
      st.referenceTies += refTie;
      st.referenceBelow += refInBlock;
    }
    for (const c of touchedFull) blockFull[c] = 0;
    touchedFull.length = 0;
    i = j;
  }
  return states.map((st) => {
    const tieSum = new Float64Array(st.cells);
    for (let c = 0; c < st.cells; c++) tieSum[c] = st.referenceTies + st.tieCorrection[c]!;
    const atRank = new Map<number, Map<number, number>>();
    st.found.forEach((m, cell) => {
      if (m) atRank.set(cell, m);
    });
    return { atRank, u: st.u, tieSum };
  });
}
