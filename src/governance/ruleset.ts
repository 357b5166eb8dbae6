import { AmtsklarError, type Problem } from '../common/index.ts';
import { labelsIn, type Condition } from './conditions.ts';
import { isIsoDate, type IsoDate } from './dates.ts';
import legalVersionsJson from './rules/legal-versions.json' with { type: 'json' };
import questionsJson from './rules/questions.json' with { type: 'json' };
import derivationsJson from './rules/derivations.json' with { type: 'json' };
import obligationsJson from './rules/obligations.json' with { type: 'json' };

/**
 * The classification rules as versioned data (src/governance/rules/*.json): the question
 * graph, the derivations from answer labels to classes and hard blocks, and the obligation
 * catalogue with the legal basis and the date from which each obligation applies under each
 * legal version of the AI Act. This file only reads and checks that data.
 */

export type LegalVersionId = string;

export interface LegalVersion {
  id: LegalVersionId;
  title: string;
  inForceFrom: IsoDate;
  source: string;
  caveat?: string;
}

export type Step = 'scope' | 'role' | 'prohibited' | 'high-risk' | 'transparency' | 'decisions' | 'context';

export interface QuestionOption {
  value: string;
  label: string;
  adds: string[];
  basis: string[];
  requiresReasoning?: boolean;
}

export interface Question {
  id: string;
  step: Step;
  kind: 'single' | 'multi';
  prompt: string;
  hint?: string;
  showIf?: Condition;
  exclusive?: string[];
  options: QuestionOption[];
}

export interface Derivation {
  id: string;
  if: Condition;
  adds: string[];
  reason: string;
  basis: string[];
}

export type RiskClass = 'prohibited' | 'excluded' | 'not_ai_system' | 'high_risk' | 'limited_risk' | 'minimal_risk';
export const RISK_CLASSES: readonly RiskClass[] = ['prohibited', 'excluded', 'not_ai_system', 'high_risk', 'limited_risk', 'minimal_risk'];

export interface ClassRule {
  id: RiskClass;
  if: Condition;
  label: string;
  /** The value of `risk_category` in the Eurocities standard v0.3.1. */
  eurocities: 'minimal risk' | 'limited risk' | 'high risk' | 'unacceptable';
  /** Plain-language explanation for the public transparency page. */
  explanation: string;
}

export interface BlockRule {
  id: string;
  if: Condition;
  message: string;
  basis: string[];
}

export type ObligationOwner = 'provider' | 'deployer' | 'municipality';
export type ObligationDue = 'before-activation' | 'ongoing' | 'periodic';

export interface ObligationRule {
  id: string;
  title: string;
  description: string;
  basis: string[];
  appliesIf: Condition;
  /** Per legal version the first day the obligation applies; `*` for norms outside the AI Act; null: no fixed date. */
  appliesFrom: Record<string, IsoDate | null>;
  dateBasis: string;
  owner: ObligationOwner;
  due: ObligationDue;
  blocksActivation: boolean;
  /** May a named person record it as not applicable (with reasons)? */
  waivable: boolean;
  /** Name of the automatic check that decides whether the obligation is met. */
  check?: string;
  evidence: string[];
  module: string;
}

export interface Ruleset {
  rulesetVersion: string;
  rulesetDate: IsoDate;
  questionSetVersion: string;
  defaultLegalVersion: LegalVersionId;
  legalVersions: LegalVersion[];
  implicitLabels: string[];
  questions: Question[];
  derivations: Derivation[];
  classes: ClassRule[];
  blocks: BlockRule[];
  obligations: ObligationRule[];
}

interface RawRules {
  legalVersions: unknown;
  questions: unknown;
  derivations: unknown;
  obligations: unknown;
}

const STEPS: readonly Step[] = ['scope', 'role', 'prohibited', 'high-risk', 'transparency', 'decisions', 'context'];
const OWNERS: readonly ObligationOwner[] = ['provider', 'deployer', 'municipality'];
const DUES: readonly ObligationDue[] = ['before-activation', 'ongoing', 'periodic'];
const EUROCITIES = ['minimal risk', 'limited risk', 'high risk', 'unacceptable'];

