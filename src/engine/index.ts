/**
 * The rule engine ("Expertinnen-KI"): rule packs as data, FEEL expressions with exact
 * decimals, dated law, three outcomes (decided / missing_inputs / needs_human), traces,
 * explanations for three audiences, what-if, receipts and replay, pack checks.
 *
 * Pure: no I/O. The caller reads a pack's files (see src/pack-files) and passes their text.
 */
import { AmtsklarError } from '../common/index.ts';
import { checkPack as checkPackDef, influence, type CheckReport } from './check/check.ts';
import { compilePack, ruleDependencies, type CompiledPack } from './evaluate/compile.ts';
import { decide as decideCompiled, invalidApplication, type DecideOptions, type Decision } from './evaluate/decide.ts';
import { isUnknown } from './feel/values.ts';
import { inputJsonSchema } from './evaluate/schema.ts';
import { convertInput, undeclaredFields } from './evaluate/inputs.ts';
import { Evaluation, resolveAsOf } from './evaluate/evaluation.ts';
import { explain as explainDecision, renderExplanation, type Audience, type Explanation } from './explain/explain.ts';
import { loadPack, packContentHash, type PackFiles } from './pack/load.ts';
import type { ChecklistItem, PackDef } from './pack/model.ts';
import { replay as replayRecord, type ReplayResult } from './replay/replay.ts';
import { whatIf as whatIfCompiled, type WhatIfQuery, type WhatIfResult } from './whatif/whatif.ts';

export { Decimal, dec, isDecimal, DECIMAL_LIBRARY } from './decimal.ts';
export { ENGINE_NAME, ENGINE_VERSION } from './version.ts';
export { formatGerman } from './evaluate/template.ts';
export { SENSITIVE_CATEGORIES, categoryOfName } from './check/sensitive.ts';
export { parsePath, getAt, setAt } from './whatif/whatif.ts';
export { ERASED_REASON, eraseWrittenReasons, isErasedReason, resultHash } from './evaluate/decide.ts';
export { sameValue } from './check/check.ts';
export type { Decision, DecideOptions, Outcome, Receipt } from './evaluate/decide.ts';
export type { HumanDecision, Override, TraceStep, ReachedDiscretion } from './evaluate/evaluation.ts';
export type { Audience, Explanation, ExplanationLine } from './explain/explain.ts';
export type { WhatIfQuery, WhatIfResult, WhatIfBoundary } from './whatif/whatif.ts';
export type { ReplayResult, ReplayDifference } from './replay/replay.ts';
export type { CheckReport, Finding } from './check/check.ts';
export type { PackDef, InputDef, RuleDef, ParameterDef, ChecklistItem, SensitiveAttribute, PackTestCase } from './pack/model.ts';
export type { PackFiles } from './pack/load.ts';
export type { MissingInput } from './feel/values.ts';

/** A loaded and compiled rule pack, ready to decide. */
export interface Pack {
  readonly id: string;
  readonly aliases: readonly string[];
  readonly release: string;
  readonly title: string;
  readonly description: string;
  /** `sha256:` of the canonical content of the sources that determine results. */
  readonly hash: string;
  readonly def: PackDef;
  readonly compiled: CompiledPack;
  /** JSON Schema (2020-12) of an application, generated from inputs.yaml. */
  readonly inputSchema: Record<string, unknown>;
  readonly checklist: readonly ChecklistItem[];
  /** Whether any rule can hand the decision to a person (gate for fully automated decisions). */
  readonly hasDiscretionPoints: boolean;
  readonly outputs: readonly string[];
  readonly retention?: { months: number; norm: string };
}

export function buildPack(files: PackFiles): Pack {
  const def = loadPack(files);
  const compiled = compilePack(def);
  return {
    id: def.id,
    aliases: def.aliases,
    release: def.release,
    title: def.title,
    description: def.description,
    hash: def.hash,
    def,
    compiled,
    inputSchema: inputJsonSchema(def),
    checklist: def.checklist,
    hasDiscretionPoints: compiled.hasDiscretionPoints,
    outputs: def.outputs,
    ...(def.retention ? { retention: def.retention } : {}),
  };
}

export { packContentHash };

export function decide(pack: Pack, input: unknown, options?: DecideOptions): Decision {
  return decideCompiled(pack.compiled, input, options);
}

export function explain(pack: Pack, decision: Decision, audience: Audience): Explanation {
  return explainDecision(pack.def, decision, audience);
}

