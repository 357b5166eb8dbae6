import type { FormInput, PublicPack } from '../shared/api-views.ts';
import { parseAmount, parseNumber } from '../shared/format.ts';
import { question } from '../citizen/packform/PackFields.tsx';
import { scopesOf } from '../citizen/packform/Summary.tsx';
import { defAt } from '../citizen/packform/usePackForm.ts';

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

export const fieldId = (path: string) => `uebung-${path.replace(/[$.[\]]+/g, '-').replace(/^-|-$/g, '')}`;

/** A leaf with the pack's field for it: the question as the citizen form asks it, and its type. */
export interface SandboxField extends Leaf {
  def: FormInput;
  label: string;
}

/**
 * The leaves a person may change, labelled with the pack's questions ({#} and {field} filled
 * as in the citizen form). Members are named „Person 1“ … by their place in the household, not
 * by their technical key („p1“); the key itself is free text and is not offered for change.
 * Decimals are shown with a comma.
 */
export function packFields(pack: PublicPack, application: Record<string, unknown>, ls: Leaf[]): SandboxField[] {
  const shown = withPersonNames(application) as Record<string, unknown>;
  const out: SandboxField[] = [];
  for (const l of ls) {
    const def = defAt(pack, l.path);
    if (!def || (def.type === 'string' && !def.enum && !def.pattern)) continue;
    const value = (def.type === 'money' || def.type === 'number') && /^-?\d+\.\d+$/.test(l.value) ? l.value.replace('.', ',') : l.value;
    out.push({ ...l, value, def, label: question(def.question, scopesOf(shown, l.path), 'de') });
  }
  return out;
}

function withPersonNames(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x, i) => (x && typeof x === 'object' && !Array.isArray(x) && 'id' in x ? { ...(withPersonNames(x) as object), id: `Person ${i + 1}` } : withPersonNames(x)));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withPersonNames(x)]));
  return v;
}

/** What the server receives for a field: German decimals („1.234,50“) as the pack's decimal text; anything else as typed, for the server to name. */
export function sendable(f: SandboxField): Leaf {
  const parsed = f.def.type === 'money' ? parseAmount(f.value) : f.def.type === 'number' ? parseNumber(f.value) : null;
  return { path: f.path, kind: f.kind, value: parsed ?? f.value };
}

/** Fields a what-if can move: amounts and numbers that are not a choice. */
export const movable = (f: SandboxField) => (f.def.type === 'money' || f.def.type === 'integer' || f.def.type === 'number') && !f.def.enum;
