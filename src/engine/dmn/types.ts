/**
 * DMN type references and item definitions: conformance and coercion (DMN 1.5 §7.3.2, §10.3.2.9.4).
 * A value that does not conform to the declared type becomes null; a singleton list is unwrapped
 * for a non-collection type and a single value wrapped for a collection type.
 */
import {
  compileUnaryTests,
  conformsOrNull,
  FeelSyntaxError,
  isBuiltinTypeName,
  normalizeTypeName,
  Unknown,
  type CompiledUnaryTests,
  type EvalContext,
  type FeelValue,
} from '../feel/index.ts';
import type { DmnModel, ItemDefinition } from './model.ts';

const NO_CTX: EvalContext = { lookup: () => undefined };

type Checker = (v: FeelValue) => boolean;

/** Resolves type references of one model (and, through import names, of the models it imports). */
export class TypeRegistry {
  private readonly checkers = new Map<string, Checker | null>();
  private readonly plainCheckers = new Map<string, Checker | null>();
  private readonly collections = new Map<string, boolean>();
  private readonly tests = new Map<string, CompiledUnaryTests | null>();

  constructor(private readonly model: DmnModel) {}

  private definition(name: string): { def: ItemDefinition; model: DmnModel } | null {
    const own = this.model.itemDefinitions.find((d) => d.name === name);
    if (own) return { def: own, model: this.model };
    const dot = name.indexOf('.');
    if (dot > 0) {
      const imp = this.model.imports.find((i) => i.name === name.slice(0, dot));
      const m = imp && this.model.importedModels.get(imp.namespace);
      const def = m?.itemDefinitions.find((d) => d.name === name.slice(dot + 1));
      if (m && def) return { def, model: m };
    }
    return null;
  }

  private allowed(text: string): CompiledUnaryTests | null {
    let t = this.tests.get(text);
    if (t === undefined) {
      try {
        t = compileUnaryTests(text);
      } catch (e) {
        if (!(e instanceof FeelSyntaxError)) throw e;
        t = null;
      }
      this.tests.set(text, t);
    }
    return t;
  }

  /** Whether the named type is a collection (list) type. */
  isCollection(typeRef: string | undefined): boolean {
    if (!typeRef) return false;
    const name = normalizeTypeName(typeRef);
    let c = this.collections.get(name);
    if (c === undefined) {
      const d = this.definition(name);
      c = d ? d.def.isCollection || (d.def.components.length === 0 && !!d.def.typeRef && new TypeRegistry(d.model).isCollection(d.def.typeRef)) : false;
      this.collections.set(name, c);
    }
    return c;
  }

  /**
   * For FEEL `instance of` and typed parameters: the check of a named item definition, or null
   * for names that are no type. `instance of` asks for the type, not its allowed values
   * (`256 instance of t255` is true for `t255` = number in [0..255], TCK 0070).
   */
  readonly resolve = (name: string): ((v: FeelValue) => boolean) | null => {
    const n = normalizeTypeName(name);
    if (!this.definition(n)) return null;
    const c = this.checker(n, false);
    return c ? (v) => v !== null && c(v) : () => true;
  };

  /** A conformance check for a type reference; null when the type is unknown (then anything goes). */
  checker(typeRef: string | undefined, constraints = true): Checker | null {
    if (!typeRef) return null;
    const name = normalizeTypeName(typeRef);
    const cache = constraints ? this.checkers : this.plainCheckers;
    if (cache.has(name)) return cache.get(name)!;
    let c: Checker | null;
    if (isBuiltinTypeName(name)) {
      const t = { t: 'named' as const, name };
      c = name === 'Any' ? null : (v) => conformsOrNull(v, t);
    } else {
      const d = this.definition(name);
      c = d ? new TypeRegistry(d.model).itemChecker(d.def, constraints) : null;
    }
    cache.set(name, c);
    return c;
  }

  private itemChecker(def: ItemDefinition, constraints: boolean): Checker | null {
    let base: Checker | null = null;
    if (def.components.length > 0) {
      const comps = def.components.map((c) => ({ name: c.name, check: this.itemChecker(c, constraints) }));
      // every component must be present (its value may be null); further entries are allowed
      base = (v) => v instanceof Map && comps.every((c) => v.has(c.name) && (!c.check || c.check(v.get(c.name)!)));
    } else if (def.functionItem) {
      base = (v) => typeof v === 'object' && v !== null && (v as { kind?: string }).kind === 'function';
    } else if (def.typeRef) {
      base = this.checker(def.typeRef, constraints);
    }
    const allowed = constraints && def.allowedValues ? this.allowed(def.allowedValues) : null;
    const one: Checker | null =
      base || allowed ? (v) => v === null || ((!base || base(v)) && (!allowed || allowed.test(v, NO_CTX) === true)) : null;
    if (!def.isCollection) return one;
    return (v) => v === null || (Array.isArray(v) && (!one || (v as readonly FeelValue[]).every((e) => one(e))));
  }

  /** DMN type coercion of a value to a declared type reference. */
  coerce(v: FeelValue, typeRef: string | undefined): FeelValue {
    if (v === null || v instanceof Unknown || !typeRef) return v;
    const check = this.checker(typeRef);
    if (!check || check(v)) return v;
    const coll = this.isCollection(typeRef);
    if (!coll && Array.isArray(v) && v.length === 1 && check(v[0] as FeelValue)) return v[0] as FeelValue;
    if (coll && !Array.isArray(v) && check([v])) return [v];
    return null;
  }
}
