import { describe, expect, it } from 'vitest';
import type { AmtsklarError } from '../../common/index.ts';
import { LEARNING_UNITS, REQUIRED_UNITS, unitForLearner } from './catalogue.ts';
import { literacyStatus, mayApproveAiAssistedDrafts, scoreQuiz, type CompletionRecord } from './quiz.ts';

const correctAnswers = (unitIndex: number) => Object.fromEntries(LEARNING_UNITS[unitIndex]!.quiz.map((q) => [q.id, q.correct]));
const allPassed = (personId: string, at: string): CompletionRecord[] =>
  LEARNING_UNITS.map((u, i) => scoreQuiz(u, correctAnswers(i), personId, at).record);

describe('learning units', () => {
  it('cover what the product asks for, in German, each with a quiz of options, answers and explanations', () => {
    expect(LEARNING_UNITS.map((u) => u.id)).toEqual(['system-grenzen', 'trace-lesen', 'uebersteuern', 'bias-fairness', 'datenschutz', 'ki-vo-grundlagen', 'entwurfsassistent']);
    for (const u of LEARNING_UNITS) {
      expect(u.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(u.sections.length).toBeGreaterThanOrEqual(3);
      expect(u.quiz.length).toBeGreaterThanOrEqual(4);
      expect(u.passPercent).toBeGreaterThan(50);
      for (const q of u.quiz) {
        expect(q.options.length).toBeGreaterThanOrEqual(2);
        expect(q.correct.length).toBeGreaterThan(0);
        for (const c of q.correct) expect(q.options.map((o) => o.id)).toContain(c);
        expect(q.explanation.length).toBeGreaterThan(20);
      }
    }
    for (const ids of Object.values(REQUIRED_UNITS)) for (const id of ids) expect(LEARNING_UNITS.map((u) => u.id)).toContain(id);
  });

  it('shows the quiz to learners without the answers', () => {
    const shown = JSON.stringify(unitForLearner(LEARNING_UNITS[0]!));
    expect(shown).not.toContain('"correct"');
    expect(shown).not.toContain('"explanation"');
  });
});

describe('quiz scoring', () => {
  it('passes with all answers right and gives the explanations', () => {
    const r = scoreQuiz(LEARNING_UNITS[0]!, correctAnswers(0), 'p1', '2026-11-01T10:00:00Z');
    expect(r.record).toMatchObject({ personId: 'p1', unitId: 'system-grenzen', unitVersion: '1.0.0', correct: 4, total: 4, passed: true });
    expect(r.record.contentHash).toMatch(/^sha256:/);
    expect(r.feedback.every((f) => f.correct && f.explanation.length > 0)).toBe(true);
  });

  it('counts a multiple-choice question right only with exactly the correct options', () => {
    const unit = LEARNING_UNITS[0]!;
    const answers = { ...correctAnswers(0), q4: ['a'] };
    const r = scoreQuiz(unit, answers, 'p1', '2026-11-01');
    expect(r.feedback.find((f) => f.questionId === 'q4')!.correct).toBe(false);
    expect(r.record).toMatchObject({ correct: 3, passed: true });
    const worse = scoreQuiz(unit, { ...answers, q1: ['a'] }, 'p1', '2026-11-01');
    expect(worse.record).toMatchObject({ correct: 2, passed: false });
  });

  it('refuses incomplete or unknown answers with the question named', () => {
    try {
      scoreQuiz(LEARNING_UNITS[0]!, { q1: ['z'], q9: ['a'] }, 'p1', '2026-11-01');
      expect.fail('must refuse');
    } catch (e) {
      const paths = (e as AmtsklarError).problems.map((p) => p.path);
      expect(paths).toEqual(expect.arrayContaining(['$.answers.q1', '$.answers.q2', '$.answers.q9']));
    }
  });
});

describe('mayApproveAiAssistedDrafts', () => {
  it('allows a person with every required unit passed in the current version', () => {
    expect(mayApproveAiAssistedDrafts({ id: 'p1', name: 'Anna', completions: allPassed('p1', '2026-10-01T10:00:00Z') }, '2026-11-26').allowed).toBe(true);
  });

  it('refuses without records, with a failed unit, with an old major version, after 24 months, and for records of someone else', () => {
    const at = '2026-11-26';
    expect(mayApproveAiAssistedDrafts({ id: 'p1', completions: [] }, at).reasons).toHaveLength(8);
    const failed = allPassed('p1', '2026-10-01').map((c) => (c.unitId === 'bias-fairness' ? { ...c, passed: false } : c));
    expect(mayApproveAiAssistedDrafts({ id: 'p1', name: 'Anna', completions: failed }, at).reasons[1]).toBe('„Verzerrungen und Fairness“ ist nicht bestanden.');
    const old = allPassed('p1', '2026-10-01').map((c) => (c.unitId === 'datenschutz' ? { ...c, unitVersion: '0.9.0' } : c));
    expect(mayApproveAiAssistedDrafts({ id: 'p1', completions: old }, at).reasons[1]).toMatch(/älteren Fassung/);
    const stale = allPassed('p1', '2024-10-01');
    const r = mayApproveAiAssistedDrafts({ id: 'p1', completions: stale }, at);
    expect(r.allowed).toBe(false);
    expect(r.reasons[1]).toMatch(/gültig bis 01\.10\.2026/);
    expect(mayApproveAiAssistedDrafts({ id: 'p2', completions: allPassed('p1', '2026-10-01') }, at).allowed).toBe(false);
  });

  it('does not count a completion dated after the day asked about', () => {
    expect(literacyStatus('p1', allPassed('p1', '2026-12-01'), 'caseworker', '2026-11-26').ok).toBe(false);
    expect(literacyStatus('p1', allPassed('p1', '2026-12-01'), 'caseworker', '2026-12-01').ok).toBe(true);
  });

  it('keeps a later failed attempt from undoing an earlier pass', () => {
    const passes = allPassed('p1', '2026-10-01');
    const failedRetry = { ...passes[0]!, completedAt: '2026-11-01', passed: false, correct: 1 };
    expect(mayApproveAiAssistedDrafts({ id: 'p1', completions: [...passes, failedRetry] }, '2026-11-26').allowed).toBe(true);
  });
});
