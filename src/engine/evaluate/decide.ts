/**
 * `decide`: one application in, one decision out, in the format of the contract
 * (../shared/contracts/README.md): outcome `decided` | `missing_inputs` | `needs_human`,
 * values, reasons, missing inputs with questions, discretion points, trace, receipt.
 *
 * The receipt binds input, human decisions, pack content and result by hash, so that
 * `replay` can show years later that the same law on the same facts gives the same result.
 */
import { AmtsklarError, contentHash } from '../../common/index.ts';
import { DECIMAL_LIBRARY, Decimal, isDecimal } from '../decimal.ts';
import { feelToJson } from '../feel/index.ts';
import { isUnknown, Unknown, type FeelValue, type MissingInput } from '../feel/values.ts';
import type { ValueType } from '../pack/model.ts';
import { ENGINE_NAME, ENGINE_VERSION } from '../version.ts';
import type { CompiledPack } from './compile.ts';
import { Evaluation, resolveAsOf, type HumanDecision, type Override, type ReachedDiscretion, type TraceStep } from './evaluation.ts';
import { disambiguateItems } from './entity-items.ts';
import { convertInput } from './inputs.ts';
import { fillTemplate } from './template.ts';

export type Outcome = 'decided' | 'missing_inputs' | 'needs_human';

export interface DecideOptions {
  /** Record the trace (default true). Without it evaluation is several times faster. */
  trace?: boolean;
  /** Decisions of named people on discretion points, by point id. */
  discretion?: Record<string, HumanDecision>;
  /** Computed values a caseworker replaced, with reason, by rule id. */
  overrides?: Record<string, Override>;
  /** Embed the request (input and human decisions) for replay (default true). */
  embedRequest?: boolean;
}

export interface Receipt {
  inputHash: string;
  humanHash?: string;
  resultHash: string;
  packHash: string;
  asOf: string | null;
  engineVersion: string;
  decimalLibrary: string;
}

export interface Decision {
  pack: string;
  packVersion: string;
  packHash: string;
  asOf: string | null;
  aktenzeichen?: string;
  outcome: Outcome;
  values: Record<string, unknown>;
  reasons: { norm: string; text: string }[];
  missing: MissingInput[];
  discretion: ReachedDiscretion[];
  /** `reasonHash` only in a decision whose written reasons were erased (`eraseWrittenReasons`). */
  overrides?: { rule: string; computed: unknown; value: unknown; by: string; reason: string; reasonHash?: string }[];
  humanDecisions?: { point: string; option: string; by: string; reason: string; reasonHash?: string; at?: string }[];
  trace?: TraceStep[];
  receipt: Receipt;
  request?: { input: unknown; discretion?: Record<string, HumanDecision>; overrides?: Record<string, Override> };
}

const NONE: Record<string, never> = Object.freeze({}) as Record<string, never>;

