/**
 * How FEEL built-in functions are declared: DMN 1.5 parameter names (for named arguments),
 * optional parameters, variadic list forms, and the Unknown rule — a built-in that needs the
 * values of its arguments returns the merged Unknown of all unknown arguments (and of unknown
 * list elements), unless it is `structural` and only moves elements around.
 */
import { Unknown, type EvalContext, type FeelFunction, type FeelValue } from '../values.ts';

export interface BuiltinSpec {
  name: string;
  /** Accepted parameter lists; a trailing `?` marks an optional parameter. */
  signatures: readonly (readonly string[])[];
  /** `min(1, 2, 3)` as well as `min([1, 2, 3])`: positional arguments beyond the signature form a list. */
  variadic?: boolean;
  /** Needs no element values of list arguments (count, append, reverse, …). */
  structural?: boolean;
  fn(args: readonly FeelValue[], ctx: EvalContext): FeelValue;
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

  /** Maps named arguments onto the first signature that has all given names; null if none fits. */
  positional(names: readonly string[], values: readonly FeelValue[]): FeelValue[] | null {
    for (const sig of this.sigs) {
      if (!names.every((n) => sig.names.includes(n))) continue;
      const out: FeelValue[] = [];
      let ok = true;
      for (let i = 0; i < sig.names.length; i++) {
        const at = names.indexOf(sig.names[i]!);
        if (at < 0) {
          if (i < sig.required) ok = false;
          break;
        }
        out.push(values[at]!);
      }
      if (ok && out.length === names.length) return out;
    }
    return null;
  }
}

export function unknownOf(args: readonly FeelValue[], structural: boolean): Unknown | null {
  let found: Unknown[] | null = null;
  for (const a of args) {
    if (a instanceof Unknown) (found ??= []).push(a);
    else if (!structural && Array.isArray(a)) {
      for (const e of a as readonly FeelValue[]) if (e instanceof Unknown) (found ??= []).push(e);
    }
  }
  return found ? Unknown.merge(...found) : null;
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