export function explainText(pack: Pack, decision: Decision, audience: Audience): string {
  return renderExplanation(explainDecision(pack.def, decision, audience));
}

export function whatIf(pack: Pack, input: unknown, query: WhatIfQuery): WhatIfResult {
  return whatIfCompiled(pack.compiled, input, query);
}

export function replay(pack: Pack, record: unknown, input?: unknown): ReplayResult {
  return replayRecord(pack.compiled, record, input);
}

/** Loads, compiles and checks a pack's sources; a load or compile error becomes a finding. */
export function checkPack(files: PackFiles): CheckReport {
  let def: PackDef;
  try {
    def = loadPack(files);
  } catch (e) {
    if (!(e instanceof AmtsklarError)) throw e;
    // the pack could not be read, so its other checks cannot run; name it as far as pack.yaml says
    const head = files.get('pack.yaml') ?? '';
    const findings: CheckReport['findings'] = e.problems.length
      ? e.problems.map((p) => ({ severity: 'error', check: 'compile', where: p.path, message: p.message }))
      : [{ severity: 'error', check: 'compile', where: 'pack.yaml', message: e.message }];
    findings.push({ severity: 'warning', check: 'compile', where: 'pack.yaml', message: 'Das Regelwerk ließ sich nicht laden; weitere Prüfungen und die Testfälle laufen erst, wenn dieser Fehler behoben ist.' });
    return {
      pack: /^id:\s*["']?([^"'\s#]+)/m.exec(head)?.[1] ?? '(unbekanntes Regelwerk)',
      release: /^release:\s*["']?([^"'\s#]+)/m.exec(head)?.[1] ?? '(ohne Release)',
      findings,
      tests: [],
      ok: false,
    };
  }
  return checkPackDef(def);
}

/**
 * Evidence (Nachweise) the application needs, from the pack's checklist: items whose
 * condition holds for the given application (unknown conditions count as needed).
 */
/** Throws AmtsklarError('invalid_input') naming every field of the application the pack does not declare. */
export function refuseUndeclaredInputs(pack: Pack, input: unknown): void {
  const problems = undeclaredFields(pack.def.inputs, input);
  if (problems.length > 0) throw invalidApplication(problems);
}

export function requiredEvidence(pack: Pack, input: unknown): ChecklistItem[] {
  const { values, problems } = convertInput(pack.def.inputs, input);
  if (problems.length > 0) return [...pack.checklist];
  const asOfValue = values.get(pack.def.asOfInput);
  const asOf = asOfValue && !isUnknown(asOfValue) ? String(asOfValue) : pack.def.coverage.validFrom;
  const ev = new Evaluation(pack.compiled, asOf, resolveAsOf(pack.compiled, asOf), values, { trace: false, discretion: {}, overrides: {} });
  return pack.compiled.checklist
    .filter((c) => {
      if (!c.when) return true;
      const v = c.when.evaluate(ev.context);
      return v === true || isUnknown(v);
    })
    .map((c) => c.def);
}

/**
 * Whether the application needs any evidence at all (`requiredEvidence(...).length > 0`). A pack
 * with an item that every application needs (the signed form) answers without evaluating a
 * condition: the submission asks this of every application it checks.
 */
export function needsEvidence(pack: Pack, input: unknown): boolean {
  return pack.compiled.checklist.some((c) => !c.when) || requiredEvidence(pack, input).length > 0;
}

/**
 * Which outputs each input can influence (static, from the dependency graph) — the basis of
 * the fairness checks on sensitive attributes. Keys are input paths (`list[].field`).
 */
export function dependencies(pack: Pack): Map<string, Set<string>> {
  return influence(pack.compiled);
}

/** Raw rule dependency graph (nodes `rule:…`, `entity:…`, `input:…`, `parameter:…`). */
export function ruleGraph(pack: Pack): Map<string, Set<string>> {
  return ruleDependencies(pack.compiled);
}

export { dmnToPackFiles, type DmnToPackOptions } from './pack/from-dmn.ts';
export { parseDmn, evaluateDecision } from './dmn/index.ts';

/** The options of every discretion point of a pack with their labels, by point (for letters that name the choice). */
export function discretionOptionLabels(pack: Pack): Record<string, { id: string; label: string }[]> {
  return Object.fromEntries(
    pack.def.rules.flatMap((r) => r.versions.filter((v) => v.discretion).map((v) => [r.id, v.discretion!.options.map((o) => ({ id: o.id, label: o.label }))] as const)),
  );
}
