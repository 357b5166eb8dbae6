import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isAmtsklarError } from '../../common/index.ts';
import type { DecisionRecord, EqualitySurveyResponse, SensitiveAttribute } from '../model.ts';
import { generatePopulation } from '../population/generate.ts';
import { simulateDecisions } from '../simulate.ts';
import { wilsonInterval } from '../stats/proportions.ts';
import { buildFairnessReport } from './build.ts';
import { recoverableSmallCells } from './disclosure.ts';
import { renderReportHtml } from './html.ts';
import { signReport, verifyReport } from './sign.ts';
import type { LocationValue, RateValue } from './types.ts';

const PERIOD = { from: '2026-01', to: '2026-06' };

function decision(pseudonym: string, claim: boolean, amount: string | null, extra: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    system: 'wohngeld',
    period: '2026-03',
    pseudonym,
    claim,
    amount,
    routedToHuman: false,
    nachforderung: false,
    processingDays: 10,
    objectionFiled: false,
    changedOnObjection: false,
    ...extra,
  };
}

/** weiblich 40 (30 claims), männlich 50 (25 claims), divers 5, no survey 20. */
function smallWorld(): { decisions: DecisionRecord[]; surveys: EqualitySurveyResponse[] } {
  const decisions: DecisionRecord[] = [];
  const surveys: EqualitySurveyResponse[] = [];
  const add = (prefix: string, count: number, claims: number, gender: string | null, amount: (i: number) => string): void => {
    for (let i = 0; i < count; i++) {
      const p = `${prefix}${i}`;
      decisions.push(decision(p, i < claims, i < claims ? amount(i) : null, { processingDays: 5 + (i % 10) }));
      if (gender) surveys.push({ pseudonym: p, consent: true, answers: { gender } });
    }
  };
  add('w', 40, 30, 'weiblich', (i) => String(100 + i)); // 100 … 129
  add('m', 50, 25, 'maennlich', (i) => `${200 + i}.50`); // 200.50 … 224.50
  add('d', 5, 2, 'divers', () => '300');
  add('x', 20, 10, null, () => '150');
  // Not consented: answers must be ignored.
  surveys.push({ pseudonym: 'x0', consent: false, answers: { gender: 'weiblich' } });
  // Another system and another period: must not be counted.
  decisions.push(decision('other-system', true, '1', { system: 'kita-beitrag' }));
  decisions.push(decision('other-period', true, '1', { period: '2025-12' }));
  return { decisions, surveys };
}

