/**
 * How FEEL built-in functions are declared: DMN 1.5 parameter names (for named arguments),
 * optional parameters, variadic list forms, and the Unknown rule — a built-in that needs the
 * values of its arguments returns the merged Unknown of all unknown arguments (and of unknown
 * list elements), unless it is `structural` and only moves elements around.
 */
import DecimalJs from 'decimal.js';
import type { Decimal } from '../../decimal.ts';
import { toInt } from '../numbers.ts';
import { Unknown, type EvalContext, type FeelFunction, type FeelValue } from '../values.ts';

// Hot paths use local aliases: transpiled ESM (tsx, Vitest) reads every imported binding through a getter.
const Unk = Unknown;
const Dec = DecimalJs;

export interface BuiltinSpec {
  name: string;
  /** Accepted parameter lists; a trailing `?` marks an optional parameter. */
  signatures: readonly (readonly string[])[];
  /** `min(1, 2, 3)` as well as `min([1, 2, 3])`: positional arguments beyond the signature form a list. */
  variadic?: boolean;
  /** Needs no element values of list arguments (count, append, reverse, …). */
  structural?: boolean;
  /** `sig` is the index of the signature a call with named arguments matched. */
  fn(args: readonly FeelValue[], ctx: EvalContext, sig?: number): FeelValue;
}

export class Builtin implements FeelFunction {
  readonly kind = 'function' as const;
  readonly params: readonly string[];
  readonly name: string;
  private readonly minArity: number;
  private readonly maxArity: number;
  private readonly sigs: { names: string[]; required: number }[];

  constructor(readonly spec: BuiltinSpec) {
    this.name = spec.name;
    this.sigs = spec.signatures.map((s) => ({
      names: s.map((p) => p.replace(/\?$/, '')),
      required: s.filter((p) => !p.endsWith('?')).length,
    }));
    this.params = this.sigs[0]?.names ?? [];
    this.minArity = Math.min(...this.sigs.map((s) => s.required));
    this.maxArity = spec.variadic ? Infinity : Math.max(...this.sigs.map((s) => s.names.length));
  }

  /** Positional call with Unknown propagation and arity check; the FeelFunction entry point. */
  call(args: readonly FeelValue[], ctx: EvalContext): FeelValue {
    const u = unknownOf(args, this.spec.structural === true);
    if (u) return u;
    if (args.length < this.minArity || args.length > this.maxArity) return null;
    return this.spec.fn(args, ctx);
  }

  /** A call with named arguments (`substring(string: s, start position: 2)`); null if no signature fits. */
  callNamed(names: readonly string[], values: readonly FeelValue[], ctx: EvalContext): FeelValue {
    for (let si = 0; si < this.sigs.length; si++) {
      const sig = this.sigs[si]!;
      if (!names.every((n) => sig.names.includes(n))) continue;
      let last = -1;
      for (let i = 0; i < sig.names.length; i++) if (names.includes(sig.names[i]!)) last = i;
      // a named parameter left out is null (DMN 1.5 §10.3.2.13.2); optional trailing ones are absent
      const args: FeelValue[] = [];
      for (let i = 0; i <= Math.max(last, sig.required - 1); i++) {
        const at = names.indexOf(sig.names[i]!);
        args.push(at < 0 ? null : values[at]!);
      }
      const u = unknownOf(args, this.spec.structural === true);
      return u ?? this.spec.fn(args, ctx, si);
    }
    return null;
  }
}

export function unknownOf(args: readonly FeelValue[], structural: boolean): Unknown | null {
  let found: Unknown[] | null = null;
  for (const a of args) {
    if (a instanceof Unk) (found ??= []).push(a);
    else if (!structural && Array.isArray(a)) {
      for (const e of a as readonly FeelValue[]) if (e instanceof Unk) (found ??= []).push(e);
    }
  }
  return found ? Unk.merge(...found) : null;
}

/** Variadic list form: `f([a, b])` and `f(a, b)` both give `[a, b]`. */
export function listArg(args: readonly FeelValue[]): readonly FeelValue[] | null {
  if (args.length === 1) {
    const a = args[0]!;
    if (Array.isArray(a)) return a as readonly FeelValue[];
    return a === null ? null : [a];
  }
  return args;
}

/** DMN 1.5 §10.3.2.9.4: a singleton list passed where a single value is expected stands for its element. */
export function single(v: FeelValue | undefined): FeelValue | undefined {
  return Array.isArray(v) && v.length === 1 ? (v as readonly FeelValue[])[0] : v;
}

export function argString(v: FeelValue | undefined): string | null {
  const s = single(v);
  return typeof s === 'string' ? s : null;
}

export function argNumber(v: FeelValue | undefined): Decimal | null {
  const s = single(v);
  return s instanceof Dec ? s : null;
}

/** An integer argument (position, length, scale); a fraction is truncated towards zero. */
export function argInt(v: FeelValue | undefined): number | null {
  const d = argNumber(v);
  return d ? toInt(d.isInteger() ? d : d.trunc()) : null;
}

/** A list argument; a single value (not null) stands for the list of that value. */
export function argList(v: FeelValue | undefined): readonly FeelValue[] | null {
  if (Array.isArray(v)) return v as readonly FeelValue[];
  return v === null || v === undefined ? null : [v];
}
