import { AmtsklarError, contentHash, type Problem } from '../common/index.ts';
import { holds, witnesses } from './conditions.ts';
import type { IsoDate } from './dates.ts';
import type { ObligationDue, ObligationOwner, RiskClass, Ruleset } from './ruleset.ts';

export type Answers = Record<string, string | string[]>;

export interface ClassificationInput {
  systemId: string;
  /** The register entry version and the hash of its material content the assessment is about. */
  entryVersion: number;
  entryMaterialHash: string;
  answers: Answers;
  /** Free-text reasoning per question; required where the chosen option asks for it. */
  reasoning?: Record<string, string>;
  legalVersion?: string;
  assessor: string;
  assessedAt: string;
}

export interface Reason {
  /** The question or derivation that led here. */
  source: string;
  text: string;
  basis: string[];
}

export interface ObligationApplicability {
  id: string;
  title: string;
  description: string;
  basis: string[];
  /** First day it applies under the chosen legal version; null: no fixed date (already binding). */
  appliesFrom: IsoDate | null;
  dateBasis: string;
  /** Whether it is legally applicable on the assessment day. */
  applicableOnAssessment: boolean;
  owner: ObligationOwner;
  due: ObligationDue;
  blocksActivation: boolean;
  waivable: boolean;
  check?: string;
  evidenceExpected: string[];
  module: string;
  /** Labels that made the obligation apply. */
  because: string[];
}

export interface Block {
  id: string;
  message: string;
  basis: string[];
}

export type Role = 'provider' | 'deployer';

export interface AiSystemDecision {
  decision: 'ai-system' | 'not-ai-system' | 'unsure-treated-as-ai-system';
  option: string;
  optionLabel: string;
  reasoning: string | null;
  basis: string[];
}

export interface Classification {
  systemId: string;
  entryVersion: number;
  entryMaterialHash: string;
  rulesetVersion: string;
  questionSetVersion: string;
  legalVersion: string;
  assessor: string;
  assessedAt: string;
  answers: Answers;
  reasoning: Record<string, string>;
  aiSystem: AiSystemDecision;
  riskClass: RiskClass;
  riskClassLabel: string;
  roles: Role[];
  annexIII: string[];
  labels: string[];
  reasons: Reason[];
  obligations: ObligationApplicability[];
  blocks: Block[];
  openPoints: string[];
  /** `sha256:` over everything above; the ledger records it. */
  hash: string;
}

const MIN_REASONING = 15;

/**
 * Classifies one system from the answers to the question graph. Deterministic: the same
 * answers under the same rule and legal version give the same result and hash. Invalid or
 * incomplete answers are refused with every problem named.
 */
