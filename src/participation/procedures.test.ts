import { describe, expect, it } from 'vitest';
import { AmtsklarError } from '../common/index.ts';
import { validateStaffCouncilRecord } from '../governance/index.ts';
import { countFeedback, routeFeedback, type RoutableEntry } from './feedback.ts';
import { PACKAGE_ITEMS, type StaffCouncilProcedure } from './model.ts';
import { mayBeAssigned, pickAssignee } from './objections.ts';
import { callConciliation, checkPackage, deliberate, governanceRecord, inform, needsRenewal, vote } from './staff-council.ts';
import { redactPersonalData } from './text-guard.ts';

const TODAY = '2026-05-20';
const FULL = PACKAGE_ITEMS.map((item) => (item === 'fria' ? { item, notApplicable: 'Kein Hochrisiko-System, keine FRIA-Pflicht.' } : { item, ref: `dms:${item}` }));
const base = { id: 'p1', municipalityId: 'm', createdBy: 'admin', now: `${TODAY}T08:00:00Z` };
const entry = { id: 'entwurfsassistent', version: 4, materialHash: 'sha256:a' };

function paths(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof AmtsklarError) return e.problems.map((p) => p.path);
    throw e;
  }
  throw new Error('no error');
}

describe('staff council procedure', () => {
  it('needs the complete information package; the system description and the draft agreement can never be waived', () => {
    expect(checkPackage(FULL)).toHaveLength(PACKAGE_ITEMS.length);
    expect(paths(() => checkPackage(FULL.slice(1)))).toEqual(['$.package']);
    const waived = FULL.map((x) => (x.item === 'dv-entwurf' ? { item: x.item, notApplicable: 'Brauchen wir nicht, sagt die IT.' } : x));
    expect(paths(() => checkPackage(waived))).toEqual(['$.package[7].notApplicable']);
    expect(paths(() => checkPackage([...FULL, { item: 'zweck', ref: 'x' }]))).toEqual(['$.package[8].item']);
  });

  it('runs informed → deliberation → refusal → Einigungsstelle → approval with the service agreement, each step checked', () => {
    let p: StaffCouncilProcedure = inform({ informedOn: '2026-04-01', package: FULL }, entry, null, TODAY, base);
    expect(governanceRecord(p)).toEqual({ systemId: 'entwurfsassistent', informedAt: '2026-04-01', vote: 'pending', conditions: [] });
    expect(() => inform({ informedOn: '2026-04-02', package: FULL }, entry, p, TODAY, base)).toThrow(/läuft bereits/);
    expect(paths(() => deliberate(p, { on: '2026-03-01', note: 'Zu früh erörtert.' }, TODAY))).toEqual(['$.on']);
    p = deliberate(p, { on: '2026-04-10', note: 'Keine Auswertung der Protokolle je Person.' }, TODAY);
    expect(p.status).toBe('deliberation');
    expect(paths(() => vote(p, { result: 'approved', on: '2026-04-20' }, TODAY))).toEqual(['$.serviceAgreement']);
    expect(paths(() => vote(p, { result: 'approved-with-conditions', on: '2026-04-20', serviceAgreement: { ref: 'DV-1', concludedOn: '2026-04-20' } }, TODAY))).toEqual(['$.conditions']);
    expect(paths(() => vote(p, { result: 'approved', on: '2026-06-01', serviceAgreement: { ref: 'DV-1', concludedOn: '2026-04-20' } }, TODAY))).toEqual(['$.on']);
    p = vote(p, { result: 'rejected', on: '2026-04-20' }, TODAY);
    expect(governanceRecord(p)).toMatchObject({ vote: 'rejected', votedAt: '2026-04-20' });
    expect(() => vote(p, { result: 'approved', on: '2026-04-21' }, TODAY)).toThrow(/bereits beschlossen/);
    p = callConciliation(p, { calledOn: '2026-04-25', note: 'Einigungsstelle angerufen.' }, TODAY);
    expect(governanceRecord(p).vote).toBe('pending');
    p = vote(p, { result: 'approved-with-conditions', on: '2026-05-10', conditions: ['Keine Leistungskontrolle'], serviceAgreement: { ref: 'DV-KI-2026', concludedOn: '2026-05-10', basedOnTemplate: 'dv-amtsklar@2026-1' } }, TODAY);
    const record = governanceRecord(p);
    expect(record).toEqual({ systemId: 'entwurfsassistent', informedAt: '2026-04-01', vote: 'approved-with-conditions', votedAt: '2026-05-10', conditions: ['Keine Leistungskontrolle'], serviceAgreementRef: 'DV-KI-2026' });
    // The governance core accepts what the procedure writes.
    expect(validateStaffCouncilRecord({ ...record, recordedBy: 'admin', recordedAt: `${TODAY}T09:00:00Z` })).toBeTruthy();
    expect(needsRenewal(p, 'sha256:a')).toBe(false);
    expect(needsRenewal(p, 'sha256:b')).toBe(true);
    // A concluded procedure can be followed by a new one (after a material change).
    expect(inform({ informedOn: TODAY, package: FULL }, { ...entry, materialHash: 'sha256:b' }, p, TODAY, { ...base, id: 'p2' }).status).toBe('informed');
  });
});