export function decide(cp: CompiledPack, input: unknown, options: DecideOptions = {}): Decision {
  const { values: inputs, problems } = convertInput(cp.def.inputs, input);
  if (problems.length > 0) throw invalidApplication(problems);
  if (cp.def.entities.length > 0) disambiguateItems(cp.def.entities, inputs);
  const discretion = options.discretion ?? (NONE as Record<string, HumanDecision>);
  const overrides = options.overrides ?? (NONE as Record<string, Override>);
  checkHumanInputs(cp, discretion, overrides);

  const asOfValue = inputs.get(cp.def.asOfInput)!;
  const aktenzeichenValue = cp.def.aktenzeichenInput ? inputs.get(cp.def.aktenzeichenInput) : undefined;
  const aktenzeichen = typeof aktenzeichenValue === 'string' ? aktenzeichenValue : undefined;
  const base = { pack: cp.def.id, packVersion: cp.def.release, packHash: cp.def.hash };
  const request: NonNullable<Decision['request']> = { input };
  if (options.discretion && Object.keys(discretion).length) request.discretion = discretion;
  if (options.overrides && Object.keys(overrides).length) request.overrides = overrides;

  if (isUnknown(asOfValue)) {
    const missing = [...Unknown.merge(asOfValue, ...missingWithoutAsOf(cp, inputs, discretion, overrides)).missing];
    return seal(cp, { ...base, asOf: null, ...(aktenzeichen !== undefined ? { aktenzeichen } : {}), outcome: 'missing_inputs', values: {}, reasons: [], missing, discretion: [] }, request, options);
  }
  const asOf = feelToJson(asOfValue) as string;
  const { validFrom, validTo } = cp.def.coverage;
  if (asOf < validFrom || (validTo !== null && asOf > validTo)) {
    const path = `$.${cp.def.asOfInput}`;
    const message = cp.def.coverageMessage ?? `Das Regelwerk ${cp.def.id} gilt für Stichtage ab ${validFrom}${validTo ? ` bis ${validTo}` : ''}; ${asOf} liegt außerhalb`;
    throw new AmtsklarError('invalid_input', `Ungültige Eingabe bei ${path}: ${message}`, [{ path, message }]);
  }

  const ev = new Evaluation(cp, asOf, resolveAsOf(cp, asOf), inputs, { trace: options.trace ?? true, discretion, overrides });
  if (cp.invalidWhen.length > 0) refuseInvalid(cp, ev);
  const plan = outputPlan(cp);
  // Decisive outputs first: whether they are known decides the outcome; the others are
  // reported when they can be computed.
  const computed: unknown[] = new Array(plan.length);
  const unknowns: Unknown[] = [];
  for (const i of plan.order) {
    const o = plan.outputs[i]!;
    const v = ev.value(o.name);
    if (isUnknown(v)) {
      if (o.decisive) unknowns.push(v);
    } else computed[i] = formatValue(v, o.type, o.name);
  }
  const reasons: { norm: string; text: string }[] = [];
  if (unknowns.length === 0) {
    for (const r of cp.reasons) {
      if (r.when.evaluate(ev.context) === true) reasons.push({ norm: r.def.norm, text: fillTemplate(r.text, (n) => ev.context.lookup(n)) });
    }
  }
  const sortedValues: Record<string, unknown> = {};
  for (let i = 0; i < plan.length; i++) if (computed[i] !== undefined) sortedValues[plan.outputs[i]!.name] = computed[i];
  const missing = unknowns.length ? [...Unknown.merge(...unknowns).missing] : [];
  const outcome: Outcome = missing.length > 0 ? 'missing_inputs' : ev.reached.length > 0 ? 'needs_human' : 'decided';
  const humanDecisions =
    ev.appliedDecisions.size === 0
      ? []
      : Object.entries(discretion)
          .filter(([point]) => ev.appliedDecisions.has(point))
          .map(([point, d]) => ({ point, option: d.option, by: d.by, reason: d.reason, ...(d.at ? { at: d.at } : {}) }));
  // Built by assignment rather than spreads: this runs once per decision and V8 copies
  // spread objects slowly; the key order is the same as in the contract's examples.
  const decision: Omit<Decision, 'receipt'> = { pack: base.pack, packVersion: base.packVersion, packHash: base.packHash, asOf } as Omit<Decision, 'receipt'>;
  if (aktenzeichen !== undefined) decision.aktenzeichen = aktenzeichen;
  decision.outcome = outcome;
  decision.values = sortedValues;
  decision.reasons = reasons;
  decision.missing = missing;
  decision.discretion = ev.reached;
  if (ev.appliedOverrides.length) decision.overrides = ev.appliedOverrides;
  if (humanDecisions.length) decision.humanDecisions = humanDecisions;
  if (options.trace !== false) decision.trace = ev.steps;
  return seal(cp, decision, request, options);
}

/**
 * Without a Stichtag no law can be chosen, so nothing is decided; but the applicant should learn
 * everything else that is missing in the same letter. The decisive outputs are evaluated under the
 * law of the pack's first covered day — only to see which inputs they need; no value is kept.
 */
function missingWithoutAsOf(cp: CompiledPack, inputs: Map<string, FeelValue>, discretion: Record<string, HumanDecision>, overrides: Record<string, Override>): Unknown[] {
  const probe = cp.def.coverage.validFrom;
  const ev = new Evaluation(cp, probe, resolveAsOf(cp, probe), inputs, { trace: false, discretion, overrides });
  const found: Unknown[] = [];
  for (const name of cp.def.decisive) {
    try {
      const v = ev.value(name);
      if (isUnknown(v)) found.push(v);
    } catch {
      // a rule without a version for the probe day says nothing about missing inputs
    }
  }
  return found;
}

/**
 * The pack's own checks of applications the law cannot apply to (a Gemeindeschlüssel of no
 * municipality): all of them, so one answer names every such field. An unknown condition (a fact
 * still missing) refuses nothing.
 */
