import { ATTRIBUTE_DOMAINS, SENSITIVE_ATTRIBUTES, type SensitiveAttribute } from './model.ts';

/**
 * The finest cross-classification of all attributes: one cell per combination of answer
 * codes (0 = "keine Angabe"), mixed radix with the first attribute fastest. A few hundred
 * cells; every grouping of the report is a sum over them.
 */
export const FULL_RADICES = SENSITIVE_ATTRIBUTES.map((a) => ATTRIBUTE_DOMAINS[a].values.length + 1);
export const FULL_STRIDES = stridesOf(FULL_RADICES);
export const FULL_CELLS = FULL_RADICES.reduce((p, r) => p * r, 1);

/** Survey answers are packed 3 bits per attribute, in SENSITIVE_ATTRIBUTES order. */
export const PACK_BITS = 3;

/** Cell of the finest cross-classification for every packed answer set. */
export const PACKED_TO_CELL: Uint16Array = (() => {
  const table = new Uint16Array(1 << (PACK_BITS * SENSITIVE_ATTRIBUTES.length));
  for (let packed = 0; packed < table.length; packed++) {
    let cell = 0;
    for (let a = 0; a < SENSITIVE_ATTRIBUTES.length; a++) {
      const code = (packed >> (a * PACK_BITS)) & ((1 << PACK_BITS) - 1);
      cell += Math.min(code, FULL_RADICES[a]! - 1) * FULL_STRIDES[a]!;
    }
    table[packed] = cell;
  }
  return table;
})();

/** The answer code of one attribute in a cell. */
export function codeInCell(cell: number, attribute: SensitiveAttribute): number {
  const a = SENSITIVE_ATTRIBUTES.indexOf(attribute);
  return Math.floor(cell / FULL_STRIDES[a]!) % FULL_RADICES[a]!;
}

export function stridesOf(radices: readonly number[]): number[] {
  const strides: number[] = [];
  let s = 1;
  for (const r of radices) {
    strides.push(s);
    s *= r;
  }
  return strides;
}