/** Reads and checks rule data; every problem names the file and JSON path. */
export function parseRuleset(raw: RawRules, knownChecks: readonly string[]): Ruleset {
  const problems: Problem[] = [];
  const p = (file: string, path: string, message: string) => problems.push({ path: `rules/${file}:${path}`, message });

  const lv = obj(raw.legalVersions);
  const qs = obj(raw.questions);
  const dv = obj(raw.derivations);
  const ob = obj(raw.obligations);

  const legalVersions = arr(lv.legalVersions).map((v, i) => {
    const o = obj(v);
    const at = `$.legalVersions[${i}]`;
    if (!str(o.id)) p('legal-versions.json', `${at}.id`, 'Kennung fehlt.');
    if (!str(o.title)) p('legal-versions.json', `${at}.title`, 'Titel fehlt.');
    if (!isIsoDate(o.inForceFrom)) p('legal-versions.json', `${at}.inForceFrom`, 'Datum JJJJ-MM-TT erwartet.');
    if (!str(o.source)) p('legal-versions.json', `${at}.source`, 'Quelle fehlt.');
    return o as unknown as LegalVersion;
  });
  const versionIds = legalVersions.map((v) => v.id);
  if (!versionIds.includes(String(lv.defaultLegalVersion))) p('legal-versions.json', '$.defaultLegalVersion', 'Keine der genannten Rechtsfassungen.');
  if (!/^\d+\.\d+\.\d+$/.test(String(lv.rulesetVersion))) p('legal-versions.json', '$.rulesetVersion', 'Versionsnummer x.y.z erwartet.');
  if (!isIsoDate(lv.rulesetDate)) p('legal-versions.json', '$.rulesetDate', 'Datum JJJJ-MM-TT erwartet.');

  const questions = arr(qs.questions).map((q, i) => checkQuestion(obj(q), `$.questions[${i}]`, (path, m) => p('questions.json', path, m)));
  unique(questions.map((q) => q.id), (id) => p('questions.json', '$.questions', `Frage ${id} doppelt.`));

  const implicitLabels = arr(dv.implicitLabels).map(String);
  const derivations = arr(dv.derivations) as Derivation[];
  const classes = arr(dv.classes) as ClassRule[];
  const blocks = arr(dv.blocks) as BlockRule[];
  derivations.forEach((d, i) => {
    if (!str(d.id) || !str(d.reason) || !Array.isArray(d.adds) || !Array.isArray(d.basis)) p('derivations.json', `$.derivations[${i}]`, 'id, if, adds, reason und basis erwartet.');
  });
  classes.forEach((c, i) => {
    if (!RISK_CLASSES.includes(c.id)) p('derivations.json', `$.classes[${i}].id`, `Unbekannte Klasse „${String(c.id)}“.`);
    if (!EUROCITIES.includes(c.eurocities)) p('derivations.json', `$.classes[${i}].eurocities`, 'Wert der Eurocities-Risikokategorie erwartet.');
    if (!str(c.label) || !str(c.explanation)) p('derivations.json', `$.classes[${i}]`, 'label und explanation erwartet.');
  });
  const last = classes[classes.length - 1];
  if (!last || !('all' in last.if) || last.if.all.length !== 0) p('derivations.json', '$.classes', 'Die letzte Klasse muss immer zutreffen ({"all": []}).');
  blocks.forEach((b, i) => {
    if (!str(b.id) || !str(b.message) || !Array.isArray(b.basis)) p('derivations.json', `$.blocks[${i}]`, 'id, if, message und basis erwartet.');
  });

  const obligations = arr(ob.obligations).map((o, i) => checkObligation(obj(o), `$.obligations[${i}]`, versionIds, knownChecks, (path, m) => p('obligations.json', path, m)));
  unique(obligations.map((o) => o.id), (id) => p('obligations.json', '$.obligations', `Pflicht ${id} doppelt.`));

  // A condition that mentions a label no answer or derivation can add is a typo that would silently never fire.
  const producible = new Set<string>([
    ...implicitLabels,
    ...questions.flatMap((q) => q.options.flatMap((o) => o.adds)),
    ...derivations.flatMap((d) => d.adds),
  ]);
  const checkLabels = (file: string, path: string, c: Condition | undefined) => {
    if (c === undefined) return;
    for (const l of labelsIn(c)) if (!producible.has(l)) p(file, path, `Label „${l}“ wird von keiner Antwort und keiner Ableitung gesetzt.`);
  };
  questions.forEach((q, i) => checkLabels('questions.json', `$.questions[${i}].showIf`, q.showIf));
  derivations.forEach((d, i) => checkLabels('derivations.json', `$.derivations[${i}].if`, d.if));
  classes.forEach((c, i) => checkLabels('derivations.json', `$.classes[${i}].if`, c.if));
  blocks.forEach((b, i) => checkLabels('derivations.json', `$.blocks[${i}].if`, b.if));
  obligations.forEach((o, i) => checkLabels('obligations.json', `$.obligations[${i}].appliesIf`, o.appliesIf));

  if (problems.length > 0) throw new AmtsklarError('invalid_input', 'Die Klassifizierungsregeln sind fehlerhaft.', problems);
  return {
    rulesetVersion: String(lv.rulesetVersion),
    rulesetDate: String(lv.rulesetDate),
    questionSetVersion: String(qs.questionSetVersion),
    defaultLegalVersion: String(lv.defaultLegalVersion),
    legalVersions,
    implicitLabels,
    questions,
    derivations,
    classes,
    blocks,
    obligations,
  };
}