function refuseInvalid(cp: CompiledPack, ev: Evaluation): void {
  const problems: { path: string; message: string }[] = [];
  for (const v of cp.invalidWhen) if (v.when.evaluate(ev.context) === true) problems.push({ path: v.def.path, message: `${fillTemplate(v.message, (n) => ev.context.lookup(n))} (${v.def.norm})` });
  if (problems.length > 0) throw invalidApplication(problems);
}

/** The application is refused; the message names the first field, the problems all of them. */
export function invalidApplication(problems: { path: string; message: string }[]): AmtsklarError {
  const first = problems[0]!;
  return new AmtsklarError(
    'invalid_input',
    problems.length === 1 ? `Ungültige Eingabe bei ${first.path}: ${first.message}` : `Ungültige Eingabe (${problems.length} Fehler), zuerst bei ${first.path}: ${first.message}`,
    problems,
  );
}

interface OutputPlan {
  outputs: { name: string; type: ValueType; decisive: boolean }[];
  /** Indexes into `outputs`, decisive first. */
  order: number[];
  length: number;
}

const plans = new WeakMap<CompiledPack, OutputPlan>();

function outputPlan(cp: CompiledPack): OutputPlan {
  let plan = plans.get(cp);
  if (!plan) {
    const outputs = cp.def.outputs.map((name) => ({ name, type: cp.rules.get(name)?.def.type ?? ('any' as ValueType), decisive: cp.def.decisive.includes(name) }));
    const order = [...outputs.keys()].sort((a, b) => Number(outputs[b]!.decisive) - Number(outputs[a]!.decisive));
    plan = { outputs, order, length: outputs.length };
    plans.set(cp, plan);
  }
  return plan;
}

function seal(cp: CompiledPack, d: Omit<Decision, 'receipt'>, request: Decision['request'] & object, options: DecideOptions): Decision {
  const receipt = { inputHash: contentHash(request.input ?? null) } as Receipt;
  if (request.discretion || request.overrides) receipt.humanHash = contentHash({ discretion: request.discretion ?? {}, overrides: request.overrides ?? {} });
  receipt.resultHash = resultHash(d);
  receipt.packHash = cp.def.hash;
  receipt.asOf = d.asOf;
  receipt.engineVersion = ENGINE_ID;
  receipt.decimalLibrary = DECIMAL_LIBRARY;
  const sealed = d as Decision;
  sealed.receipt = receipt;
  if (options.embedRequest !== false) sealed.request = request;
  return sealed;
}

const ENGINE_ID = `${ENGINE_NAME}/${ENGINE_VERSION}`;

/**
 * Hash of everything a decision says, without its trace (same with and without tracing).
 * A reason a person wrote (for a discretion decision or an override) enters it as that text's
 * SHA-256, so that erasing the case's personal data can remove the free text and keep the hash
 * (`eraseWrittenReasons`): the sealed decision still verifies.
 */
export function resultHash(d: Pick<Decision, 'pack' | 'packHash' | 'asOf' | 'outcome' | 'values' | 'reasons' | 'missing' | 'discretion' | 'overrides' | 'humanDecisions'>): string {
  return contentHash({
    pack: d.pack,
    packHash: d.packHash,
    asOf: d.asOf,
    outcome: d.outcome,
    values: d.values,
    reasons: d.reasons,
    missing: d.missing,
    discretion: d.discretion,
    overrides: sealedReasons(d.overrides),
    humanDecisions: sealedReasons(d.humanDecisions),
  });
}

/** What an erased written reason reads; its hash stays beside it as `reasonHash`. */
export const ERASED_REASON = '[gelöscht]';

interface WrittenReason {
  reason: string;
  reasonHash?: string;
}

/** The same digest as the ledger's `reasonHash` of the discretion decision or override. */
const reasonDigest = (reason: unknown) => contentHash(reason ?? null);

/**
 * Entries with their reason replaced by its hash. A `reasonHash` counts only beside the erased
 * text: next to a written reason it is ignored, so it cannot vouch for a changed one.
 */
function sealedReasons(entries: readonly WrittenReason[] | undefined): unknown[] {
  if (!entries || entries.length === 0) return [];
  return entries.map((e) => {
    const { reason, reasonHash, ...rest } = e;
    return { ...rest, reasonHash: isErasedReason(e) ? reasonHash : reasonDigest(reason) };
  });
}

/**
 * The decision with every written reason erased (Art. 17 GDPR, end of retention): the text
 * becomes ERASED_REASON, its hash is kept, and `resultHash` stays the same. Free text may name a
 * person's circumstances; everything else in a sealed decision is the pack's own wording and values.
 * The trace and the embedded request, which are not sealed, repeat the reasons: the caller drops them.
 */
