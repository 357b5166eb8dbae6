import { AmtsklarError, contentHash, type Problem } from '../../common/index.ts';
import { addMonths, dayOf, germanDate, type IsoDate } from '../dates.ts';
import { COMPLETION_VALIDITY_MONTHS, LEARNING_UNITS, REQUIRED_UNITS, findUnit } from './catalogue.ts';
import type { LearningUnit, LiteracyPurpose } from './model.ts';

/** One attempt at a unit's quiz, kept per person with date and content version. */
export interface CompletionRecord {
  personId: string;
  unitId: string;
  unitVersion: string;
  /** `sha256:` of the unit's content, so the record proves which text was learned. */
  contentHash: string;
  completedAt: string;
  correct: number;
  total: number;
  passed: boolean;
}

export interface QuizFeedback {
  questionId: string;
  correct: boolean;
  correctOptions: string[];
  explanation: string;
}

export interface QuizResult {
  record: CompletionRecord;
  feedback: QuizFeedback[];
}

export function unitContentHash(unit: LearningUnit): string {
  return contentHash(unit);
}

/**
 * Scores an attempt. Answers map question id → chosen option ids. A question counts as
 * correct only when exactly the correct options are chosen. Passing: correct / total ≥ passPercent
 * (compared in integers, no rounding).
 */
export function scoreQuiz(unit: LearningUnit, answers: Record<string, string[]>, personId: string, at: string): QuizResult {
  const problems: Problem[] = [];
  if (!personId.trim()) problems.push({ path: '$.personId', message: 'Person fehlt.' });
  for (const id of Object.keys(answers)) {
    if (!unit.quiz.some((q) => q.id === id)) problems.push({ path: `$.answers.${id}`, message: 'Diese Frage gibt es in der Lerneinheit nicht.' });
  }
  for (const q of unit.quiz) {
    const chosen = answers[q.id];
    if (!Array.isArray(chosen) || chosen.length === 0) {
      problems.push({ path: `$.answers.${q.id}`, message: `Frage nicht beantwortet: ${q.prompt}` });
      continue;
    }
    for (const c of chosen) {
      if (!q.options.some((o) => o.id === c)) problems.push({ path: `$.answers.${q.id}`, message: `Antwort „${c}“ gibt es nicht.` });
    }
  }
  if (problems.length > 0) throw new AmtsklarError('invalid_input', 'Das Quiz ist nicht vollständig beantwortet.', problems);

  const feedback = unit.quiz.map((q): QuizFeedback => {
    const chosen = new Set(answers[q.id]);
    const correct = chosen.size === q.correct.length && q.correct.every((c) => chosen.has(c));
    return { questionId: q.id, correct, correctOptions: q.correct, explanation: q.explanation };
  });
  const correct = feedback.filter((f) => f.correct).length;
  const total = unit.quiz.length;
  return {
    record: {
      personId,
      unitId: unit.id,
      unitVersion: unit.version,
      contentHash: unitContentHash(unit),
      completedAt: at,
      correct,
      total,
      passed: correct * 100 >= unit.passPercent * total,
    },
    feedback,
  };
}

export interface UnitStatus {
  unitId: string;
  title: string;
  valid: boolean;
  validUntil?: IsoDate;
  /** German reason when not valid. */
  reason?: string;
}

export interface LiteracyStatus {
  personId: string;
  purpose: LiteracyPurpose;
  ok: boolean;
  units: UnitStatus[];
  /** German, one line per missing unit. */
  reasons: string[];
}

function major(version: string): string {
  return version.split('.')[0] ?? version;
}

/**
 * Whether a person holds valid completions for every unit the purpose requires on a day:
 * passed, of the unit's current major version, not in the future, and not older than the
 * validity period.
 */
export function literacyStatus(
  personId: string,
  completions: readonly CompletionRecord[],
  purpose: LiteracyPurpose,
  at: string,
  units: readonly LearningUnit[] = LEARNING_UNITS,
): LiteracyStatus {
  const day = dayOf(at);
  const statuses = REQUIRED_UNITS[purpose].map((unitId): UnitStatus => {
    const unit = findUnit(unitId, units);
    if (!unit) return { unitId, title: unitId, valid: false, reason: `Lerneinheit „${unitId}“ ist nicht verfügbar.` };
    const mine = completions.filter((c) => c.personId === personId && c.unitId === unitId && dayOf(c.completedAt) <= day);
    const passed = mine.filter((c) => c.passed);
    const current = passed.filter((c) => major(c.unitVersion) === major(unit.version));
    const fresh = current
      .map((c) => ({ c, until: addMonths(dayOf(c.completedAt), COMPLETION_VALIDITY_MONTHS) }))
      .filter((x) => x.until >= day)
      .sort((a, b) => (a.until < b.until ? 1 : -1));
    if (fresh[0]) return { unitId, title: unit.title, valid: true, validUntil: fresh[0].until };
    let reason: string;
    if (mine.length === 0) reason = `„${unit.title}“ ist nicht abgeschlossen.`;
    else if (passed.length === 0) reason = `„${unit.title}“ ist nicht bestanden.`;
    else if (current.length === 0) reason = `„${unit.title}“ wurde in einer älteren Fassung abgeschlossen; die Fassung ${unit.version} muss neu bearbeitet werden.`;
    else {
      const latest = current.map((c) => dayOf(c.completedAt)).sort().at(-1)!;
      reason = `„${unit.title}“ liegt länger als ${COMPLETION_VALIDITY_MONTHS} Monate zurück (gültig bis ${germanDate(addMonths(latest, COMPLETION_VALIDITY_MONTHS))}).`;
    }
    return { unitId, title: unit.title, valid: false, reason };
  });
  const reasons = statuses.filter((s) => !s.valid).map((s) => s.reason!);
  return { personId, purpose, ok: reasons.length === 0, units: statuses, reasons };
}

export interface LiteracyPerson {
  id: string;
  name?: string;
  completions: readonly CompletionRecord[];
}

/**
 * The approval gate for AI-assisted drafts reads this: only a person with valid literacy
 * records for all required units may approve a draft the language model helped write
 * (Art. 4, Art. 26(2) KI-VO).
 */
export function mayApproveAiAssistedDrafts(person: LiteracyPerson, at: string): { allowed: boolean; reasons: string[]; status: LiteracyStatus } {
  const status = literacyStatus(person.id, person.completions, 'approve-ai-drafts', at);
  const who = person.name ?? person.id;
  return {
    allowed: status.ok,
    reasons: status.ok ? [] : [`${who} darf KI-unterstützte Entwürfe noch nicht freigeben:`, ...status.reasons],
    status,
  };
}