function checkQuestion(q: Record<string, unknown>, at: string, p: (path: string, m: string) => void): Question {
  if (!str(q.id)) p(`${at}.id`, 'Kennung fehlt.');
  if (!STEPS.includes(q.step as Step)) p(`${at}.step`, `Schritt ${STEPS.join(', ')} erwartet.`);
  if (q.kind !== 'single' && q.kind !== 'multi') p(`${at}.kind`, '„single“ oder „multi“ erwartet.');
  if (!str(q.prompt)) p(`${at}.prompt`, 'Frage fehlt.');
  const options = arr(q.options).map((o) => obj(o) as unknown as QuestionOption);
  if (options.length < 2) p(`${at}.options`, 'Mindestens zwei Antwortmöglichkeiten erwartet.');
  options.forEach((o, j) => {
    if (!str(o.value) || !str(o.label)) p(`${at}.options[${j}]`, 'value und label erwartet.');
    if (!Array.isArray(o.adds) || !Array.isArray(o.basis)) p(`${at}.options[${j}]`, 'adds und basis müssen Listen sein.');
  });
  unique(options.map((o) => o.value), (v) => p(`${at}.options`, `Antwort ${v} doppelt.`));
  for (const e of arr(q.exclusive)) if (!options.some((o) => o.value === e)) p(`${at}.exclusive`, `Antwort ${String(e)} gibt es nicht.`);
  return q as unknown as Question;
}

function checkObligation(
  o: Record<string, unknown>,
  at: string,
  versionIds: string[],
  knownChecks: readonly string[],
  p: (path: string, m: string) => void,
): ObligationRule {
  for (const f of ['id', 'title', 'description', 'dateBasis', 'module']) if (!str(o[f])) p(`${at}.${f}`, 'Angabe fehlt.');
  if (!Array.isArray(o.basis) || o.basis.length === 0) p(`${at}.basis`, 'Jede Pflicht braucht ihre Rechtsgrundlage.');
  if (!Array.isArray(o.evidence) || o.evidence.length === 0) p(`${at}.evidence`, 'Erwartete Nachweise fehlen.');
  if (!OWNERS.includes(o.owner as ObligationOwner)) p(`${at}.owner`, `Einer von ${OWNERS.join(', ')} erwartet.`);
  if (!DUES.includes(o.due as ObligationDue)) p(`${at}.due`, `Einer von ${DUES.join(', ')} erwartet.`);
  if (typeof o.blocksActivation !== 'boolean') p(`${at}.blocksActivation`, 'true oder false erwartet.');
  if (typeof o.waivable !== 'boolean') p(`${at}.waivable`, 'true oder false erwartet.');
  if (o.check !== undefined && !knownChecks.includes(String(o.check))) p(`${at}.check`, `Unbekannte Prüfung „${String(o.check)}“.`);
  const from = obj(o.appliesFrom);
  const keys = Object.keys(from);
  const everyVersion = versionIds.every((v) => keys.includes(v)) && keys.every((k) => versionIds.includes(k));
  if (!(keys.length === 1 && keys[0] === '*') && !everyVersion) {
    p(`${at}.appliesFrom`, `Ein Datum je Rechtsfassung (${versionIds.join(', ')}) oder „*“ für Normen außerhalb der KI-VO erwartet.`);
  }
  for (const k of keys) if (from[k] !== null && !isIsoDate(from[k])) p(`${at}.appliesFrom.${k}`, 'Datum JJJJ-MM-TT oder null erwartet.');
  return o as unknown as ObligationRule;
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}
function unique(values: string[], onDuplicate: (v: string) => void): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) onDuplicate(v);
    seen.add(v);
  }
}

export const RAW_RULES: RawRules = {
  legalVersions: legalVersionsJson,
  questions: questionsJson,
  derivations: derivationsJson,
  obligations: obligationsJson,
};
