import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { alertFor, DEFAULT_ALERT_THRESHOLDS, reportStatus } from './alerts.ts';
import { generatePopulation } from './population/generate.ts';
import { buildFairnessReport } from './report/build.ts';
import { signReport } from './report/sign.ts';
import { simulateDecisions, type PlantedBias } from './simulate.ts';

const { privateKey } = generateKeyPairSync('ed25519');
const PERIOD = { from: '2026-01', to: '2026-03' };

function signedReport(seed: string, count: number, bias: PlantedBias[] = []) {
  const sim = simulateDecisions(generatePopulation({ seed, count, ...PERIOD }), { seed, bias });
  return signReport(buildFairnessReport(sim.decisions, sim.surveys, { systemId: 'wohngeld', period: PERIOD, generatedAt: '2026-04-01T00:00:00.000Z' }), privateKey, 'test');
}

/** Upper 99.9 % bound of a binomial(n, p) count: more alerts than this on unbiased data would mean a miscalibrated alert. */
function binomialUpper(n: number, p: number): number {
  let cdf = 0;
  let term = (1 - p) ** n;
  for (let k = 0; k <= n; k++) {
    cdf += term;
    if (cdf >= 0.999) return k;
    term *= ((n - k) / (k + 1)) * (p / (1 - p));
  }
  return n;
}

describe('alerts for the system owner', () => {
  it('fire on unbiased decisions no more often than the report-wide significance level allows', () => {
    const runs = 30;
    let alerts = 0;
    for (let i = 0; i < runs; i++) {
      const signed = signedReport(`unbiased-${i}`, 1500);
      const alert = alertFor(signed);
      if (alert) alerts++;
      expect(reportStatus(signed.report)).toBe(alert ? 'auffaellig' : 'unauffaellig');
    }
    expect(alerts).toBeLessThanOrEqual(binomialUpper(runs, 0.05));
  });

  it('fire on a planted disparity, naming the group with the strongest evidence first, in German, with the report hash', () => {
    let fired = 0;
    for (let i = 0; i < 10; i++) {
      const signed = signedReport(`biased-${i}`, 2000, [{ when: { nationalityGroup: 'drittstaat' }, claim: -0.25 }]);
      const alert = alertFor(signed);
      if (!alert) continue;
      fired++;
      expect(alert.findings[0]).toMatch(/^Anspruchsquote( der Berechtigten)?: „[^“]*Staatsangehörigkeit außerhalb der EU[^“]*“ [0-9,]+ % gegenüber .*p nach Holm/);
      expect(alert.description).toContain(signed.signature.reportHash);
      expect(alert.description).toMatch(/kein Nachweis einer Benachteiligung/);
      expect(alert.description).not.toMatch(/\bist fair|gerecht|diskriminierungsfrei/);
      expect(reportStatus(signed.report)).toBe('auffaellig');
    }
    expect(fired).toBeGreaterThanOrEqual(9);
  });

  it('four-fifths and screening-band hints alert only when asked to; nothing compared means „in Prüfung“', () => {
    const signed = signedReport('thresholds', 1500);
    const all = { significant: true, fourFifths: true, screeningBand: true };
    expect(DEFAULT_ALERT_THRESHOLDS).toEqual({ significant: true, fourFifths: false, screeningBand: false });
    const hinted = signed.report.disparities.some((d) => d.alarms.length > 0) || signed.report.fourFifths.some((f) => f.alarm);
    expect(hinted).toBe(true);
    expect(alertFor(signed, all)).not.toBeNull();
    const tiny = signedReport('tiny', 9);
    expect(tiny.report.summary.comparisons).toBe(0);
    expect(reportStatus(tiny.report)).toBe('in-pruefung');
    expect(alertFor(tiny, all)).toBeNull();
  });
});