export function classify(rules: Ruleset, input: ClassificationInput): Classification {
  const problems: Problem[] = [];
  const legalVersion = input.legalVersion ?? rules.defaultLegalVersion;
  if (!rules.legalVersions.some((v) => v.id === legalVersion)) {
    problems.push({ path: '$.legalVersion', message: `Unbekannte Rechtsfassung „${legalVersion}“.` });
  }
  const reasoning = input.reasoning ?? {};
  const labels = new Set<string>(rules.implicitLabels);
  const reasons: Reason[] = [];
  const asked = new Set<string>();

  for (const q of rules.questions) {
    const path = `$.answers.${q.id}`;
    if (q.showIf && !holds(q.showIf, labels)) continue;
    asked.add(q.id);
    const raw = input.answers[q.id];
    if (raw === undefined || (Array.isArray(raw) && raw.length === 0) || raw === '') {
      problems.push({ path, message: `Antwort fehlt: ${q.prompt}` });
      continue;
    }
    const values = Array.isArray(raw) ? raw : [raw];
    if (q.kind === 'single' && (Array.isArray(raw) || values.length !== 1)) {
      problems.push({ path, message: 'Genau eine Antwort erwartet.' });
      continue;
    }
    if (new Set(values).size !== values.length) {
      problems.push({ path, message: 'Eine Antwort ist doppelt angegeben.' });
      continue;
    }
    const chosen = values.map((v) => q.options.find((o) => o.value === v));
    const unknown = values.filter((_, i) => chosen[i] === undefined);
    if (unknown.length > 0) {
      problems.push({ path, message: `Unbekannte Antwort ${unknown.map((u) => `„${u}“`).join(', ')}; möglich: ${q.options.map((o) => o.value).join(', ')}.` });
      continue;
    }
    const exclusive = values.filter((v) => q.exclusive?.includes(v));
    if (exclusive.length > 0 && values.length > 1) {
      problems.push({ path, message: `„${exclusive[0]}“ schließt andere Antworten aus.` });
      continue;
    }
    for (const option of chosen) {
      if (!option) continue;
      if (option.requiresReasoning && (reasoning[q.id] ?? '').trim().length < MIN_REASONING) {
        problems.push({ path: `$.reasoning.${q.id}`, message: `Diese Antwort muss begründet werden (mindestens ${MIN_REASONING} Zeichen): „${option.label}“.` });
      }
      for (const l of option.adds) labels.add(l);
      reasons.push({
        source: q.id,
        text: `${q.prompt} → ${option.label}${reasoning[q.id] ? ` (Begründung: ${reasoning[q.id]!.trim()})` : ''}`,
        basis: option.basis,
      });
    }
  }
  for (const id of Object.keys(input.answers)) {
    if (!asked.has(id)) {
      const known = rules.questions.some((q) => q.id === id);
      problems.push({ path: `$.answers.${id}`, message: known ? 'Diese Frage stellt sich nach den übrigen Antworten nicht; Antwort entfernen.' : 'Unbekannte Frage.' });
    }
  }
  if (problems.length > 0) throw new AmtsklarError('invalid_input', 'Die Klassifizierung ist unvollständig oder fehlerhaft.', problems);

  // Derivations may build on each other (in-scope → high-risk → fria-required); apply until nothing changes.
  const fired = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const d of rules.derivations) {
      if (fired.has(d.id) || !holds(d.if, labels)) continue;
      fired.add(d.id);
      changed = true;
      for (const l of d.adds) labels.add(l);
      reasons.push({ source: d.id, text: d.reason, basis: d.basis });
    }
  }

  const classRule = rules.classes.find((c) => holds(c.if, labels))!;
  const blocks = rules.blocks.filter((b) => holds(b.if, labels)).map((b) => ({ id: b.id, message: b.message, basis: b.basis }));
  const day = input.assessedAt.slice(0, 10);
  const obligations = rules.obligations
    .filter((o) => holds(o.appliesIf, labels))
    .map((o): ObligationApplicability => {
      const appliesFrom = '*' in o.appliesFrom ? (o.appliesFrom['*'] ?? null) : (o.appliesFrom[legalVersion] ?? null);
      return {
        id: o.id,
        title: o.title,
        description: o.description,
        basis: o.basis,
        appliesFrom,
        dateBasis: o.dateBasis,
        applicableOnAssessment: appliesFrom === null || appliesFrom <= day,
        owner: o.owner,
        due: o.due,
        blocksActivation: o.blocksActivation,
        waivable: o.waivable,
        ...(o.check ? { check: o.check } : {}),
        evidenceExpected: o.evidence,
        module: o.module,
        because: [...new Set(witnesses(o.appliesIf, labels))],
      };
    });

  const s1 = rules.questions.find((q) => q.id === 'S1');
  const s1Option = s1?.options.find((o) => o.value === input.answers.S1);
  const aiSystem: AiSystemDecision = {
    decision: labels.has('scope-unsure') ? 'unsure-treated-as-ai-system' : labels.has('ai-system') ? 'ai-system' : 'not-ai-system',
    option: String(input.answers.S1 ?? ''),
    optionLabel: s1Option?.label ?? '',
    reasoning: reasoning.S1?.trim() || null,
    basis: s1Option?.basis ?? [],
  };
  const openPoints: string[] = [];
  if (labels.has('scope-unsure')) {
    openPoints.push(`Ob es sich um ein KI-System handelt, ist nicht geklärt; es wird bis zur Klärung wie ein KI-System behandelt. Offene Frage: ${aiSystem.reasoning ?? ''}`);
  }
  const h1 = input.answers.H1;
  const annexIII = asked.has('H1') && Array.isArray(h1) ? h1.filter((v) => v !== 'none') : [];

  const body = {
    systemId: input.systemId,
    entryVersion: input.entryVersion,
    entryMaterialHash: input.entryMaterialHash,
    rulesetVersion: rules.rulesetVersion,
    questionSetVersion: rules.questionSetVersion,
    legalVersion,
    assessor: input.assessor,
    assessedAt: input.assessedAt,
    answers: input.answers,
    reasoning,
    aiSystem,
    riskClass: classRule.id,
    riskClassLabel: classRule.label,
    roles: (['provider', 'deployer'] as const).filter((r) => labels.has(r)),
    annexIII,
    labels: [...labels].sort(),
    reasons,
    obligations,
    blocks,
    openPoints,
  };
  return { ...body, hash: contentHash(body) };
}

/** A classification holds only for the entry content it assessed; after a material change it must be redone. */
export function isClassificationCurrent(c: Classification, entry: { id: string; materialHash: string }): boolean {
  return c.systemId === entry.id && c.entryMaterialHash === entry.materialHash;
}
