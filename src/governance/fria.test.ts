import { describe, expect, it } from 'vitest';
import { FRIA_FORM, assessFria } from './fria.ts';
import { fullFria } from './test-support/world.ts';

describe('FRIA (Art. 27 KI-VO)', () => {
  it('has the six elements (a)–(f) as form sections, in order, each with its legal text', () => {
    expect(FRIA_FORM.map((s) => s.element)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    for (const s of FRIA_FORM) expect(s.legalText).toContain(`Art. 27 Abs. 1 Buchst. ${s.element}`);
  });

  it('accepts a complete, notified assessment', () => {
    const a = assessFria(fullFria('x'), ['p-anna', 'p-ben']);
    expect(a.problems).toEqual([]);
    expect(a.completeAndNotified).toBe(true);
  });

  it('reports per element what is missing', () => {
    const a = assessFria({ systemId: 'x', version: 1, affectedGroups: [{ id: 'g', name: 'Eltern', vulnerable: false }] });
    expect(a.complete).toBe(false);
    expect(Object.fromEntries(Object.entries(a.elements).map(([k, v]) => [k, v.complete]))).toEqual({ a: false, b: false, c: true, d: false, e: false, f: false });
    expect(a.elements.d.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['$.risks', '$.affectedGroups[0]', '$.providerInformationConsidered']));
  });

  it('checks consistency: risks name listed groups, every group is assessed, overseers come from the register, dates in order', () => {
    const f = fullFria('x');
    const a = assessFria(
      { ...f, period: { ...f.period, end: '2026-01-01' }, risks: [{ ...f.risks[0]!, group: 'unbekannt' }], oversight: { ...f.oversight, overseerPersonIds: ['p-fremd'] } },
      ['p-anna'],
    );
    const paths = a.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['$.period.end', '$.risks[0].group', '$.affectedGroups[0]', '$.affectedGroups[1]', '$.oversight.overseerPersonIds[0]']));
  });

  it('is complete but not notified without the notification of the market surveillance authority', () => {
    const a = assessFria({ ...fullFria('x'), notification: undefined });
    expect(a.complete).toBe(true);
    expect(a.completeAndNotified).toBe(false);
  });
});
