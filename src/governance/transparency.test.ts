import { describe, expect, it } from 'vitest';
import type { AmtsklarError } from '../common/index.ts';
import { RULES } from './rules.ts';
import { buildTransparencyView, type SystemFigures } from './transparency.ts';
import { readyProduct } from './test-support/world.ts';

const figures: SystemFigures = {
  period: { from: '2026-01-01', to: '2026-10-31' },
  decisions: 1200,
  decidedByHumans: 1050,
  objections: { filed: 40, upheld: 6, partlyUpheld: 2, rejected: 25, pending: 7 },
  fairness: { status: 'unauffaellig', reportDate: '2026-10-15', reportUrl: 'https://www.musterstadt.example/fairness/2026-q3' },
};

const view = (extra: Parameters<typeof buildTransparencyView>[1]['systems'] = []) =>
  buildTransparencyView(RULES, {
    municipality: { name: 'Musterstadt', contactEmail: 'ki-register@musterstadt.example' },
    generatedAt: '2026-11-26T10:00:00Z',
    systems: [
      { entry: readyProduct('wohngeld-regelwerk').state.entry, classification: readyProduct('wohngeld-regelwerk').state.classification!, figures },
      { entry: readyProduct('buerger-chatbot', 'consultation').state.entry, classification: readyProduct('buerger-chatbot').state.classification! },
      { entry: readyProduct('entwurfsassistent', 'draft').state.entry, classification: readyProduct('entwurfsassistent').state.classification! },
      ...extra,
    ],
  });

describe('transparency view', () => {
  it('shows published systems in plain language, active first, drafts hidden', () => {
    const v = view();
    expect(v.systems.map((s) => s.id)).toEqual(['wohngeld-regelwerk', 'buerger-chatbot']);
    expect(v.title).toBe('KI und Algorithmen in Musterstadt');
    const w = v.systems[0]!;
    expect(w.status).toEqual({ code: 'active', label: 'aktiv', since: '01.11.2026' });
    expect(w.summary).toMatch(/rechnet ein Computer-Programm nach festen Regeln/);
    expect(w.classification).toMatchObject({ code: 'not_ai_system', label: 'Kein KI-System im Sinne der KI-Verordnung', aiSystem: 'nein' });
    expect(w.classification.why).toEqual(expect.arrayContaining(['Es folgt Regeln oder Rechenverfahren, die Menschen festgelegt haben, und lernt nicht selbst.']));
    expect(w.classification.aiSystemWhy).toMatch(/ErwG 12/);
    expect(w.howToObject).toMatch(/Widerspruch/);
  });

  it('explains why the chatbot has transparency duties', () => {
    const chat = view().systems[1]!;
    expect(chat.classification.code).toBe('limited_risk');
    expect(chat.classification.why).toEqual(['Man spricht oder schreibt direkt mit ihm.', 'Es erzeugt Texte, Bilder oder Töne.']);
    expect(chat.status.label).toBe('in Beteiligung');
  });

  it('computes live figures exactly: share decided by humans, objection outcomes, fairness status', () => {
    const f = view().systems[0]!.figures!;
    expect(f.humanShare).toBe('87,5 %');
    expect(f.objectionSuccess).toBe('24,2 %'); // 8 of 33 decided objections
    expect(f.period).toBe('01.01.2026 bis 31.10.2026');
    expect(f.fairness).toEqual({ label: 'unauffällig', date: '15.10.2026', url: 'https://www.musterstadt.example/fairness/2026-q3' });
  });

  it('rounds half to even in tenths of a percent and shows nothing without decisions', () => {
    const e = readyProduct('fairness-monitoring').state;
    const mk = (decisions: number, decidedByHumans: number) =>
      view([{ entry: e.entry, classification: e.classification!, figures: { ...figures, decisions, decidedByHumans } }]).systems.find((s) => s.id === 'fairness-monitoring')!.figures!.humanShare;
    expect(mk(2000, 1)).toBe('0,0 %'); // 0.05 % → 0.0 (even)
    expect(mk(2000, 3)).toBe('0,2 %'); // 0.15 % → 0.2 (even)
    expect(mk(0, 0)).toBeNull();
  });

  it('counts only populations of at least k people: fewer decisions withhold every count, fewer objections their outcomes', () => {
    const e = readyProduct('fairness-monitoring').state;
    const of = (f: SystemFigures) => view([{ entry: e.entry, classification: e.classification!, figures: f }]).systems.find((s) => s.id === 'fairness-monitoring')!.figures!;
    const few = of({ ...figures, decisions: 1, decidedByHumans: 1, objections: { filed: 1, upheld: 1, partlyUpheld: 0, rejected: 0, pending: 0 } });
    expect(few).toMatchObject({ decisions: null, decidedByHumans: null, humanShare: null, objections: null, objectionSuccess: null });
    expect(few.withheld).toMatch(/Weniger als 10 Entscheidungen/);
    // the fairness status is about the reports, which suppress on their own: it stays
    expect(few.fairness?.label).toBe('unauffällig');
    expect(JSON.stringify(few)).not.toMatch(/:[1-9][,}]/);
    const someObjections = of({ ...figures, decisions: 10, decidedByHumans: 9, objections: { filed: 9, upheld: 2, partlyUpheld: 0, rejected: 6, pending: 1 } });
    expect(someObjections).toMatchObject({ decisions: 10, decidedByHumans: 9, humanShare: '90,0 %', objections: { filed: 9, upheld: null, partlyUpheld: null, rejected: null, pending: null }, objectionSuccess: null });
    expect(someObjections.withheld).toMatch(/Weniger als 10 Widersprüche/);
    // ten objections, but fewer than ten decided: the outcomes are counts of ten people, the success rate is not shown
    const pending = of({ ...figures, decisions: 100, decidedByHumans: 100, objections: { filed: 10, upheld: 2, partlyUpheld: 0, rejected: 6, pending: 2 } });
    expect(pending).toMatchObject({ objections: { filed: 10, upheld: 2, pending: 2 }, objectionSuccess: null, withheld: null });
    // none at all is a count of nobody
    expect(of({ ...figures, decisions: 0, decidedByHumans: 0, objections: { filed: 0, upheld: 0, partlyUpheld: 0, rejected: 0, pending: 0 } })).toMatchObject({ decisions: 0, humanShare: null, withheld: null });
    expect(view().systems[0]!.figures!.withheld).toBeNull();
  });

  it('does not show names of overseers', () => {
    expect(JSON.stringify(view())).not.toContain('Anna Berger');
  });

  it('refuses inconsistent figures with the field named', () => {
    const e = readyProduct('fairness-monitoring').state;
    try {
      view([{ entry: e.entry, classification: e.classification!, figures: { ...figures, decidedByHumans: 5000, objections: { ...figures.objections, pending: 1 } } }]);
      expect.fail('must refuse');
    } catch (err) {
      expect((err as AmtsklarError).problems.map((p) => p.path)).toEqual(['$.systems[3].figures.decidedByHumans', '$.systems[3].figures.objections']);
    }
  });
});
