import { metricLabel } from './report/metrics.ts';
import type { Alarm, FairnessReport, SignedFairnessReport } from './report/types.ts';

/**
 * When a report becomes an alert for the system's owner in the AI register, and what the
 * public page says about it. Default: a difference that stays significant after the Holm
 * correction over all comparisons of the report — the one alarm whose false-alarm rate is
 * bounded (family-wise α per report; planted-bias.test.ts and alerts.test.ts). Four-fifths
 * and screening-band hints stay in the report for the reviewers but do not alert by
 * default: over a few hundred comparisons of small intersections they fire by chance in
 * most reports of unbiased decisions (four of five simulated unbiased quarters of 1 500
 * decisions had a four-fifths hint), and an alert that always fires is not read.
 */
export interface AlertThresholds {
  significant: boolean;
  fourFifths: boolean;
  screeningBand: boolean;
}

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = { significant: true, fourFifths: false, screeningBand: false };

/** The status the public transparency page shows for a system (src/governance/transparency.ts). */
export type FairnessStatus = 'unauffaellig' | 'auffaellig' | 'in-pruefung';

export interface FairnessAlert {
  reportId: string;
  reportHash: string;
  systemId: string;
  period: { from: string; to: string };
  significant: number;
  fourFifths: number;
  screeningBand: number;
  /** German sentences naming the compared groups (all of them published, n ≥ k). */
  findings: string[];
  /** The text that goes into the register as the incident's description. */
  description: string;
}

const MAX_FINDINGS = 5;

function alerting(alarms: readonly Alarm[], t: AlertThresholds): boolean {
  return (
    (t.significant && alarms.includes('signifikant')) ||
    (t.fourFifths && alarms.includes('vier_fuenftel_unterschritten')) ||
    (t.screeningBand && alarms.includes('ausserhalb_screening_band'))
  );
}

/**
 * The public status of a report: „in Prüfung" while no comparison could be made (too few
 * decisions or survey answers — nothing was tested, so nothing may be called
 * unremarkable), „auffällig" when an alert fires, otherwise „unauffällig" — which the
 * report itself qualifies: no alarm is no proof of equal treatment.
 */
export function reportStatus(report: FairnessReport, t: AlertThresholds = DEFAULT_ALERT_THRESHOLDS): FairnessStatus {
  if (report.summary.comparisons === 0) return 'in-pruefung';
  const { hits, fourFifths } = alarmsOf(report, t);
  return hits.length > 0 || fourFifths > 0 ? 'auffaellig' : 'unauffaellig';
}

function alarmsOf(r: FairnessReport, t: AlertThresholds) {
  const hits = r.disparities.filter((d) => alerting(d.alarms, t));
  const fourFifths = t.fourFifths ? r.fourFifths.filter((f) => f.alarm).length : 0;
  return { hits, fourFifths };
}

/** The alert a signed report raises, or null when no threshold is crossed. */
export function alertFor(signed: SignedFairnessReport, t: AlertThresholds = DEFAULT_ALERT_THRESHOLDS): FairnessAlert | null {
  const r = signed.report;
  const { hits, fourFifths } = alarmsOf(r, t);
  const significant = hits.filter((d) => d.alarms.includes('signifikant')).length;
  const screeningBand = hits.filter((d) => d.alarms.includes('ausserhalb_screening_band')).length;
  if (hits.length === 0 && fourFifths === 0) return null;
  // The strongest evidence first.
  const ranked = [...hits].sort((a, b) => a.test.pAdjusted - b.test.pAdjusted || a.grouping.length - b.grouping.length);
  const findings = ranked.slice(0, MAX_FINDINGS).map((d) => {
    const words = d.alarms.map((a) => ALARM_WORDS[a]).join(', ');
    return `${metricLabel(d.metric)}: „${d.groupLabel}“ ${formatValue(d.groupValue)} gegenüber „${d.referenceLabel}“ ${formatValue(d.referenceValue)} (${words}; p nach Holm ${d.test.pAdjusted < 0.0001 ? '< 0,0001' : d.test.pAdjusted.toFixed(4).replace('.', ',')}).`;
  });
  if (hits.length > MAX_FINDINGS) findings.push(`… und ${hits.length - MAX_FINDINGS} weitere Vergleiche mit Hinweis (siehe Bericht).`);
  const counts = [
    significant > 0 ? `${significant} statistisch auffällige${significant === 1 ? 'r' : ''} Vergleich${significant === 1 ? '' : 'e'} (Holm)` : null,
    fourFifths > 0 ? `${fourFifths} Gruppe${fourFifths === 1 ? '' : 'n'} unter vier Fünfteln der höchsten Anspruchsquote` : null,
    screeningBand > 0 ? `${screeningBand} Verhältnis${screeningBand === 1 ? '' : 'se'} außerhalb des Prüfbands` : null,
  ].filter((x): x is string => x !== null);
  const description = [
    `Fairness-Bericht ${r.reportId} über ${r.systemId}, ${r.period.from} bis ${r.period.to}: ${counts.join(', ')}.`,
    ...findings,
    'Ein Hinweis ist ein Anlass zur Prüfung durch Fachamt, Gleichstellungs- und Datenschutzbeauftragte, kein Nachweis einer Benachteiligung. ' +
      `Der signierte Bericht (Prüfsumme ${signed.signature.reportHash}) ist im Protokoll verzeichnet.`,
  ].join('\n');
  return { reportId: r.reportId, reportHash: signed.signature.reportHash, systemId: r.systemId, period: r.period, significant, fourFifths, screeningBand, findings, description };
}

const ALARM_WORDS: Record<Alarm, string> = {
  signifikant: 'statistisch auffällig',
  ausserhalb_screening_band: 'außerhalb des Prüfbands',
  vier_fuenftel_unterschritten: 'unter vier Fünfteln der höchsten Quote',
};

function formatValue(v: number | string): string {
  if (typeof v === 'number') return `${(v * 100).toFixed(1).replace('.', ',')} %`;
  return v.replace('.', ',');
}
