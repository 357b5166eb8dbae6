import type { CellSums, MomentSums } from '../grouping.ts';
import type { LocationMetric, MetricInfo, RateMetric } from './types.ts';

export interface RateSpec {
  id: RateMetric;
  numerator: (s: CellSums) => Float64Array;
  denominator: (s: CellSums) => Float64Array;
}

export interface LocationSpec {
  id: LocationMetric;
  moments: (s: CellSums) => MomentSums;
  /** Values are stored in this many hundredths (cents for euros, 1 for days). */
  scale: 100 | 1;
  /** Decimal places of the published mean. */
  decimals: 2 | 1;
}

export const RATE_METRICS: readonly RateSpec[] = [
  { id: 'claimRate', numerator: (s) => s.claim, denominator: (s) => s.n },
  { id: 'equalOpportunity', numerator: (s) => s.entitledGranted, denominator: (s) => s.entitled },
  { id: 'routedToHumanRate', numerator: (s) => s.routed, denominator: (s) => s.n },
  { id: 'nachforderungRate', numerator: (s) => s.nachforderung, denominator: (s) => s.n },
  { id: 'objectionRate', numerator: (s) => s.objection, denominator: (s) => s.n },
  { id: 'changedOnObjectionRate', numerator: (s) => s.changed, denominator: (s) => s.objection },
];

export const LOCATION_METRICS: readonly LocationSpec[] = [
  { id: 'amount', moments: (s) => s.amount, scale: 100, decimals: 2 },
  { id: 'processingDays', moments: (s) => s.days, scale: 1, decimals: 1 },
];

export const METRIC_INFO: readonly MetricInfo[] = [
  {
    id: 'claimRate',
    label: 'Anspruchsquote',
    description: 'Anteil der Entscheidungen mit Anspruch (begünstigendes Ergebnis) an allen Entscheidungen der Gruppe.',
    favourable: 'higher',
  },
  {
    id: 'equalOpportunity',
    label: 'Anspruchsquote der Berechtigten',
    description:
      'Anteil der Personen, die schon im ersten Bescheid einen Anspruch erhielten, an allen, denen nach Abschluss eines Widerspruchs ein Anspruch zusteht (Chancengleichheit, „equal opportunity“). Berichtigt ist nur, wer Widerspruch eingelegt hat.',
    favourable: 'higher',
  },
  {
    id: 'routedToHumanRate',
    label: 'Anteil an Sachbearbeitung übergeben',
    description: 'Anteil der Fälle, die das System wegen Ermessen oder Unklarheit an eine Person übergeben hat.',
    favourable: 'neutral',
  },
  {
    id: 'nachforderungRate',
    label: 'Nachforderungsquote',
    description: 'Anteil der Fälle, in denen Unterlagen oder Angaben nachgefordert wurden.',
    favourable: 'lower',
  },
  {
    id: 'objectionRate',
    label: 'Widerspruchsquote',
    description: 'Anteil der Entscheidungen, gegen die Widerspruch eingelegt wurde.',
    favourable: 'neutral',
  },
  {
    id: 'changedOnObjectionRate',
    label: 'Anteil auf Widerspruch geändert',
    description: 'Anteil der Widersprüche, die zu einer geänderten Entscheidung führten.',
    favourable: 'lower',
  },
  {
    id: 'amount',
    label: 'Bewilligter Betrag',
    description: 'Monatlicher Betrag bei Anspruch (Mittelwert und Median).',
    favourable: 'higher',
    unit: 'EUR',
  },
  {
    id: 'processingDays',
    label: 'Bearbeitungsdauer',
    description: 'Kalendertage vom vollständigen Antrag bis zur Entscheidung (Mittelwert und Median).',
    favourable: 'lower',
    unit: 'Tage',
  },
];

export function metricLabel(id: string): string {
  return METRIC_INFO.find((m) => m.id === id)?.label ?? id;
}