describe('fairness report: numbers', () => {
  const { decisions, surveys } = smallWorld();
  const report = buildFairnessReport(decisions, surveys, {
    systemId: 'wohngeld',
    period: PERIOD,
    groupings: [['gender']],
    generatedAt: '2026-07-01T00:00:00.000Z',
  });
  const gender = report.groupings.find((g) => g.attributes.join() === 'gender')!;

  it('counts only the system and period asked for', () => {
    expect(report.population.decisions).toBe(115);
    expect((report.overall.claimRate as RateValue).numerator).toBe(67);
  });

  it('withholds the small group and, to protect it, the next smallest one', () => {
    expect(gender.groups.map((g) => g.key.gender)).toEqual(['weiblich', 'maennlich']);
    expect(gender.hiddenCells).toBe(2);
    expect(JSON.stringify(report)).not.toContain('divers');
  });

  it('computes rates with Wilson intervals and the largest stated group as reference', () => {
    const w = gender.groups.find((g) => g.key.gender === 'weiblich')!;
    const rate = w.metrics.claimRate as RateValue;
    expect(rate.value).toBe(0.75);
    const [lo, hi] = wilsonInterval(30, 40);
    expect(rate.ci95[0]).toBeCloseTo(lo, 5);
    expect(rate.ci95[1]).toBeCloseTo(hi, 5);
    expect(gender.reference).toEqual({ gender: 'maennlich' });
  });

  it('gives exact decimal means and medians of amounts', () => {
    const w = gender.groups.find((g) => g.key.gender === 'weiblich')!.metrics.amount as LocationValue;
    expect(w.n).toBe(30);
    expect(w.mean).toBe('114.50'); // (100 + 129) / 2
    expect(w.median).toBe('114.50');
    const m = gender.groups.find((g) => g.key.gender === 'maennlich')!.metrics.amount as LocationValue;
    expect(m.mean).toBe('212.50');
    expect(m.median).toBe('212.50');
    expect(m.medianCi95).toEqual(['207.50', '217.50']); // ranks 8 and 18 of 25 (binomial table)
  });

  it('compares each group with the reference: difference, ratio, test, Holm', () => {
    const d = report.disparities.find((x) => x.metric === 'claimRate' && x.group.gender === 'weiblich')!;
    expect(d.difference.value).toBeCloseTo(0.25, 6);
    expect(d.ratio!.value).toBeCloseTo(1.5, 6);
    expect(d.test.name).toBe('chi_square');
    expect(d.test.p).toBeCloseTo(0.015628869828028337, 6); // scipy chi2_contingency(correction=False)
    expect(d.test.pAdjusted).toBeGreaterThanOrEqual(d.test.p);
    const amounts = report.disparities.find((x) => x.metric === 'amount')!;
    expect(amounts.test.name).toBe('mann_whitney');
    expect(amounts.difference.value).toBe('-98.00');
    expect(amounts.test.p).toBeCloseTo(2.448351076788868e-10, 14); // scipy mannwhitneyu(method="asymptotic")
    expect(amounts.alarms).toContain('signifikant');
  });

  it('never calls the result fair, and says so when nothing is flagged', () => {
    const calm = buildFairnessReport(
      Array.from({ length: 200 }, (_, i) => decision(`p${i}`, i % 2 === 0, i % 2 === 0 ? '100' : null)),
      Array.from({ length: 200 }, (_, i) => ({ pseudonym: `p${i}`, consent: true, answers: { gender: i % 4 < 2 ? 'weiblich' : 'maennlich' } })),
      { systemId: 'wohngeld', period: PERIOD, groupings: [['gender']] },
    );
    expect(calm.summary.significant).toBe(0);
    const text = calm.interpretation.join(' ');
    expect(text).toContain('kein Nachweis');
    const html = renderReportHtml(calm);
    for (const s of [text, html, JSON.stringify(calm)]) {
      expect(s).not.toMatch(/\b(ist|sind|gilt als|wird als|als)\s+(fair|gerecht|diskriminierungsfrei|unbedenklich)\b/i);
      expect(s).not.toMatch(/"fair"\s*:/);
    }
  });

  it('rejects bad input with a German message naming the field', () => {
    const bad = [{ ...decision('a', true, '12.345') }];
    try {
      buildFairnessReport(bad, [], { systemId: 'wohngeld', period: PERIOD });
      expect.fail('should throw');
    } catch (e) {
      expect(isAmtsklarError(e)).toBe(true);
      expect((e as Error).message).toContain('$.entscheidungen[0].amount');
    }
    expect(() => buildFairnessReport([], [{ pseudonym: 'a', consent: true, answers: { gender: 'x' } }], { systemId: 'wohngeld', period: PERIOD })).toThrow(
      /\$\.befragung\[0\]\.answers\.gender/,
    );
    expect(() => buildFairnessReport([], [], { systemId: 'wohngeld', period: PERIOD, k: 5 })).toThrow(/\$\.k/);
    const twice = { pseudonym: 'a', consent: true, answers: {} };
    expect(() => buildFairnessReport([], [twice, twice], { systemId: 'wohngeld', period: PERIOD })).toThrow(/\$\.befragung\[1\]\.pseudonym/);
    expect(() => buildFairnessReport([{ ...decision('a', true, null), processingDays: -1 }], [], { systemId: 'wohngeld', period: PERIOD })).toThrow(
      /\$\.entscheidungen\[0\]\.processingDays/,
    );
    expect(() =>
      buildFairnessReport([{ ...decision('a', true, null), changedOnObjection: true }], [], { systemId: 'wohngeld', period: PERIOD }),
    ).toThrow(/\$\.entscheidungen\[0\]\.changedOnObjection/);
  });

  it('shows nothing when there are fewer than k decisions', () => {
    const tiny = buildFairnessReport([decision('a', true, '10')], [{ pseudonym: 'a', consent: true, answers: { gender: 'weiblich' } }], {
      systemId: 'wohngeld',
      period: PERIOD,
    });
    expect(tiny.population.shown).toBe(false);
    expect(tiny.population.decisions).toBe(0);
    expect(tiny.groupings.every((g) => g.groups.length === 0)).toBe(true);
    expect(tiny.overall).toEqual({});
  });
});