describe('feedback routing and counting', () => {
  const entries: RoutableEntry[] = [
    { id: 'fairness-monitoring', status: 'active', packs: ['wohngeld', 'kita-beitrag'], features: [] },
    { id: 'wohngeld-vollautomatisiert', status: 'active', packs: ['wohngeld'], features: ['automated-decisions'] },
    { id: 'entwurfsassistent', status: 'active', packs: ['wohngeld', 'kita-beitrag'], features: ['drafting'] },
    { id: 'wohngeld-regelwerk', status: 'draft', packs: ['wohngeld'], features: [] },
    { id: 'buerger-chatbot', status: 'consultation', packs: [], features: ['chatbot'] },
  ];
  it('goes to the system that produced what was rated', () => {
    expect(routeFeedback('decision', 'wohngeld', entries)).toBe('wohngeld-regelwerk');
    expect(routeFeedback('explanation', 'wohngeld', entries)).toBe('wohngeld-regelwerk');
    expect(routeFeedback('letter', 'wohngeld', entries)).toBe('entwurfsassistent');
    expect(routeFeedback('letter', 'wohngeld', entries.filter((e) => e.id !== 'entwurfsassistent'))).toBe('wohngeld-regelwerk');
    expect(routeFeedback('chatbot-answer', null, entries)).toBe('buerger-chatbot');
    expect(routeFeedback('decision', 'kita-beitrag', entries)).toBe('fairness-monitoring');
    expect(routeFeedback('decision', 'gebuehr', entries)).toBeNull();
  });
  it('counts per rating and subject, with the mean in German, half to even', () => {
    const c = countFeedback([
      { rating: 5, subject: 'decision', status: 'done' },
      { rating: 4, subject: 'letter', status: 'new' },
      { rating: 4, subject: 'letter', status: 'new' },
      { rating: 2, subject: 'chatbot-answer', status: 'in_progress' },
    ]);
    expect(c).toEqual({ total: 4, averageRating: '3,8', byRating: { 1: 0, 2: 1, 3: 0, 4: 2, 5: 1 }, bySubject: { decision: 1, letter: 2, explanation: 0, 'chatbot-answer': 1 }, handled: 1 });
    // 3.75 → 3,8; 3.25 → 3,2 (half to even on tenths)
    expect(countFeedback([4, 4, 3, 2].map((rating) => ({ rating, subject: 'decision' as const, status: 'new' as const }))).averageRating).toBe('3,2');
    expect(countFeedback([]).averageRating).toBeNull();
  });
  it('stores only redacted text, with the kinds removed named in German', () => {
    const r = redactPersonalData('Herr Meier war freundlich, meine Nummer ist 0151 23456789.', [{ category: 'name', value: 'Jonas Meier' }], '$.text');
    expect(r.text).toBe('Herr [Name entfernt] war freundlich, meine Nummer ist [Telefonnummer entfernt].');
    expect(r.removed).toEqual(['Name', 'Telefonnummer']);
  });
});

describe('objection routing', () => {
  const team = [
    { id: 'a', role: 'caseworker' as const, active: true, openObjections: 2 },
    { id: 'b', role: 'caseworker' as const, active: true, openObjections: 1 },
    { id: 'c', role: 'team_lead' as const, active: true, openObjections: 0 },
    { id: 'd', role: 'caseworker' as const, active: false, openObjections: 0 },
  ];
  it('picks an active person who had no part in the decision, the least loaded, caseworkers before the team lead', () => {
    expect(pickAssignee(team, new Set())).toBe('c');
    expect(pickAssignee(team.map((x) => ({ ...x, openObjections: 1 })), new Set())).toBe('a');
    expect(pickAssignee(team, new Set(['c']))).toBe('b');
    expect(pickAssignee(team, new Set(['a', 'b', 'c']))).toBeNull();
    expect(mayBeAssigned(team[0], new Set(['a']))).toMatch(/nicht beteiligt war/);
    expect(mayBeAssigned(team[3], new Set())).toMatch(/gehört nicht/);
    expect(mayBeAssigned(team[1], new Set(['a']))).toBeNull();
  });
});
