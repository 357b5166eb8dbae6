import type { LearningUnit, LiteracyPurpose } from './model.ts';
import { systemGrenzen } from './units/01-system-grenzen.ts';
import { traceLesen } from './units/02-trace-lesen.ts';
import { uebersteuern } from './units/03-uebersteuern.ts';
import { biasFairness } from './units/04-bias-fairness.ts';
import { datenschutz } from './units/05-datenschutz.ts';
import { kiVoGrundlagen } from './units/06-ki-vo-grundlagen.ts';
import { entwurfsassistent } from './units/07-entwurfsassistent.ts';

export const LEARNING_UNITS: readonly LearningUnit[] = [
  systemGrenzen,
  traceLesen,
  uebersteuern,
  biasFairness,
  datenschutz,
  kiVoGrundlagen,
  entwurfsassistent,
];

/** Which units a purpose requires. Approvers and overseers take all; caseworkers the basics. */
export const REQUIRED_UNITS: Record<LiteracyPurpose, readonly string[]> = {
  'approve-ai-drafts': ['system-grenzen', 'trace-lesen', 'uebersteuern', 'bias-fairness', 'datenschutz', 'ki-vo-grundlagen', 'entwurfsassistent'],
  'oversee-ai-system': ['system-grenzen', 'trace-lesen', 'uebersteuern', 'bias-fairness', 'datenschutz', 'ki-vo-grundlagen', 'entwurfsassistent'],
  caseworker: ['system-grenzen', 'trace-lesen', 'uebersteuern', 'datenschutz'],
};

/** A passed unit counts for this many months; then it must be repeated. */
export const COMPLETION_VALIDITY_MONTHS = 24;

export function findUnit(id: string, units: readonly LearningUnit[] = LEARNING_UNITS): LearningUnit | undefined {
  return units.find((u) => u.id === id);
}

/** The unit without the correct answers and explanations, for showing the quiz before it is answered. */
export function unitForLearner(unit: LearningUnit): Omit<LearningUnit, 'quiz'> & { quiz: { id: string; prompt: string; multiple: boolean; options: { id: string; text: string }[] }[] } {
  return {
    ...unit,
    quiz: unit.quiz.map((q) => ({ id: q.id, prompt: q.prompt, multiple: q.correct.length > 1, options: q.options })),
  };
}
