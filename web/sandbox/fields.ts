/** The synthetic application as editable leaves (`$.a.b[0].c` → value), and back. */
export type Leaf = { path: string; value: string; kind: 'number' | 'string' | 'boolean' };

export function leaves(v: unknown, path = '$'): Leaf[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, `${path}.${k}`));
  if (typeof v === 'number') return [{ path, value: String(v), kind: 'number' }];
  if (typeof v === 'boolean') return [{ path, value: String(v), kind: 'boolean' }];
  if (typeof v === 'string') return [{ path, value: v, kind: 'string' }];
  return [];
}

function steps(path: string): (string | number)[] {
  return [...path.slice(1).matchAll(/\.([a-z0-9_]+)|\[(\d+)\]/gi)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

/** A copy of `base` with the leaves set (numbers stay numbers where they were). */
export function withLeaves(base: unknown, ls: Leaf[]): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  for (const l of ls) {
    const s = steps(l.path);
    let cur = copy as Record<string | number, unknown>;
    for (const k of s.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
    const v = l.kind === 'number' ? (l.value.trim() === '' || Number.isNaN(Number(l.value.replace(',', '.'))) ? l.value : Number(l.value.replace(',', '.'))) : l.kind === 'boolean' ? l.value === 'true' : l.value;
    cur[s.at(-1)!] = v;
  }
  return copy;
}

/** Leaves a what-if can move: numbers and decimal strings. */
export const numeric = (l: Leaf) => l.kind === 'number' || /^-?\d+(\.\d+)?$/.test(l.value);

export const fieldId = (path: string) => `uebung-${path.replace(/[$.[\]]+/g, '-').replace(/^-|-$/g, '')}`;
