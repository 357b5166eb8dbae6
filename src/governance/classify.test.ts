import { describe, expect, it } from 'vitest';
import { AmtsklarError } from '../common/index.ts';
import { classify, isClassificationCurrent, type ClassificationInput } from './classify.ts';
import { RULES } from './rules.ts';
import { AI_DEFAULTS } from './test-support/fixtures.ts';

const base = (over: Partial<ClassificationInput> = {}): ClassificationInput => ({
  systemId: 'sozialhilfe-ml',
  entryVersion: 3,
  entryMaterialHash: 'sha256:abc',
  answers: { ...AI_DEFAULTS, H1: ['5a-public-benefits'], H2: 'no', H3: 'none', G5: 'no', D1: 'yes', D2: 'L1', D3: 'va-sgb-x', G1: 'personal' },
  assessor: 'dsb',
  assessedAt: '2026-11-26T09:00:00Z',
  ...over,
});

function problemsOf(f: () => unknown): { path: string; message: string }[] {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AmtsklarError);
    return [...(e as AmtsklarError).problems];
  }
  throw new Error('expected an AmtsklarError');
}

describe('classify', () => {
  it('dates obligations by the legal version: the 2026 amendments moved Annex III duties to 2 Dec 2027', () => {
    const amended = classify(RULES, base());
    const original = classify(RULES, base({ legalVersion: 'AIA-2024/1689-OJ' }));
    const fria = (c: typeof amended) => c.obligations.find((o) => o.id === 'HD-FRIA')!;
    expect(amended.legalVersion).toBe('AIA-2024/1689-as-amended-2026/1744');
    expect(fria(amended).appliesFrom).toBe('2027-12-02');
    expect(fria(amended).applicableOnAssessment).toBe(false);
    expect(fria(original).appliesFrom).toBe('2026-08-02');
    expect(fria(original).applicableOnAssessment).toBe(true);
    expect(amended.obligations.find((o) => o.id === 'LIT-1')!.appliesFrom).toBe('2025-02-02');
    expect(amended.obligations.find((o) => o.id === 'GD-22')!.appliesFrom).toBe('2018-05-25');
    expect(amended.obligations.find((o) => o.id === 'POL-REG')!.appliesFrom).toBeNull();
  });

  it('records why: each answer with its basis and each derivation that fired', () => {
    const c = classify(RULES, base());
    expect(c.reasons.find((r) => r.source === 'H1')!.basis).toContain('Anhang III Nr. 5 Buchst. a KI-VO');
    expect(c.reasons.map((r) => r.source)).toContain('DER-HIGH-RISK-ANNEX-III');
    expect(c.reasons.map((r) => r.source)).toContain('DER-FRIA-SCOPE');
    expect(c.obligations.find((o) => o.id === 'HD-FRIA')!.because).toContain('fria-required');
    expect(c.annexIII).toEqual(['5a-public-benefits']);
    expect(c.aiSystem.decision).toBe('ai-system');
  });

  it('is deterministic: same answers, same hash; a different answer, a different hash', () => {
    expect(classify(RULES, base()).hash).toBe(classify(RULES, base()).hash);
    expect(classify(RULES, base()).hash).not.toBe(classify(RULES, base({ answers: { ...base().answers, G1: 'none' } })).hash);
  });

  it('requires a reasoned decision when a system is declared not to be an AI system', () => {
    const answers = { S1: 'human-defined-rules', S2: 'none', R1: 'in-house', P1: ['none'], D1: 'no', G1: 'none', G2: 'no', G3: 'no', G4: 'no' };
    const problems = problemsOf(() => classify(RULES, base({ answers })));
    expect(problems).toEqual([expect.objectContaining({ path: '$.reasoning.S1' })]);
    const c = classify(RULES, base({ answers, reasoning: { S1: 'Entscheidungstabelle, die das Gesetz abbildet; kein Lernen.' } }));
    expect(c.riskClass).toBe('not_ai_system');
    expect(c.aiSystem).toMatchObject({ decision: 'not-ai-system', reasoning: 'Entscheidungstabelle, die das Gesetz abbildet; kein Lernen.' });
  });

  it('names every problem: missing answers, unknown options, answers to questions that are not asked, exclusive options', () => {
    const problems = problemsOf(() =>
      classify(RULES, base({ answers: { ...AI_DEFAULTS, S1: 'magic', P1: ['none', 'c-social-scoring'], D2: 'L1', X9: 'yes', H1: ['none'], T1: undefined as unknown as string } })),
    );
    const paths = problems.map((p) => p.path);
    expect(paths).toContain('$.answers.S1');
    expect(paths).toContain('$.answers.P1');
    expect(paths).toContain('$.answers.D2');
    expect(paths).toContain('$.answers.X9');
    expect(paths).toContain('$.answers.T1');
    expect(problems.find((p) => p.path === '$.answers.X9')!.message).toBe('Unbekannte Frage.');
  });

  it('refuses an unknown legal version', () => {
    expect(problemsOf(() => classify(RULES, base({ legalVersion: 'AIA-1999' })))[0]!.path).toBe('$.legalVersion');
  });

  it('treats "unsure" as an AI system and keeps the open point', () => {
    const c = classify(RULES, base({ answers: { ...AI_DEFAULTS, S1: 'unsure' }, reasoning: { S1: 'Anbieter hat noch nicht geantwortet.' } }));
    expect(c.aiSystem.decision).toBe('unsure-treated-as-ai-system');
    expect(c.openPoints[0]).toContain('Anbieter hat noch nicht geantwortet.');
    expect(c.obligations.map((o) => o.id)).toContain('LIT-1');
  });

  it('is current only for the material content it assessed', () => {
    const c = classify(RULES, base());
    expect(isClassificationCurrent(c, { id: 'sozialhilfe-ml', materialHash: 'sha256:abc' })).toBe(true);
    expect(isClassificationCurrent(c, { id: 'sozialhilfe-ml', materialHash: 'sha256:def' })).toBe(false);
  });
});
