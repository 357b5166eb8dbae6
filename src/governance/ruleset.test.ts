import { describe, expect, it } from 'vitest';
import { AmtsklarError } from '../common/index.ts';
import { CHECK_NAMES } from './checks.ts';
import { RAW_RULES, parseRuleset } from './ruleset.ts';
import { RULES } from './rules.ts';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function paths(raw: typeof RAW_RULES): string[] {
  try {
    parseRuleset(raw, CHECK_NAMES);
  } catch (e) {
    expect(e).toBeInstanceOf(AmtsklarError);
    return (e as AmtsklarError).problems.map((p) => p.path);
  }
  return [];
}

describe('rule data', () => {
  it('loads the shipped rules with versions and both legal texts', () => {
    expect(RULES.rulesetVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(RULES.legalVersions.map((v) => v.id)).toEqual(['AIA-2024/1689-OJ', 'AIA-2024/1689-as-amended-2026/1744']);
    expect(RULES.obligations.length).toBeGreaterThan(25);
  });

  it('gives every AI-Act obligation a date under every legal version', () => {
    for (const o of RULES.obligations) {
      const keys = Object.keys(o.appliesFrom).sort();
      expect([['*'], ['AIA-2024/1689-OJ', 'AIA-2024/1689-as-amended-2026/1744']], o.id).toContainEqual(keys);
    }
  });

  it('rejects a condition on a label nothing sets', () => {
    const raw = clone(RAW_RULES);
    (raw.obligations as { obligations: { appliesIf: unknown }[] }).obligations[0]!.appliesIf = { label: 'hochrisko' };
    expect(paths(raw)).toContain('rules/obligations.json:$.obligations[0].appliesIf');
  });

  it('rejects an obligation without a date for one legal version, an unknown check and a missing basis', () => {
    const raw = clone(RAW_RULES);
    const obs = (raw.obligations as { obligations: Record<string, unknown>[] }).obligations;
    const fria = obs.findIndex((o) => o.id === 'HD-FRIA');
    obs[fria]!.appliesFrom = { 'AIA-2024/1689-OJ': '2026-08-02' };
    obs[fria]!.check = 'fria-vollstaendig';
    obs[fria]!.basis = [];
    const p = paths(raw);
    expect(p).toContain(`rules/obligations.json:$.obligations[${fria}].appliesFrom`);
    expect(p).toContain(`rules/obligations.json:$.obligations[${fria}].check`);
    expect(p).toContain(`rules/obligations.json:$.obligations[${fria}].basis`);
  });

  it('rejects an invalid date and a class list without a catch-all', () => {
    const raw = clone(RAW_RULES);
    (raw.obligations as { obligations: Record<string, unknown>[] }).obligations[1]!.appliesFrom = { '*': '2025-02-30' };
    (raw.derivations as { classes: unknown[] }).classes.pop();
    const p = paths(raw);
    expect(p).toContain('rules/obligations.json:$.obligations[1].appliesFrom.*');
    expect(p).toContain('rules/derivations.json:$.classes');
  });
});