describe('fairness report: no output shows a group below k', () => {
  // A small municipality: 600 decisions, every attribute and every pair reported.
  const households = [...generatePopulation({ seed: 'scan', count: 600, from: '2026-01', to: '2026-06' })];
  const sim = simulateDecisions(households, { seed: 'scan' });
  // Make sure rare groups are there to be hidden: three people answering "divers".
  for (let i = 0; i < 3; i++) {
    sim.decisions.push({ ...sim.decisions[i]!, pseudonym: `rare-${i}` });
    sim.surveys.push({ pseudonym: `rare-${i}`, consent: true, answers: { gender: 'divers', ageGroup: '30-44', disability: 'ja' } });
  }
  const report = buildFairnessReport(sim.decisions, sim.surveys, { systemId: 'wohngeld', period: PERIOD });
  const html = renderReportHtml(report);

  const trueCount = (key: Partial<Record<SensitiveAttribute, string | null>>): number => {
    const answers = new Map(sim.surveys.map((s) => [s.pseudonym, s.consent ? s.answers : {}]));
    return sim.decisions.filter((d) =>
      (Object.entries(key) as [SensitiveAttribute, string | null][]).every(([a, v]) => (answers.get(d.pseudonym)?.[a] ?? null) === v),
    ).length;
  };

  it('has small groups in the data to hide (else this test proves nothing)', () => {
    expect(trueCount({ gender: 'divers' })).toBeGreaterThan(0);
    expect(trueCount({ gender: 'divers' })).toBeLessThan(10);
    expect(report.groupings.reduce((s, g) => s + g.hiddenCells, 0)).toBeGreaterThan(0);
  });

  it('JSON: every shown group has at least k members, counted independently from the raw data', () => {
    for (const g of report.groupings) {
      for (const group of g.groups) {
        expect(group.n).toBeGreaterThanOrEqual(10);
        expect(trueCount(group.key)).toBe(group.n);
      }
    }
  });

  it('JSON: no hidden group can be recovered by subtraction from the published numbers', () => {
    expect(recoverableSmallCells(report)).toEqual([]);
  });

  it('HTML: every count on the page is at least k', () => {
    const counts = [...html.matchAll(/n = (\d+)/g)].map((m) => Number(m[1]));
    expect(counts.length).toBeGreaterThan(0);
    for (const n of counts) expect(n).toBeGreaterThanOrEqual(10);
    // The "Personen" column of every group table.
    const tables = [...html.matchAll(/<table[^>]*>.*?<\/table>/gs)].map((m) => m[0]).filter((t) => /<th scope="col">Gruppe<\/th><th scope="col">Personen<\/th>/.test(t));
    expect(tables.length).toBeGreaterThan(10);
    const rows = tables.flatMap((t) => [...t.matchAll(/<tr><th scope="row">[^<]*<\/th><td>(\d+)<\/td>/g)].map((m) => Number(m[1])));
    expect(rows.length).toBeGreaterThan(0);
    for (const n of rows) expect(n).toBeGreaterThanOrEqual(10);
  });
});

describe('fairness report: signature and HTML', () => {
  const households = [...generatePopulation({ seed: 'html', count: 3000, from: '2026-01', to: '2026-06' })];
  const sim = simulateDecisions(households, { seed: 'html', bias: [{ when: { nationalityGroup: 'drittstaat' }, claim: -0.3 }] });
  const report = buildFairnessReport(sim.decisions, sim.surveys, { systemId: 'wohngeld', period: PERIOD, generatedAt: '2026-07-01T00:00:00.000Z' });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');

  it('signs the canonical JSON with Ed25519 and detects any change', () => {
    const signed = signReport(report, privateKey, 'fairness-2026');
    expect(verifyReport(signed, publicKey)).toBe(true);
    const tampered: typeof signed = JSON.parse(JSON.stringify(signed));
    tampered.report.summary.significant = 0;
    expect(verifyReport(tampered, publicKey)).toBe(false);
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(verifyReport(signed, other)).toBe(false);
    expect(signed.signature.reportHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('is deterministic: same data and options, same report and hash', () => {
    const again = buildFairnessReport(sim.decisions, sim.surveys, { systemId: 'wohngeld', period: PERIOD, generatedAt: '2026-07-01T00:00:00.000Z' });
    expect(again).toEqual(report);
    expect(signReport(again, privateKey, 'k').signature.reportHash).toBe(signReport(report, privateKey, 'k').signature.reportHash);
  });

  it('renders a self-contained, accessible page: charts with text alternatives and data tables, alarms in words', () => {
    const html = renderReportHtml(signReport(report, privateKey, 'fairness-2026'));
    expect(html).toMatch(/^<!doctype html><html lang="de">/);
    expect(html).not.toMatch(/<script|<link|src="http|href="http|@import|url\(http/i);
    const svgs = [...html.matchAll(/<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" role="img" aria-labelledby="([^"]+)"/g)];
    expect(svgs.length).toBeGreaterThan(5);
    for (const [, ids] of svgs) {
      const [title, desc] = ids!.split(' ');
      expect(html).toContain(`<title id="${title}">`);
      expect(html).toMatch(new RegExp(`<desc id="${desc}">[^<]{10,}`));
    }
    const figures = html.split('<figure>').slice(1);
    for (const f of figures) expect(f.slice(0, f.indexOf('</figure>'))).toMatch(/<table>|Daten zum Diagramm|data|<svg/);
    expect(figures.filter((f) => f.includes('<caption>Daten zum Diagramm')).length).toBeGreaterThan(5);
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    // The planted disparity is marked in words and by hatching, not by colour alone.
    expect(html).toContain('⚠ auffällig');
    expect(html).toContain('url(#hatch)');
    expect(html).toContain('statistisch auffällig (Holm)');
    expect(html).toContain('Signaturwert');
  });

  it('finds the planted disparity in this data set', () => {
    const flagged = report.disparities.find(
      (d) => d.metric === 'claimRate' && d.grouping.join() === 'nationalityGroup' && d.group.nationalityGroup === 'drittstaat',
    );
    expect(flagged?.alarms).toContain('signifikant');
    expect(report.fourFifths.some((f) => f.alarm && f.group.nationalityGroup === 'drittstaat')).toBe(true);
  });
});