export function eraseWrittenReasons<D extends Pick<Decision, 'overrides' | 'humanDecisions'>>(d: D): D {
  const erase = <T extends WrittenReason>(entries: T[] | undefined): T[] | undefined =>
    entries?.map((e) => (isErasedReason(e) ? e : { ...e, reason: ERASED_REASON, reasonHash: reasonDigest(e.reason) }));
  const out = { ...d };
  if (d.overrides) out.overrides = erase(d.overrides);
  if (d.humanDecisions) out.humanDecisions = erase(d.humanDecisions);
  return out;
}

/** Whether an entry's written reason was erased: it holds only the hash of the reason. */
export function isErasedReason(e: { reason: unknown; reasonHash?: unknown }): boolean {
  return e.reason === ERASED_REASON && typeof e.reasonHash === 'string';
}

function checkHumanInputs(cp: CompiledPack, discretion: Record<string, HumanDecision>, overrides: Record<string, Override>): void {
  if (discretion === NONE && overrides === NONE) return;
  for (const [point, d] of Object.entries(discretion)) {
    const rule = cp.rules.get(point);
    if (!rule || !rule.versions.some((v) => v.discretion)) {
      throw new AmtsklarError('invalid_input', `Ermessensentscheidung „${point}“: kein Ermessenspunkt dieses Regelwerks`, [{ path: `$.discretion.${point}`, message: 'unbekannter Ermessenspunkt' }]);
    }
    if (!d || typeof d.option !== 'string' || d.option === '') {
      throw new AmtsklarError('invalid_input', `Ermessensentscheidung „${point}“: die gewählte Option fehlt`, [{ path: `$.discretion.${point}.option`, message: 'Option fehlt' }]);
    }
    if (typeof d.by !== 'string' || d.by.trim() === '' || typeof d.reason !== 'string' || d.reason.trim() === '') {
      throw new AmtsklarError('invalid_input', `Ermessensentscheidung „${point}“: Name der entscheidenden Person und schriftliche Begründung sind Pflicht`, [
        { path: `$.discretion.${point}`, message: 'by und reason sind Pflicht' },
      ]);
    }
  }
  for (const [rule, o] of Object.entries(overrides)) {
    if (!cp.rules.has(rule)) throw new AmtsklarError('invalid_input', `Überschreibung „${rule}“: keine Regel dieses Regelwerks`, [{ path: `$.overrides.${rule}`, message: 'unbekannte Regel' }]);
    if (!o || typeof o.by !== 'string' || o.by.trim() === '' || typeof o.reason !== 'string' || o.reason.trim() === '') {
      throw new AmtsklarError('invalid_input', `Überschreibung „${rule}“ nur mit Name und Begründung`, [{ path: `$.overrides.${rule}`, message: 'by und reason sind Pflicht' }]);
    }
  }
}

/**
 * Money: at least two decimals ("445.40"), all further decimals kept (M and Y are not rounded
 * by law); whole euros: a number; other numbers: their shortest exact decimal text.
 */
export function formatValue(v: FeelValue, type: ValueType, name: string): unknown {
  if (isDecimal(v)) {
    switch (type) {
      case 'money': {
        // Amounts like M and Y are not rounded by law; beyond the ten decimals of the
        // fixed-point formula (Anlage 3 WoGG) digits carry no meaning and are cut off.
        const cut = v.decimalPlaces() > 10 ? v.toDecimalPlaces(10, Decimal.ROUND_DOWN) : v;
        const places = cut.decimalPlaces();
        if (!cut.isFinite()) return cut.toFixed(2);
        // All places, padded to two: no rounding needed, so no toFixed(n), which copies and rounds.
        const text = cut.toFixed();
        return places >= 2 ? text : text + (places === 1 ? '0' : '.00');
      }
      case 'euro':
      case 'integer':
        if (!v.isInteger()) throw new AmtsklarError('invalid_pack', `Ausgabe „${name}“ soll ganzzahlig sein, ist aber ${v.toString()} – fehlt eine Rundung?`);
        return v.toNumber();
      default:
        return v.toFixed();
    }
  }
  if ((type === 'money' || type === 'euro' || type === 'number' || type === 'integer') && v === null) {
    throw new AmtsklarError('invalid_pack', `Ausgabe „${name}“ ergab keinen Wert (null) – Regelwerksfehler`);
  }
  return feelToJson(v);
}
