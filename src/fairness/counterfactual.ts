import { canonicalJson } from '../common/index.ts';
import { Rng } from './random.ts';

/**
 * Dynamic counterfactual test of a decision procedure: for every generated case, change
 * one sensitive attribute (or a proxy such as the name) and nothing else, decide again,
 * and report every output that changed although the attribute may not influence it.
 * What an attribute may influence is declared with its legal basis (e.g. the disability
 * allowance of § 17 Nr. 1 WoGG may change the income Y and the amount); everything else
 * must stay identical, to the last digit.
 */
export interface SensitiveFlip<I> {
  /** Name of the attribute or proxy, e.g. `staatsangehoerigkeit`. */
  attribute: string;
  /** A changed copy of the input, or null when the case has nothing to flip. Must not mutate `input`. */
  flip: (input: I, rng: Rng) => I | null;
  /** Outputs the attribute may legitimately change, and why. Absent: it may change nothing. */
  mayInfluence?: { outputs: readonly string[]; legalBasis: string };
}

export type Outputs = Readonly<Record<string, unknown>>;

export interface CounterfactualOptions<I> {
  suite: string;
  /** Cases to test (e.g. generated applications); the first `cases` are used. */
  inputs: Iterable<I>;
  evaluate: (input: I) => Outputs | Promise<Outputs>;
  flips: readonly SensitiveFlip<I>[];
  /** At least 10 000 unless `allowFewer` (for unit tests of the harness itself). */
  cases?: number;
  allowFewer?: boolean;
  seed?: string | number;
  /** Counterexamples kept per attribute. */
  maxExamples?: number;
}

export interface CounterfactualExample<I> {
  caseIndex: number;
  output: string;
  before: unknown;
  after: unknown;
  input: I;
  flipped: I;
}

export interface AttributeResult<I> {
  attribute: string;
  /** Cases where the flip applied. */
  applicable: number;
  /** Cases where any output changed. */
  flips: number;
  /** Cases where only declared outputs changed. */
  allowedChanges: number;
  /** Cases where an output changed that the attribute may not influence. */
  violations: number;
  changedOutputs: Record<string, number>;
  legalBasis: string | null;
  examples: CounterfactualExample<I>[];
}

export interface CounterfactualResult<I> {
  suite: string;
  cases: number;
  /** Cases whose original evaluation failed (skipped, listed so they are not silently lost). */
  errors: { caseIndex: number; message: string }[];
  attributes: AttributeResult<I>[];
  violations: number;
  passed: boolean;
}

export const MIN_COUNTERFACTUAL_CASES = 10_000;
const ERROR_OUTPUT = '$fehler';

export async function runCounterfactual<I>(options: CounterfactualOptions<I>): Promise<CounterfactualResult<I>> {
  const cases = options.cases ?? MIN_COUNTERFACTUAL_CASES;
  if (cases < MIN_COUNTERFACTUAL_CASES && !options.allowFewer) {
    throw new RangeError(`Kontrafaktische Prüfung braucht mindestens ${MIN_COUNTERFACTUAL_CASES} Fälle`);
  }
  const rng = new Rng(`counterfactual/${options.suite}/${String(options.seed ?? 0)}`);
  const maxExamples = options.maxExamples ?? 5;
  const results: AttributeResult<I>[] = options.flips.map((f) => ({
    attribute: f.attribute,
    applicable: 0,
    flips: 0,
    allowedChanges: 0,
    violations: 0,
    changedOutputs: {},
    legalBasis: f.mayInfluence?.legalBasis ?? null,
    examples: [],
  }));
  const errors: CounterfactualResult<I>['errors'] = [];
  let index = 0;
  for (const input of options.inputs) {
    if (index >= cases) break;
    const caseIndex = index++;
    let before: Outputs;
    try {
      before = await options.evaluate(input);
    } catch (e) {
      errors.push({ caseIndex, message: e instanceof Error ? e.message : String(e) });
      continue;
    }
    const beforeCanon = canonicalOutputs(before);
    for (let f = 0; f < options.flips.length; f++) {
      const spec = options.flips[f]!;
      const flipped = spec.flip(input, rng);
      if (flipped === null) continue;
      const result = results[f]!;
      result.applicable++;
      let after: Outputs;
      try {
        after = await options.evaluate(flipped);
      } catch (e) {
        after = { [ERROR_OUTPUT]: e instanceof Error ? e.message : String(e) };
      }
      const afterCanon = canonicalOutputs(after);
      const changed = [...new Set([...beforeCanon.keys(), ...afterCanon.keys()])].filter((k) => beforeCanon.get(k) !== afterCanon.get(k));
      if (changed.length === 0) continue;
      result.flips++;
      const allowed = new Set(spec.mayInfluence?.outputs ?? []);
      const forbidden = changed.filter((k) => !allowed.has(k));
      for (const k of changed) result.changedOutputs[k] = (result.changedOutputs[k] ?? 0) + 1;
      if (forbidden.length === 0) {
        result.allowedChanges++;
        continue;
      }
      result.violations++;
      if (result.examples.length < maxExamples) {
        const output = forbidden[0]!;
        result.examples.push({ caseIndex, output, before: before[output], after: after[output], input, flipped });
      }
    }
  }
  const violations = results.reduce((s, r) => s + r.violations, 0);
  return { suite: options.suite, cases: index, errors, attributes: results, violations, passed: violations === 0 && errors.length === 0 };
}

function canonicalOutputs(outputs: Outputs): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(outputs)) out.set(k, v === undefined ? 'undefined' : canonicalJson(v));
  return out;
}

/** The summary that goes into a fairness report. */
export function summariseCounterfactual<I>(result: CounterfactualResult<I>): {
  suite: string;
  cases: number;
  attributes: { attribute: string; flips: number; violations: number; allowedChanges: number }[];
  violations: number;
} {
  return {
    suite: result.suite,
    cases: result.cases,
    attributes: result.attributes.map((a) => ({ attribute: a.attribute, flips: a.flips, violations: a.violations, allowedChanges: a.allowedChanges })),
    violations: result.violations,
  };
}
