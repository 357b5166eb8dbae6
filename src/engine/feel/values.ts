/**
 * Runtime values of the FEEL subset and of the rule engine.
 *
 * FEEL type        JS representation
 * -------------    ------------------------------------------------------------
 * null             null
 * number           Decimal (decimal.js clone from ../decimal.ts) — never a JS number
 * string           string
 * boolean          boolean
 * date             FeelDate
 * time             FeelTime
 * date and time    FeelDateTime
 * days and time duration   DaysTimeDuration
 * years and months duration YearsMonthsDuration
 * list             FeelValue[] (readonly by convention)
 * context          FeelContext (a Map with insertion order, as FEEL contexts are ordered)
 * range            FeelRange
 * function         FeelFunction
 * — (engine)       Unknown: a value that cannot be known yet because inputs are missing
 *
 * Unknown is the engine's three-valued extension: reading an input that the applicant did
 * not give yields an Unknown that carries *which* inputs are missing. Every operation that
 * needs the value propagates it, merging the missing sets of all unknown operands, so that
 * evaluation lists every absent input the result depends on, not just the first.
 * Boolean connectives follow Kleene logic: `false and ?` is false, `true or ?` is true.
 * `provided(x)` is the one built-in that inspects an Unknown instead of propagating it.
 */
import type { Decimal } from '../decimal.ts';

export interface MissingInput {
  /** JSON path into the application, e.g. `$.haushaltsmitglieder[1].einkuenfte[0].brutto_monat`. */
  input: string;
  /** German question for the applicant, quotable in a letter. */
  question: string;
  /** Legal reference of the input, e.g. `§ 14 WoGG`. */
  norm?: string;
}

export class Unknown {
  readonly missing: readonly MissingInput[];
  constructor(missing: readonly MissingInput[]) {
    this.missing = missing;
  }
  /** Union of several unknowns, keeping first-seen order and dropping duplicates by path. */
  static merge(...values: Unknown[]): Unknown {
    if (values.length === 1) return values[0]!;
    const seen = new Set<string>();
    const out: MissingInput[] = [];
    for (const v of values) {
      for (const m of v.missing) {
        if (!seen.has(m.input)) {
          seen.add(m.input);
          out.push(m);
        }
      }
    }
    return new Unknown(out);
  }
}

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

export class FeelDate {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {}
  toString(): string {
    const y = this.year < 0 ? `-${String(-this.year).padStart(4, '0')}` : String(this.year).padStart(4, '0');
    return `${y}-${String(this.month).padStart(2, '0')}-${String(this.day).padStart(2, '0')}`;
  }
}

export class FeelTime {
  constructor(
    readonly hour: number,
    readonly minute: number,
    readonly second: Decimal,
    /** Offset in seconds, or null for local time. */
    readonly offsetSeconds: number | null,
    /** IANA zone id, e.g. `Europe/Berlin`, or null. */
    readonly zone: string | null,
  ) {}
}

export class FeelDateTime {
  constructor(
    readonly date: FeelDate,
    readonly time: FeelTime,
  ) {}
}

export class DaysTimeDuration {
  /** Total seconds, may be fractional and negative. */
  constructor(readonly seconds: Decimal) {}
}

export class YearsMonthsDuration {
  /** Total months, an integer, may be negative. */
  constructor(readonly months: number) {}
}

export type FeelContext = Map<string, FeelValue>;

export class FeelRange {
  constructor(
    readonly start: FeelValue,
    readonly startIncluded: boolean,
    readonly end: FeelValue,
    readonly endIncluded: boolean,
  ) {}
}

export interface FeelFunction {
  readonly kind: 'function';
  readonly params: readonly string[];
  /** Called with positional arguments already evaluated. */
  call(args: readonly FeelValue[], ctx: EvalContext): FeelValue;
}

export type FeelValue =
  | null
  | Decimal
  | string
  | boolean
  | FeelDate
  | FeelTime
  | FeelDateTime
  | DaysTimeDuration
  | YearsMonthsDuration
  | readonly FeelValue[]
  | FeelContext
  | FeelRange
  | FeelFunction
  | Unknown;

/** A rounding the evaluator performed, for the trace ("rounding steps included"). */
export interface RoundingStep {
  fn: string;
  from: string;
  to: string;
  scale: number;
}

/** A name of the host, resolved at compile time; what it holds is the host's business. */
export interface HostNameRef {
  readonly name: string;
}

/**
 * What a compiled expression needs at run time. The rule engine implements `lookup` lazily
 * (a pack variable is computed on first use and memoised); the DMN runner implements it over
 * the input data and the decisions of the requirement graph.
 */
export interface EvalContext {
  /** Value of a name in scope; `undefined` if the name is not known at all. */
  lookup(name: string): FeelValue | undefined;
  /**
   * Value of a name the host resolved when the expression was compiled (CompileOptions.hostName);
   * the same answer as `lookup(ref.name)` without looking the name up again on every read.
   */
  lookupRef?(ref: HostNameRef): FeelValue | undefined;
  /** Receives every rounding a built-in performs, when tracing. */
  onRound?: (step: RoundingStep) => void;
  /** Built-ins added by the host (e.g. `tabelle(...)`, `provided(...)`), looked up after FEEL's. */
  readonly functions?: ReadonlyMap<string, FeelFunction>;
  /**
   * The current instant for FEEL's `now()` and `today()`. Without it both give null: a decision
   * must not depend on the wall clock unless the host says so (replays must be reproducible).
   */
  readonly clock?: () => FeelDateTime;
}
