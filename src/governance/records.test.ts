import { describe, expect, it } from 'vitest';
import type { AmtsklarError } from '../common/index.ts';
import { incidentUpdateProblems, suspendingIncidents, validateIncident, type IncidentRecord } from './bundle.ts';
import { productSystems } from './product-systems.ts';
import { isStaffCouncilApproval, latestStaffCouncilRecord, validateStaffCouncilRecord, type StaffCouncilRecord } from './participation-records.ts';
import { classify } from './classify.ts';
import { RULES } from './rules.ts';
import { validateEntryContent } from './register.ts';
import { defaultSettings, validateSettings } from './settings.ts';
import { PACKS, PROFILE } from './test-support/fixtures.ts';

const paths = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as AmtsklarError).problems.map((p) => p.path);
  }
  return [];
};

describe('settings', () => {
  it('refuses AI log retention under six months (Art. 26(6) KI-VO) and unknown keys', () => {
    const s = defaultSettings(RULES);
    expect(validateSettings(s, RULES)).toEqual(s);
    expect(validateSettings({ ...s, aiLogRetentionMonths: 6 }, RULES).aiLogRetentionMonths).toBe(6);
    expect(paths(() => validateSettings({ ...s, aiLogRetentionMonths: 5 }, RULES))).toEqual(['$.aiLogRetentionMonths']);
    expect(paths(() => validateSettings({ ...s, aiLogRetentionMonths: 6.5, legalVersion: 'x', extra: 1 }, RULES))).toEqual(['$.extra', '$.legalVersion', '$.aiLogRetentionMonths']);
  });
});

describe('staff council records', () => {
  const r: StaffCouncilRecord = { systemId: 'a', informedAt: '2026-09-01', vote: 'approved-with-conditions', votedAt: '2026-10-01', conditions: ['Keine Leistungskontrolle einzelner Beschäftigter'], serviceAgreementRef: 'DV-7', recordedBy: 'pr', recordedAt: '2026-10-01T10:00:00Z' };

  it('validates a vote and counts a conditional approval as approval from its date', () => {
    expect(validateStaffCouncilRecord(r)).toBe(r);
    expect(isStaffCouncilApproval(r, '2026-10-01')).toBe(true);
    expect(isStaffCouncilApproval(r, '2026-09-30')).toBe(false);
    expect(paths(() => validateStaffCouncilRecord({ ...r, votedAt: '2026-08-01', conditions: [] }))).toEqual(['$.votedAt', '$.conditions']);
  });

  it('reads the latest record known on a day', () => {
    const later = { ...r, vote: 'rejected' as const, recordedAt: '2026-12-01T10:00:00Z', votedAt: '2026-12-01', conditions: [] };
    expect(latestStaffCouncilRecord([later, r], 'a')!.vote).toBe('rejected');
    expect(latestStaffCouncilRecord([later, r], 'a', '2026-11-30')!.vote).toBe('approved-with-conditions');
  });
});

describe('incidents', () => {
  const i: IncidentRecord = { id: 'v1', occurredAt: '2026-11-20', recordedAt: '2026-11-20T10:00:00Z', recordedBy: 'p', description: 'Falsche Empfehlung', serious: true, reportedTo: ['provider', 'market-surveillance'], suspendsUse: true, status: 'open' };
  it('requires reporting a serious incident to provider and authority, and a resolution when closed', () => {
    expect(validateIncident(i)).toBe(i);
    expect(paths(() => validateIncident({ ...i, reportedTo: ['provider'] }))).toEqual(['$.reportedTo']);
    expect(paths(() => validateIncident({ ...i, status: 'resolved' }))).toEqual(['$.resolvedAt', '$.resolution']);
    expect(suspendingIncidents({ systemId: 'a', incidents: [i, { ...i, id: 'v2', status: 'resolved', resolvedAt: '2026-11-21', resolution: 'Modell zurückgesetzt' }] }).map((x) => x.id)).toEqual(['v1']);
    expect(paths(() => validateIncident({ ...i, resolvedAt: '2026-11-21' }))).toEqual(['$.status']);
    expect(paths(() => validateIncident({ ...i, status: 'resolved', resolvedAt: '2026-11-19', resolution: 'x' }))).toEqual(['$.resolvedAt']);
  });

  it('keeps what happened when the same incident is recorded again: it may be resolved and reported further, not downgraded or rewritten', () => {
    const resolved: IncidentRecord = { ...i, reportedTo: ['provider', 'market-surveillance', 'data-protection'], status: 'resolved', resolvedAt: '2026-11-22', resolution: 'Modell zurückgesetzt' };
    expect(incidentUpdateProblems(i, resolved)).toEqual([]);
    const downgraded: IncidentRecord = { ...i, description: 'nichts passiert', serious: false, reportedTo: [], occurredAt: '2026-11-21' };
    expect(incidentUpdateProblems(i, downgraded).map((p) => p.path)).toEqual(['$.occurredAt', '$.description', '$.serious', '$.reportedTo']);
  });
});

describe('product systems', () => {
  it('describe the product’s own systems as valid register entries whose answers classify without error', () => {
    const systems = productSystems(PROFILE, PACKS);
    expect(systems.map((s) => s.id)).toEqual([
      'wohngeld-regelwerk', 'kita-beitrag-regelwerk', 'wohngeld-vollautomatisiert', 'kita-beitrag-vollautomatisiert', 'entwurfsassistent', 'buerger-chatbot', 'fairness-monitoring',
    ]);
    for (const s of systems) {
      expect(validateEntryContent(s.content), s.id).toEqual([]);
      expect(() => classify(RULES, { systemId: s.id, entryVersion: 1, entryMaterialHash: 'h', answers: s.answers, reasoning: s.reasoning, assessor: 'x', assessedAt: '2026-11-26' })).not.toThrow();
    }
  });

  it('prefill automated decisions only where SGB X or AO allow them directly, and use the pack’s procedural law', () => {
    const packs = [...PACKS, { id: 'gebuehr', version: '1', procedureLaw: 'vwvfg' as const, discretionPoints: [] }];
    const ids = productSystems(PROFILE, packs).map((s) => s.id);
    expect(ids).toContain('gebuehr-regelwerk');
    expect(ids).not.toContain('gebuehr-vollautomatisiert');
    const g = productSystems(PROFILE, packs).find((s) => s.id === 'gebuehr-regelwerk')!;
    expect(g.answers.D3).toBe('va-vwvfg');
    expect(g.content.legalBasis.map((l) => l.norm)).toContain('§ 35 VwVfG');
  });

  it('mention the discretion points of a pack in plain language', () => {
    const kita = productSystems(PROFILE, PACKS).find((s) => s.id === 'kita-beitrag-regelwerk')!;
    expect(kita.content.plainLanguage).toContain('§ 6 Beitragssatzung');
  });
});
